package io.reflex.yaql;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A YAQL engine: its limits and its function library. One per host; immutable and thread-safe. Expressions can
 * call only the functions registered here: YAQL's standard library (collections, queries, strings, math, regex,
 * branching, {@code let}/{@code def}) and whatever the host adds; nothing in an expression reaches Java objects,
 * classes, files or the network.
 */
public final class Yaql {
    private static final int CACHE_SIZE = 10_000;

    private final YaqlLimits limits;
    private final Map<String, Builtin> functions;
    private final Map<String, Builtin> methods;
    private final Map<String, Node> cache;

    private Yaql(
            YaqlLimits limits, Map<String, Builtin> functions, Map<String, Builtin> methods, Map<String, Node> cache) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.functions = Map.copyOf(functions);
        this.methods = Map.copyOf(methods);
        this.cache = cache;
    }

    /** An engine with YAQL's standard library, bounded by {@code limits}. */
    public static Yaql standard(YaqlLimits limits) {
        Library library = Library.standard();
        return new Yaql(limits, library.functions(), library.methods(), new ConcurrentHashMap<>());
    }

    /**
     * This engine plus {@code name(...)} as a function, replacing a standard function of that name called as a
     * function (its method form, {@code $x.name()}, stays). Parsed expressions are shared with this engine.
     */
    public Yaql withFunction(String name, YaqlFunction function) {
        Map<String, Builtin> f = new HashMap<>(functions);
        f.put(checkName(name), Builtin.host(function));
        return new Yaql(limits, f, methods, cache);
    }

    /** This engine plus {@code $x.name(...)} as a method; the receiver is {@link YaqlCall#receiver()}. */
    public Yaql withMethod(String name, YaqlFunction function) {
        Map<String, Builtin> m = new HashMap<>(methods);
        m.put(checkName(name), Builtin.host(function));
        return new Yaql(limits, functions, m, cache);
    }

    /**
     * Parses {@code expression} (without {@code <% %>}). Parsed expressions are cached by text, so parsing the
     * same text again is a map lookup; thread-safe.
     *
     * @throws YaqlSyntaxException the text is not a YAQL expression; its position is where the error is
     */
    public YaqlExpression parse(String expression) throws YaqlSyntaxException {
        Objects.requireNonNull(expression, "expression");
        Node root = cache.get(expression);
        if (root == null) {
            root = ExpressionParser.parse(expression, limits.maxDepth());
            if (cache.size() >= CACHE_SIZE) {
                cache.clear();
            }
            cache.put(expression, root);
        }
        return new Parsed(this, expression, root);
    }

    public YaqlLimits limits() {
        return limits;
    }

    /** Whether {@code name(...)} can be called as a function (for static checks of expressions). */
    public boolean hasFunction(String name) {
        return functions.containsKey(name);
    }

    /** Whether {@code $x.name(...)} can be called as a method. */
    public boolean hasMethod(String name) {
        return methods.containsKey(name);
    }

    Builtin function(String name) {
        return functions.get(name);
    }

    Builtin method(String name) {
        return methods.get(name);
    }

    private static String checkName(String name) {
        if (name == null || !name.matches("[\\p{L}_][\\p{L}\\p{N}_]*")) {
            throw new IllegalArgumentException("not a YAQL function name: " + name);
        }
        return name;
    }

    private record Parsed(Yaql engine, String source, Node root) implements YaqlExpression {
        @Override
        public Object evaluate(YaqlContext context) {
            return new Evaluation(engine).run(root, Objects.requireNonNull(context, "context"));
        }

        @Override
        public String toString() {
            return source;
        }
    }
}
