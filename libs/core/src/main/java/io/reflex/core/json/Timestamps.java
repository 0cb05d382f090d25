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

    /** Length of the stored form, {@code 2024-01-01T10:00:00.123000Z}. */
    private static final int STORED_LENGTH = 27;

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

    /** {@code 2024-01-01T10:00:00.123000Z}: microseconds, always 27 characters for the years 1 to 9999. */
    public static String format(Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
        if (t.getYear() < 1 || t.getYear() > 9999) {
            return FORMAT.format(instant);
        }
        // written by hand: this runs for every timestamp of every record written, and a formatter costs more
        char[] out = new char[STORED_LENGTH];
        put(out, 0, t.getYear(), 4);
        out[4] = '-';
        put(out, 5, t.getMonthValue(), 2);
        out[7] = '-';
        put(out, 8, t.getDayOfMonth(), 2);
        out[10] = 'T';
        put(out, 11, t.getHour(), 2);
        out[13] = ':';
        put(out, 14, t.getMinute(), 2);
        out[16] = ':';
        put(out, 17, t.getSecond(), 2);
        out[19] = '.';
        put(out, 20, t.getNano() / 1000, 6);
        out[26] = 'Z';
        return new String(out);
    }

    private static void put(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
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
     * The form {@link #format} writes, read without a regular expression (every stored record holds several);
     * null when {@code text} is not exactly that form or not a valid date, so that the general path parses it
     * or names it.
     */
    private static Instant parseStored(String t) {
        if (t.length() != STORED_LENGTH
                || t.charAt(4) != '-'
                || t.charAt(7) != '-'
                || t.charAt(10) != 'T'
                || t.charAt(13) != ':'
                || t.charAt(16) != ':'
                || t.charAt(19) != '.'
                || t.charAt(26) != 'Z') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        int micros = digits(t, 20, 6);
        if ((year | month | day | hour | minute | second | micros) < 0) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, micros * 1000)
                    .toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The decimal number in {@code width} characters from {@code at}; -1 when one is not a digit. */
    private static int digits(String t, int at, int width) {
        int value = 0;
        for (int i = at; i < at + width; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
