package io.reflex.core.json;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * Timestamps as Reflex stores and prints them. Stored instants have millisecond precision (what a
 * MongoDB date holds, so a value survives a round trip unchanged); they are printed the StackStorm way,
 * {@code 2024-01-01T10:00:00.123000Z}. Parsing accepts StackStorm's incoming forms.
 */
public final class Timestamps {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    /** StackStorm's accepted input form: date, T or space, time, optional fraction, a UTC designator. */
    private static final Pattern INPUT = Pattern.compile(
            "^(\\d{4}-\\d{2}-\\d{2})[\\sT](\\d{2}:\\d{2}:\\d{2})(\\.\\d{1,9})?(Z|\\+00|\\+0000|\\+00:00)$");

    /**
     * The stored form with every digit zero; its fields (year, month, day, hour, minute, second, microsecond)
     * start at {@link #FIELD_AT} and are {@link #FIELD_WIDTH} digits wide.
     */
    private static final String STORED = "0000-00-00T00:00:00.000000Z";

    private static final Instant BEFORE_FIXED =
            Instant.parse("0001-01-01T00:00:00Z").minusNanos(1);
    private static final Instant AFTER_FIXED = Instant.parse("+10000-01-01T00:00:00Z");

    private static final int[] FIELD_AT = {0, 5, 8, 11, 14, 17, 20};
    private static final int[] FIELD_WIDTH = {4, 2, 2, 2, 2, 2, 6};

    private Timestamps() {}

    /** Now, truncated to what the store keeps. */
    public static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    public static Instant now() {
        return now(Clock.systemUTC());
    }

    /** Truncates to stored precision; null stays null. */
    public static Instant stored(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS);
    }

    /** Whether {@link #format} writes {@code instant} in the fixed-width form: its year is 1 to 9999. */
    public static boolean fixedWidth(Instant instant) {
        return instant.isAfter(BEFORE_FIXED) && instant.isBefore(AFTER_FIXED);
    }

    /** {@code 2024-01-01T10:00:00.123000Z}: microseconds, always 27 characters for the years 1 to 9999. */
    public static String format(Instant instant) {
        if (!fixedWidth(instant)) {
            return FORMAT.format(instant);
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
        // written by hand: this runs for every timestamp of every record written, and a formatter costs more
        int[] values = {
            t.getYear(),
            t.getMonthValue(),
            t.getDayOfMonth(),
            t.getHour(),
            t.getMinute(),
            t.getSecond(),
            t.getNano() / 1000
        };
        char[] out = STORED.toCharArray();
        for (int f = 0; f < values.length; f++) {
            int value = values[f];
            for (int i = FIELD_AT[f] + FIELD_WIDTH[f] - 1; i >= FIELD_AT[f]; i--) {
                out[i] = (char) ('0' + value % 10);
                value /= 10;
            }
        }
        return new String(out);
    }

    /**
     * Parses StackStorm's timestamp forms, or any ISO-8601 instant with an offset.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public static Instant parse(String text) {
        Instant stored = parseStored(text);
        if (stored != null) {
            return stored;
        }
        var m = INPUT.matcher(text.trim());
        try {
            if (m.matches()) {
                String fraction = m.group(3) == null ? "" : m.group(3);
                return Instant.parse(m.group(1) + "T" + m.group(2) + fraction + "Z");
            }
            return java.time.OffsetDateTime.parse(text.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("invalid timestamp '" + text + "'", e);
        }
    }

    /**
     * The form {@link #format} writes, read without a regular expression (every stored record holds several):
     * {@link #STORED}'s separators where it has them, digits where it has zeros. Null when {@code text} is not
     * exactly that form or not a valid date, so that the general path parses it or names it.
     */
    private static Instant parseStored(String text) {
        if (text.length() != STORED.length()) {
            return null;
        }
        for (int i = 0; i < STORED.length(); i++) {
            char c = text.charAt(i);
            if (STORED.charAt(i) == '0' ? c < '0' || c > '9' : c != STORED.charAt(i)) {
                return null;
            }
        }
        int[] v = new int[FIELD_AT.length];
        for (int f = 0; f < v.length; f++) {
            for (int i = FIELD_AT[f]; i < FIELD_AT[f] + FIELD_WIDTH[f]; i++) {
                v[f] = v[f] * 10 + (text.charAt(i) - '0');
            }
        }
        try {
            return LocalDateTime.of(v[0], v[1], v[2], v[3], v[4], v[5], v[6] * 1000)
                    .toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }
}
