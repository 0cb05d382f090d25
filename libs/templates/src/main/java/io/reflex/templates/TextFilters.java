package io.reflex.templates;

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
                        "regex_match", (v, a) -> regex(a, 0, 1).matcher(str(v)).lookingAt()),
                new SimpleFilter(
                        "regex_search", (v, a) -> regex(a, 0, 1).matcher(str(v)).find()),
                new SimpleFilter(
                        "regex_replace",
                        (v, a) -> regex(a, 0, 2).matcher(str(v)).replaceAll(javaReplacement(a[1]))),
                new SimpleFilter("regex_substring", TextFilters::substring),
                new SimpleFilter("shell_quote", (v, a) -> shellQuote(v)),
                new SimpleFilter("basename", (v, a) -> str(v).substring(str(v).lastIndexOf('/') + 1)),
                new SimpleFilter("dirname", (v, a) -> dirname(str(v))),
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

    /**
     * The pattern {@code a[at]}, case-insensitive when the argument {@code a[flag]} is true; Python's named
     * groups ({@code (?P<name>...)}, {@code (?P=name)}) are written as Java's.
     */
    private static Pattern regex(String[] a, int at, int flag) {
        boolean ignoreCase = SimpleFilter.arg(a, flag, "false").equalsIgnoreCase("true");
        String pattern = a[at].replace("(?P<", "(?<").replaceAll("\\(\\?P=(\\w+)\\)", "\\\\k<$1>");
        return Pattern.compile(pattern, ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
    }

    /** Python's {@code re.sub} replacement ({@code \1}, {@code \g<1>}, {@code \g<name>}, {@code \n}) for Java. */
    static String javaReplacement(String python) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < python.length(); i++) {
            char c = python.charAt(i);
            if (c == '$') {
                out.append("\\$");
            } else if (c != '\\' || i + 1 >= python.length()) {
                out.append(c);
            } else {
                char next = python.charAt(++i);
                Matcher group = GROUP_REF.matcher(python).region(i, python.length());
                if (Character.isDigit(next)) {
                    int end = i + 1 < python.length() && Character.isDigit(python.charAt(i + 1)) ? i + 2 : i + 1;
                    out.append('$').append(Integer.parseInt(python.substring(i, end)));
                    i = end - 1;
                } else if (group.lookingAt()) {
                    String ref = group.group(1);
                    out.append(
                            ref.chars().allMatch(Character::isDigit) ? "$" + Integer.parseInt(ref) : "${" + ref + "}");
                    i = group.end() - 1;
                } else {
                    out.append(
                            switch (next) {
                                case 'n' -> "\n";
                                case 't' -> "\t";
                                case 'r' -> "\r";
                                case '\\' -> "\\\\";
                                default -> "\\\\" + next;
                            });
                }
            }
        }
        return out.toString();
    }

    private static final Pattern GROUP_REF = Pattern.compile("g<(\\w+)>");

    /** Python's {@code os.path.dirname}: the head before the last slash, its trailing slashes removed unless all slashes. */
    static String dirname(String path) {
        String head = path.substring(0, path.lastIndexOf('/') + 1);
        if (!head.isEmpty() && !head.chars().allMatch(ch -> ch == '/')) {
            head = head.replaceAll("/+$", "");
        }
        return head;
    }

    /** Python's {@code re.findall(pattern, value)[index]}: the match, its one group, or the list of its groups. */
    private static Object substring(Object v, String[] a) {
        Matcher m = regex(a, 0, 2).matcher(str(v));
        int index = Integer.parseInt(SimpleFilter.arg(a, 1, "0"));
        List<Object> found = new ArrayList<>();
        while (m.find()) {
            if (m.groupCount() == 0) {
                found.add(m.group());
            } else if (m.groupCount() == 1) {
                found.add(m.group(1) == null ? "" : m.group(1));
            } else {
                List<String> groups = new ArrayList<>();
                for (int g = 1; g <= m.groupCount(); g++) {
                    groups.add(m.group(g) == null ? "" : m.group(g));
                }
                found.add(groups);
            }
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
