package io.reflex.templates;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** StackStorm's semantic-version filters ({@code version_compare}, {@code version_match}, bumps...). */
final class VersionFilters {
    private static final Pattern VERSION =
            Pattern.compile("^v?(\\d+)\\.(\\d+)\\.(\\d+)(?:-([0-9A-Za-z.-]+))?(?:\\+[0-9A-Za-z.-]+)?$");
    private static final Pattern EXPRESSION = Pattern.compile("^(>=|<=|==|!=|>|<)\\s*(.+)$");

    private VersionFilters() {}

    static List<SimpleFilter> all() {
        return List.of(
                new SimpleFilter("version_compare", (v, a) -> compare(str(v), a[0])),
                new SimpleFilter("version_more_than", (v, a) -> compare(str(v), a[0]) > 0),
                new SimpleFilter("version_less_than", (v, a) -> compare(str(v), a[0]) < 0),
                new SimpleFilter("version_equal", (v, a) -> compare(str(v), a[0]) == 0),
                new SimpleFilter("version_match", (v, a) -> match(str(v), a[0])),
                new SimpleFilter("version_bump_major", (v, a) -> bump(str(v), 0)),
                new SimpleFilter("version_bump_minor", (v, a) -> bump(str(v), 1)),
                new SimpleFilter("version_bump_patch", (v, a) -> bump(str(v), 2)),
                new SimpleFilter("version_strip_patch", (v, a) -> {
                    long[] p = parse(str(v));
                    return p[0] + "." + p[1];
                }));
    }

    static long[] parse(String v) {
        Matcher m = VERSION.matcher(v.trim());
        if (!m.matches()) {
            throw new TemplateException("'" + v + "' is not a semantic version");
        }
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))};
    }

    static int compare(String a, String b) {
        long[] x = parse(a);
        long[] y = parse(b);
        for (int i = 0; i < 3; i++) {
            if (x[i] != y[i]) {
                return x[i] < y[i] ? -1 : 1;
            }
        }
        return 0;
    }

    static boolean match(String v, String expression) {
        Matcher m = EXPRESSION.matcher(expression.trim());
        if (!m.matches()) {
            throw new TemplateException(
                    "version expression '" + expression + "' must start with >=, <=, ==, !=, > or <");
        }
        int c = compare(v, m.group(2).trim());
        return switch (m.group(1)) {
            case ">=" -> c >= 0;
            case "<=" -> c <= 0;
            case "==" -> c == 0;
            case "!=" -> c != 0;
            case ">" -> c > 0;
            default -> c < 0;
        };
    }

    static String bump(String v, int part) {
        long[] p = parse(v);
        p[part]++;
        for (int i = part + 1; i < 3; i++) {
            p[i] = 0;
        }
        return p[0] + "." + p[1] + "." + p[2];
    }

    private static String str(Object v) {
        return v == null ? "" : String.valueOf(v);
    }
}
