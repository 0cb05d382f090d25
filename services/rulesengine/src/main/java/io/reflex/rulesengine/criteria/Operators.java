package io.reflex.rulesengine.criteria;

import io.reflex.core.json.Timestamps;
import io.reflex.core.text.Glob;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * StackStorm's criteria operators with their short aliases. Each compares a value found in the
 * trigger payload with a pattern; a null pattern makes every operator but {@code exists}/{@code nexists}
 * false. Type errors (comparing a number with a string) are thrown, as StackStorm's are.
 */
final class Operators {
    /** value, pattern → match. */
    @FunctionalInterface
    interface Op {
        boolean test(Object value, Object pattern);
    }

    private static final Map<String, Op> OPS = new HashMap<>();

    static {
        register(Py::eq, "equals", "eq");
        register((v, p) -> !Py.eq(v, p), "nequals", "neq");
        register((v, p) -> v instanceof String s && p instanceof String q && s.equalsIgnoreCase(q), "iequals", "ieq");
        register((v, p) -> v != null && Py.in(p, v), "contains");
        register((v, p) -> v == null || !Py.in(p, v), "ncontains");
        register((v, p) -> v != null && lower(v).contains(lower(p)), "icontains");
        register((v, p) -> v == null || !lower(v).contains(lower(p)), "incontains");
        register((v, p) -> v instanceof String s && s.startsWith(String.valueOf(p)), "startswith");
        register((v, p) -> v instanceof String s && lower(s).startsWith(lower(p)), "istartswith");
        register((v, p) -> v instanceof String s && s.endsWith(String.valueOf(p)), "endswith");
        register((v, p) -> v instanceof String s && lower(s).endsWith(lower(p)), "iendswith");
        register((v, p) -> v != null && Py.compare(v, p) < 0, "lessthan", "lt");
        register((v, p) -> v != null && Py.compare(v, p) > 0, "greaterthan", "gt");
        register((v, p) -> v != null && Glob.matches(String.valueOf(p), String.valueOf(v)), "matchwildcard");
        register(
                (v, p) -> v != null
                        && Pattern.compile(String.valueOf(p), Pattern.DOTALL)
                                .matcher(String.valueOf(v))
                                .lookingAt(),
                "matchregex");
        register(
                (v, p) -> v != null
                        && Pattern.compile(String.valueOf(p))
                                .matcher(String.valueOf(v))
                                .find(),
                "regex");
        register(
                (v, p) -> v != null
                        && Pattern.compile(String.valueOf(p), Pattern.CASE_INSENSITIVE)
                                .matcher(String.valueOf(v))
                                .find(),
                "iregex");
        register((v, p) -> v != null && age(v).compareTo(seconds(p)) < 0, "timediff_lt", "td_lt");
        register((v, p) -> v != null && age(v).compareTo(seconds(p)) > 0, "timediff_gt", "td_gt");
        register((v, p) -> v != null && Py.in(v, p), "inside", "in");
        register((v, p) -> v != null && !Py.in(v, p), "ninside", "nin");
    }

    private Operators() {}

    private static void register(Op op, String... names) {
        for (String n : names) {
            OPS.put(n, op);
        }
    }

    /** The operator named {@code name} (or its alias); {@code exists}, {@code nexists}, {@code search} are handled by the matcher. */
    static Optional<Op> get(String name) {
        return Optional.ofNullable(OPS.get(name));
    }

    static boolean known(String name) {
        return OPS.containsKey(name) || name.equals("exists") || name.equals("nexists") || name.equals("search");
    }

    private static String lower(Object v) {
        return String.valueOf(v).toLowerCase(Locale.ROOT);
    }

    /** Time since {@code value} (a timestamp text), as StackStorm's timediff operators measure it. */
    private static Duration age(Object value) {
        Instant then = Timestamps.parse(String.valueOf(value));
        return Duration.between(then, Instant.now());
    }

    private static Duration seconds(Object pattern) {
        return Duration.ofMillis(Math.round(Double.parseDouble(String.valueOf(pattern)) * 1000));
    }
}
