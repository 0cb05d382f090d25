package io.reflex.yaql;

/**
 * An argument taken unevaluated ({@code $.select($ * 2)}): each call evaluates it in a child of the call site's
 * context where {@code $} and {@code $1} are the first argument, {@code $2} the second, and so on.
 */
final class Lambda {
    private final Evaluation ev;
    private final Node body;
    private final YaqlContext context;

    Lambda(Evaluation ev, Node body, YaqlContext context) {
        this.ev = ev;
        this.body = body;
        this.context = context;
    }

    Object call(Object... args) {
        YaqlContext c = context;
        for (int i = 0; i < args.length; i++) {
            c = c.withVariable(String.valueOf(i + 1), args[i]);
        }
        return in(c);
    }

    /** Evaluates the body in {@code c} instead of the call site's context (the right side of {@code ->}). */
    Object in(YaqlContext c) {
        ev.enter();
        try {
            return ev.eval(body, c);
        } finally {
            ev.exit();
        }
    }

    boolean test(Object arg) {
        return Values.truthy(call(arg));
    }
}
