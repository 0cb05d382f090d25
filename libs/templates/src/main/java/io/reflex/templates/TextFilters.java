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
                new SimpleFilter(
                        "to_human_time_from_seconds",
                        (v, a) -> humanTime(Long.parseLong(str(v).replaceAll("\\..*$", "")))));
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

    /** {@code 93784} → {@code 1d 2h 3m 4s}; zero units are left out; {@code 0} → {@code 0s}. */
    static String humanTime(long seconds) {
        long[] parts = {seconds / 86400, seconds % 86400 / 3600, seconds % 3600 / 60, seconds % 60};
        String[] units = {"d", "h", "m", "s"};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] != 0) {
                sb.append(sb.isEmpty() ? "" : " ").append(parts[i]).append(units[i]);
            }
        }
        return sb.isEmpty() ? "0s" : sb.toString();
    }

    private static String str(Object v) {
        return v == null ? "" : String.valueOf(v);
    }
}
