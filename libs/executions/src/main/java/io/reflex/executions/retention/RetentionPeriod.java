package io.reflex.executions.retention;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a retention period: a whole number of days as StackStorm writes its TTLs ({@code 30}), or a
 * number with a unit ({@code 30d}, {@code 12h}, {@code 90m}, {@code 45s}, {@code 2w}). {@code 0} (in any
 * unit) is zero, which the gc reads as "never delete this kind".
 */
public final class RetentionPeriod {
    private static final Pattern FORM = Pattern.compile("^(\\d{1,9})\\s*(s|m|h|d|w)?$");

    private RetentionPeriod() {}

    /** @throws IllegalArgumentException saying what a period looks like */
    public static Duration parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a period: write days (30) or a number with a unit"
                    + " (30d, 12h, 90m, 45s, 2w)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "d" : m.group(2);
        return switch (unit) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "w" -> Duration.ofDays(7 * n);
            default -> Duration.ofDays(n);
        };
    }

    /** A period as the shortest exact text: {@code 30d}, {@code 12h}, {@code 0}. */
    public static String format(Duration period) {
        long s = period.toSeconds();
        if (s == 0) {
            return "0";
        }
        if (s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s % 3_600 == 0) {
            return s / 3_600 + "h";
        }
        return s % 60 == 0 ? s / 60 + "m" : s + "s";
    }
}
