package io.reflex.yaql;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One call of a {@link Builtin}: its unevaluated arguments, evaluated on demand (at most once each) or taken as
 * lambdas, and the receiver of a method call.
 */
final class Invocation {
    private static final Object UNSET = new Object();

    private final Evaluation ev;
    private final YaqlContext context;
    private final String name;
    private final Object receiver;
    private final boolean method;
    private final List<Node> positional;
    private final List<Node.Arg> named;
    private final Object[] values;

    Invocation(Evaluation ev, YaqlContext context, String name, Object receiver, boolean method, List<Node.Arg> args) {
        this.ev = ev;
        this.context = context;
        this.name = name;
        this.receiver = receiver;
        this.method = method;
        List<Node> p = new ArrayList<>(args.size());
        List<Node.Arg> n = new ArrayList<>(0);
        for (Node.Arg a : args) {
            if (a.named()) {
                n.add(a);
            } else {
                p.add(a.value());
            }
        }
        this.positional = p;
        this.named = n;
        this.values = new Object[p.size()];
        java.util.Arrays.fill(values, UNSET);
    }

    Evaluation ev() {
        return ev;
    }

    YaqlContext context() {
        return context;
    }

    String name() {
        return name;
    }

    /** The receiver of a method call, null for a function call. */
    Object receiver() {
        return receiver;
    }

    boolean isMethod() {
        return method;
    }

    int size() {
        return positional.size();
    }

    Object arg(int i) {
        if (values[i] == UNSET) {
            values[i] = ev.eval(positional.get(i), context);
        }
        return values[i];
    }

    List<Object> args() {
        List<Object> out = new ArrayList<>(positional.size());
        for (int i = 0; i < positional.size(); i++) {
            out.add(arg(i));
        }
        return out;
    }

    /** Positional {@code i} if given, else the argument named {@code name}, else {@code dflt}. */
    Object arg(int i, String argName, Object dflt) {
        if (i >= 0 && i < positional.size()) {
            return arg(i);
        }
        Node.Arg a = namedArg(argName);
        return a == null ? dflt : value(a);
    }

    boolean has(int i, String argName) {
        return (i >= 0 && i < positional.size()) || namedArg(argName) != null;
    }

    /** Positional {@code i}, or the argument named {@code argName}, as a lambda; null when neither was given. */
    Lambda lambda(int i, String argName) {
        if (i >= 0 && i < positional.size()) {
            return new Lambda(ev, positional.get(i), context);
        }
        Node.Arg a = namedArg(argName);
        return a == null ? null : new Lambda(ev, a.value(), context);
    }

    /** Positional {@code i} unevaluated. */
    Node node(int i) {
        return positional.get(i);
    }

    Lambda lambda(int i) {
        return new Lambda(ev, positional.get(i), context);
    }

    List<Node.Arg> namedArgs() {
        return named;
    }

    /** The name of {@code key => value}: a bare name or any expression, evaluated. */
    String keyName(Node.Arg a) {
        if (a.key() instanceof Node.Keyword k) {
            return k.name();
        }
        Object key = ev.eval(a.key(), context);
        if (key instanceof String s) {
            return s;
        }
        throw Errors.typeError("argument name must be a string, not " + Values.typeName(key));
    }

    Object key(Node.Arg a) {
        return ev.eval(a.key(), context);
    }

    Object value(Node.Arg a) {
        return ev.eval(a.value(), context);
    }

    /** Fails as YAQL does unless there are {@code min..max} positional arguments and only the named ones given. */
    Invocation expect(int min, int max, String... names) {
        if (positional.size() < min || positional.size() > max) {
            throw noMatch();
        }
        if (!named.isEmpty()) {
            Set<String> allowed = Set.of(names);
            for (Node.Arg a : named) {
                if (!(a.key() instanceof Node.Keyword k) || !allowed.contains(k.name())) {
                    throw noMatch();
                }
            }
        }
        return this;
    }

    YaqlEvaluationException noMatch() {
        return method ? Errors.noMatchingMethod(name, receiver) : Errors.noMatchingFunction(name);
    }

    private Node.Arg namedArg(String argName) {
        if (argName == null) {
            return null;
        }
        for (Node.Arg a : named) {
            if (a.key() instanceof Node.Keyword k && k.name().equals(argName)) {
                return a;
            }
        }
        return null;
    }
}
