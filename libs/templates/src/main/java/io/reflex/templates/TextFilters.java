package io.reflex.templates;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * StackStorm's regex, path and time filters, and Reflex's {@code shell_quote}. Regexes follow Python's {@code re}: {@code regex_match} is
 * anchored at the start, {@code regex_search} is not; {@code regex_replace} accepts {@code \1} back
 * references.
 */
final class TextFilters {
    private TextFilters() {}

    static List<SimpleFilter> all() {
        return List.of(
                new SimpleFilter(
                        "regex_match",
                        (v, a) -> Pattern.compile(a[0]).matcher(str(v)).lookingAt()),
                new SimpleFilter(
                        "regex_search",
                        (v, a) -> Pattern.compile(a[0]).matcher(str(v)).find()),
                new SimpleFilter(
                        "regex_replace",
                        (v, a) -> Pattern.compile(a[0])
                                .matcher(str(v))
                                .replaceAll(a[1].replaceAll("\\\\(\\d)", "\\$$1"))),
                new SimpleFilter("regex_substring", TextFilters::substring),
                new SimpleFilter("shell_quote", (v, a) -> shellQuote(v)),
                new SimpleFilter("basename", (v, a) -> {
                    Path p = Path.of(str(v)).getFileName();
                    return p == null ? "" : p.toString();
                }),
                new SimpleFilter("dirname", (v, a) -> {
                    String s = str(v);
                    int cut = s.lastIndexOf('/');
                    return cut < 0 ? "" : cut == 0 ? "/" : s.substring(0, cut);
                }),
                new SimpleFilter("to_human_time_from_seconds", (v, a) -> humanTime(v)));
    }

    /**
     * Reflex's {@code shell_quote}: the value as one POSIX single-quoted word ({@code it's} becomes
     * {@code 'it'"'"'s'}), so a shell command may hold a parameter value without the shell ever reading it as
     * code. Null is the empty word {@code ''}; lists and maps are quoted as their JSON text.
     */
    static String shellQuote(Object v) {
        String text;
        if (v == null) {
            text = "";
        } else if (v instanceof java.util.Map<?, ?> || v instanceof java.util.Collection<?>) {
            text = io.reflex.core.json.Json.write(v);
        } else {
            text = String.valueOf(v);
        }
        return "'" + text.replace("'", "'\"'\"'") + "'";
    }

    private static Object substring(Object v, String[] a) {
        Matcher m = Pattern.compile(a[0]).matcher(str(v));
        int index = Integer.parseInt(SimpleFilter.arg(a, 1, "0"));
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group());
        }
        if (index >= found.size()) {
            throw new TemplateException("regex_substring: no match " + index + " for '" + a[0] + "'");
        }
        return found.get(index);
    }

    /**
     * StackStorm's {@code to_human_time_from_seconds}: the parts from the first non-zero one down to seconds,
     * with no spaces ({@code 3600} is {@code 1h0m0s}, {@code 93784} is {@code 1d2h3m4s}); {@code 0} is
     * {@code 0s}; below one second the value itself in microseconds ({@code 0.5μs}); fractions are rounded
     * half to even. Days are the day of the month of the date that many seconds after 0001-01-01 (StackStorm
     * counts so: a month's worth of days is lost, years are years).
     */
    static String humanTime(Object v) {
        Number n = v instanceof Number num ? num : new java.math.BigDecimal(str(v).trim());
        double d = n.doubleValue();
        if (d == 0) {
            return "0s";
        }
        if (d < 1) {
            return PyText.str(n instanceof java.math.BigDecimal ? (Object) d : n) + "\u03BCs";
        }
        long seconds = n instanceof Double || n instanceof Float || n instanceof java.math.BigDecimal
                ? (long) Math.rint(d)
                : n.longValue();
        java.time.LocalDateTime at = java.time.LocalDateTime.of(1, 1, 1, 0, 0).plusSeconds(seconds);
        long[] parts = {at.getYear() - 1, at.getDayOfMonth() - 1, at.getHour(), at.getMinute(), at.getSecond()};
        String[] units = {"y", "d", "h", "m", "s"};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] != 0 || !sb.isEmpty() || i == parts.length - 1) {
                sb.append(parts[i]).append(units[i]);
            }
        }
        return sb.toString();
    }

    private static String str(Object v) {
        return v == null ? "" : String.valueOf(v);
    }
}
