package io.reflex.rulesengine.timers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a timer trigger's parameters into its {@link Schedule}, and the date and time conventions StackStorm's
 * timers inherit from Python: APScheduler's date strings, pytz's placing of local times, {@code str(datetime)}.
 */
final class Schedules {
    /** APScheduler's {@code convert_to_datetime} form: date, optionally time, fraction and offset. */
    private static final Pattern DATE = Pattern.compile("^(\\d{4})-(\\d{1,2})-(\\d{1,2})"
            + "(?:[ T](\\d{1,2}):(\\d{1,2}):(\\d{1,2})(?:\\.(\\d{1,6}))?(Z|[+-]\\d\\d:\\d\\d)?)?$");

    private static final DateTimeFormatter PY_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Schedules() {}

    /**
     * The schedule of a timer of type {@code type} with {@code parameters}; a {@code timezone} parameter
     * overrides {@code defaultZone}.
     *
     * @throws IllegalArgumentException saying which parameter is wrong
     */
    static Schedule of(String type, ObjectNode parameters, ZoneId defaultZone) {
        ZoneId zone = zone(parameters, defaultZone);
        return switch (type) {
            case TimerTypes.INTERVAL -> new IntervalSchedule(unit(parameters), delta(parameters), zone);
            case TimerTypes.DATE -> new DateSchedule(date(text(parameters, "date"), zone));
            case TimerTypes.CRON -> new CronSchedule(CronFields.translate(parameters), zone);
            default -> throw new IllegalArgumentException("not a timer trigger type: " + type);
        };
    }

    /** A time zone name (IANA, as pytz takes them). */
    static ZoneId zoneId(String name) {
        try {
            return ZoneId.of(name.trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone '" + name + "'", e);
        }
    }

    private static ZoneId zone(ObjectNode parameters, ZoneId defaultZone) {
        JsonNode tz = parameters.get("timezone");
        if (tz == null || tz.isNull() || (tz.isTextual() && tz.asText().isBlank())) {
            return defaultZone;
        }
        if (!tz.isTextual()) {
            throw new IllegalArgumentException("timezone must be a string");
        }
        return zoneId(tz.asText());
    }

    private static ChronoUnit unit(ObjectNode parameters) {
        return switch (text(parameters, "unit")) {
            case "weeks" -> ChronoUnit.WEEKS;
            case "days" -> ChronoUnit.DAYS;
            case "hours" -> ChronoUnit.HOURS;
            case "minutes" -> ChronoUnit.MINUTES;
            case "seconds" -> ChronoUnit.SECONDS;
            default ->
                throw new IllegalArgumentException("unit must be one of weeks, days, hours, minutes, seconds, was '"
                        + parameters.get("unit").asText() + "'");
        };
    }

    private static long delta(ObjectNode parameters) {
        JsonNode delta = parameters.get("delta");
        if (delta == null || !delta.isIntegralNumber() || !delta.canConvertToLong()) {
            throw new IllegalArgumentException("delta must be an integer");
        }
        return delta.asLong();
    }

    private static String text(ObjectNode parameters, String name) {
        JsonNode v = parameters.get(name);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(name + " must be a string");
        }
        return v.asText();
    }

    /**
     * A DateTimer's {@code date}: {@code YYYY-MM-DD[( |T)HH:MM:SS[.ffffff][Z|±HH:MM]]}; without an offset it is
     * a local time in {@code zone}.
     */
    static Instant date(String text, ZoneId zone) {
        Matcher m = DATE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "invalid date '" + text + "' (expected YYYY-MM-DD HH:MM:SS[.ffffff][Z|+HH:MM])");
        }
        try {
            String fraction = m.group(7) == null ? "0" : (m.group(7) + "00000").substring(0, 6);
            LocalDateTime local = LocalDateTime.of(
                    Integer.parseInt(m.group(1)),
                    Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)),
                    m.group(4) == null ? 0 : Integer.parseInt(m.group(4)),
                    m.group(5) == null ? 0 : Integer.parseInt(m.group(5)),
                    m.group(6) == null ? 0 : Integer.parseInt(m.group(6)),
                    Integer.parseInt(fraction) * 1000);
            String offset = m.group(8);
            if (offset == null) {
                return standardTime(local, zone);
            }
            return local.toInstant(offset.equals("Z") ? ZoneOffset.UTC : ZoneOffset.of(offset));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("invalid date '" + text + "': " + e.getMessage(), e);
        }
    }

    /**
     * A wall-clock time in {@code zone} as pytz's {@code localize(is_dst=False)} places it: a time skipped by a
     * DST change counts in standard time (02:30 becomes 03:30 daylight time), a time that occurs twice is its
     * standard-time occurrence.
     */
    static Instant standardTime(LocalDateTime wall, ZoneId zone) {
        return ZonedDateTime.ofLocal(wall, zone, null)
                .withLaterOffsetAtOverlap()
                .toInstant();
    }

    /** Python's {@code str()} of a UTC datetime: {@code 2024-01-01 10:00:00.123456+00:00}, no fraction when zero. */
    static String pythonStr(Instant instant) {
        LocalDateTime utc = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        int micros = utc.getNano() / 1000;
        String fraction = micros == 0 ? "" : String.format(Locale.ROOT, ".%06d", micros);
        return PY_SECONDS.format(utc) + fraction + "+00:00";
    }
}
