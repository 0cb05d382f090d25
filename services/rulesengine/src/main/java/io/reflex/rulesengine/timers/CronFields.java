package io.reflex.rulesengine.timers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fields of StackStorm's {@code core.st2.CronTimer} (APScheduler's CronTrigger: {@code year, month, day,
 * week, day_of_week, hour, minute, second}) turned into a cron-utils expression {@code S M H DoM Mon DoW Y}
 * plus a predicate on the ISO week, which cron-utils has no field for. APScheduler's rules are kept:
 *
 * <ul>
 *   <li>a field left out is {@code *} when a less significant field is given, and its minimum otherwise
 *       ({@code {hour: 9}} fires at 09:00:00, not every second of that hour);
 *   <li>each field is a comma-separated list of {@code *}, &#42;/n, {@code a}, {@code a-b}, {@code a-b/n} or
 *       {@code a/n} (from a to the maximum); strings or integers;
 *   <li>{@code day_of_week} counts 0 = mon … 6 = sun and takes names ({@code mon-fri}); {@code month} takes
 *       names ({@code jan-mar}); {@code day} also takes {@code last}, {@code 3rd fri} and {@code last fri};
 *   <li>every field must match (day and day_of_week together, unlike Unix cron's "either").
 * </ul>
 *
 * <p>Not supported (rejected with a message): {@code last} or {@code 3rd fri} inside a list or together with
 * a restricted {@code day_of_week}; years after 2099 (cron-utils' limit; APScheduler's is 9999).
 */
final class CronFields {
    static final List<String> NAMES =
            List.of("year", "month", "day", "week", "day_of_week", "hour", "minute", "second");

    /** The expression for cron-utils and the weeks of the year it may fire in. */
    record Translated(String expression, IntPredicate week) {}

    private record Field(int min, int max, String defaultValue) {}

    private static final Map<String, Field> FIELDS = Map.of(
            "year", new Field(1970, 2099, "*"),
            "month", new Field(1, 12, "1"),
            "day", new Field(1, 31, "1"),
            "week", new Field(1, 53, "*"),
            "day_of_week", new Field(0, 6, "*"),
            "hour", new Field(0, 23, "0"),
            "minute", new Field(0, 59, "0"),
            "second", new Field(0, 59, "0"));
    private static final List<String> WEEKDAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
    private static final List<String> MONTHS =
            List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");
    private static final Pattern NUMERIC = Pattern.compile("^(\\*|(\\d+)(?:-(\\d+))?)(?:/(\\d+))?$");
    private static final Pattern NAMED = Pattern.compile("^([a-z]+)(?:-([a-z]+))?$");
    private static final Pattern POSITION = Pattern.compile("^(1st|2nd|3rd|4th|5th|last)\\s+([a-z]+)$");

    private CronFields() {}

    /** @throws IllegalArgumentException naming the field and what is wrong with it */
    static Translated translate(ObjectNode parameters) {
        Map<String, String> f = withDefaults(given(parameters));
        String dom = f.get("day");
        String dow = names("day_of_week", f.get("day_of_week"), WEEKDAYS, 0);
        Matcher position = POSITION.matcher(dom);
        if (position.matches()) {
            // "3rd fri" / "last fri" live in cron-utils' day-of-week field (4#3, 4L)
            if (!dow.equals("*")) {
                throw new IllegalArgumentException(
                        "cron field 'day': '" + dom + "' cannot be combined with a day_of_week other than *");
            }
            int weekday = index("day", position.group(2), WEEKDAYS, 0);
            String nth = position.group(1);
            dow = weekday + (nth.equals("last") ? "L" : "#" + nth.charAt(0));
            dom = "*";
        } else {
            dom = dom.equals("last") ? "L" : numeric("day", dom);
            dow = numeric("day_of_week", dow);
        }
        String expression = String.join(
                " ",
                numeric("second", f.get("second")),
                numeric("minute", f.get("minute")),
                numeric("hour", f.get("hour")),
                dom,
                numeric("month", names("month", f.get("month"), MONTHS, 1)),
                dow,
                numeric("year", f.get("year")));
        return new Translated(expression, weeks(f.get("week")));
    }

    private static Map<String, String> given(ObjectNode parameters) {
        Map<String, String> given = new LinkedHashMap<>();
        for (String name : NAMES) {
            JsonNode v = parameters.get(name);
            if (v == null || v.isNull()) {
                continue;
            }
            if (!v.isTextual() && !v.isIntegralNumber()) {
                throw new IllegalArgumentException("cron field '" + name + "' must be a string or an integer");
            }
            String text = v.asText().trim().toLowerCase(Locale.ROOT);
            if (text.isEmpty()) {
                throw new IllegalArgumentException("cron field '" + name + "' is empty");
            }
            given.put(name, text);
        }
        return given;
    }

    /** APScheduler: fields after the least significant given one take their minimum, the others {@code *}. */
    private static Map<String, String> withDefaults(Map<String, String> given) {
        Map<String, String> out = new LinkedHashMap<>();
        int remaining = given.size();
        boolean defaults = false;
        for (String name : NAMES) {
            if (given.containsKey(name)) {
                out.put(name, given.get(name));
                remaining--;
                defaults = remaining == 0;
            } else {
                out.put(name, defaults ? FIELDS.get(name).defaultValue() : "*");
            }
        }
        return out;
    }

    /** Checks each list item's syntax and bounds; the text is already cron-utils syntax. */
    private static String numeric(String name, String value) {
        Field field = FIELDS.get(name);
        for (String item : value.split(",", -1)) {
            Matcher m = NUMERIC.matcher(item.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("cron field '" + name + "': unrecognised expression '" + item
                        + "' (use *, */n, a, a-b, a-b/n or a/n)");
            }
            if (m.group(2) != null) {
                int first = bounded(name, field, m.group(2));
                int last = m.group(3) == null ? first : bounded(name, field, m.group(3));
                if (first > last) {
                    throw new IllegalArgumentException(
                            "cron field '" + name + "': range " + item + " starts after it ends");
                }
            }
            if (m.group(4) != null && Integer.parseInt(m.group(4)) < 1) {
                throw new IllegalArgumentException("cron field '" + name + "': step must be at least 1");
            }
        }
        return value.replace(" ", "");
    }

    private static int bounded(String name, Field field, String digits) {
        int v = digits.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(digits);
        if (v < field.min() || v > field.max()) {
            throw new IllegalArgumentException(
                    "cron field '" + name + "': " + digits + " is outside " + field.min() + "-" + field.max());
        }
        return v;
    }

    /** Replaces names ({@code mon}, {@code jan-mar}) by numbers; other items are left for {@link #numeric}. */
    private static String names(String name, String value, List<String> names, int first) {
        StringBuilder out = new StringBuilder();
        for (String item : value.split(",", -1)) {
            String trimmed = item.trim();
            Matcher m = NAMED.matcher(trimmed);
            if (out.length() > 0) {
                out.append(',');
            }
            if (trimmed.equals("last") || !m.matches()) {
                out.append(trimmed);
                continue;
            }
            out.append(index(name, m.group(1), names, first));
            if (m.group(2) != null) {
                out.append('-').append(index(name, m.group(2), names, first));
            }
        }
        return out.toString();
    }

    private static int index(String field, String name, List<String> names, int first) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(
                    "cron field '" + field + "': unknown name '" + name + "' (use " + String.join(", ", names) + ")");
        }
        return i + first;
    }

    /** The ISO weeks of year the {@code week} field allows, or every week for {@code *}. */
    private static IntPredicate weeks(String value) {
        if (value.equals("*")) {
            return w -> true;
        }
        numeric("week", value);
        BitSet allowed = new BitSet(54);
        for (String item : value.split(",", -1)) {
            Matcher m = NUMERIC.matcher(item.trim());
            m.matches();
            int first = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
            int last = m.group(2) == null || (m.group(3) == null && m.group(4) != null)
                    ? 53
                    : m.group(3) == null ? first : Integer.parseInt(m.group(3));
            int step = m.group(4) == null ? 1 : Integer.parseInt(m.group(4));
            for (int w = first; w <= last; w += step) {
                allowed.set(w);
            }
        }
        return allowed::get;
    }
}
