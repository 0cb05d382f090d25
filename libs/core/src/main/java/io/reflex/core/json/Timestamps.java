package io.reflex.core.json;

import java.time.Clock;
import java.time.Instant;
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

    public static String format(Instant instant) {
        return FORMAT.format(instant);
    }

    /**
     * Parses StackStorm's timestamp forms, or any ISO-8601 instant with an offset.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public static Instant parse(String text) {
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
}
