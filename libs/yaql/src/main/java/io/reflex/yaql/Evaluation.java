package io.reflex.yaql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One evaluation of one expression: walks the nodes, resolves calls against the engine's library and keeps the
 * budget (steps, depth, deadline, sizes). Not thread-safe: one evaluation, one thread.
 */
final class Evaluation {
    private final Yaql engine;
    private final YaqlLimits limits;
    private final long deadlineNanos;
    private long steps;
    private int depth;

    Evaluation(Yaql engine) {
        this.engine = engine;
        this.limits = engine.limits();
        this.deadlineNanos = System.nanoTime() + limits.maxEvaluationTime().toNanos();
    }

    Object run(Node root, YaqlContext context) {
        try {
            Object result = eval(root, context);
            if (result instanceof YaqlContext) {
                throw Errors.typeError("let(), with() and unpack() give a context: follow them with '-> expression'");
            }
            return YaqlValues.output(result, this);
        } catch (StackOverflowError e) {
            throw exceeded(YaqlLimits.MAX_DEPTH);
        }
    }

    YaqlLimits limits() {
        return limits;
    }

    /** Counts one step; every 256 steps also checks the deadline and the thread's interrupt flag. */
    void step() {
        if (++steps > limits.maxOperations()) {
            throw exceeded(YaqlLimits.MAX_OPERATIONS);
        }
        if ((steps & 0xff) == 0) {
            if (System.nanoTime() - deadlineNanos > 0) {
                throw exceeded(YaqlLimits.MAX_EVALUATION_TIME);
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new YaqlEvaluationException("Interrupted", "expression evaluation was interrupted");
            }
        }
    }

    void enter() {
        if (++depth > limits.maxDepth()) {
            depth--;
            throw exceeded(YaqlLimits.MAX_DEPTH);
        }
    }

    void exit() {
        depth--;
    }

    YaqlLimitException exceeded(String key) {
        return new YaqlLimitException(key, limits.exceeded(key));
    }

    /** Fails when a collection of {@code size} items would be larger than allowed. */
    void checkSize(long size) {
        if (size > limits.maxCollectionSize()) {
            throw exceeded(YaqlLimits.MAX_COLLECTION_SIZE);
        }
    }

    String checkString(String s) {
        checkLength(s.length());
        return s;
    }

    void checkLength(long length) {
        if (length > limits.maxStringLength()) {
            throw exceeded(YaqlLimits.MAX_STRING_LENGTH);
        }
    }

    /** A list to fill with {@link #add}, which checks its size as it grows. */
    List<Object> add(List<Object> list, Object item) {
        checkSize(list.size() + 1L);
        list.add(item);
        return list;
    }

    Object eval(Node node, YaqlContext ctx) {
        step();
        return switch (node) {
            case Node.Const c -> c.value();
            case Node.Keyword k -> k.name();
            case Node.Var v -> ctx.get(v.name());
            case Node.Call c -> call(c, ctx);
            case Node.Method m -> method(m, ctx);
            case Node.Attribute a -> attribute(a, ctx);
            case Node.Index i -> Indexing.index(this, eval(i.target(), ctx), i.args(), ctx);
            case Node.ListLiteral l -> list(l.args(), ctx);
            case Node.DictLiteral d -> dict(d.args(), ctx);
            case Node.Binary b -> Operators.binary(this, b, ctx);
            case Node.Unary u -> Operators.unary(this, u.op(), eval(u.operand(), ctx));
        };
    }

    private Object call(Node.Call c, YaqlContext ctx) {
        DefinedFunction defined = ctx.definition(c.name());
        if (defined != null) {
            Object[] args = new Invocation(this, ctx, c.name(), null, false, c.args())
                    .args()
                    .toArray();
            return new Lambda(this, defined.body(), ctx).call(args);
        }
        Builtin b = engine.function(c.name());
        if (b == null) {
            throw Errors.unknownFunction(c.name());
        }
        return invoke(b, new Invocation(this, ctx, c.name(), null, false, c.args()));
    }

    private Object method(Node.Method m, YaqlContext ctx) {
        Object receiver = eval(m.receiver(), ctx);
        if (m.safe() && receiver == null) {
            return null;
        }
        Builtin b = engine.method(m.name());
        if (b == null) {
            throw Errors.unknownMethod(m.name(), receiver);
        }
        return invoke(b, new Invocation(this, ctx, m.name(), receiver, true, m.args()));
    }

    private Object invoke(Builtin b, Invocation inv) {
        enter();
        try {
            return b.call(inv);
        } finally {
            exit();
        }
    }

    private Object attribute(Node.Attribute a, YaqlContext ctx) {
        Object receiver = eval(a.receiver(), ctx);
        if (a.safe() && receiver == null) {
            return null;
        }
        return Indexing.attribute(this, receiver, a.name());
    }

    private List<Object> list(List<Node.Arg> args, YaqlContext ctx) {
        checkSize(args.size());
        List<Object> out = new ArrayList<>(args.size());
        for (Node.Arg a : args) {
            if (a.named()) {
                throw Errors.noMatchingFunction("#list");
            }
            out.add(eval(a.value(), ctx));
        }
        return out;
    }

    private Map<Object, Object> dict(List<Node.Arg> args, YaqlContext ctx) {
        checkSize(args.size());
        Map<Object, Object> out = new LinkedHashMap<>();
        for (Node.Arg a : args) {
            if (!a.named()) {
                throw Errors.noMatchingFunction("#map");
            }
            out.put(eval(a.key(), ctx), eval(a.value(), ctx));
        }
        return out;
    }
}
