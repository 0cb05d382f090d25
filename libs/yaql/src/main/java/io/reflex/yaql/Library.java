package io.reflex.yaql;

import java.util.HashMap;
import java.util.Map;

/** The allow-list: every function and method an expression can call, by name. */
final class Library {
    private final Map<String, Builtin> functions = new HashMap<>();
    private final Map<String, Builtin> methods = new HashMap<>();

    static Library standard() {
        Library lib = new Library();
        CoreFunctions.register(lib);
        MathFunctions.register(lib);
        StringFunctions.register(lib);
        CollectionFunctions.register(lib);
        QueryFunctions.register(lib);
        Regexes.register(lib);
        return lib;
    }

    /** Callable as {@code name(...)} only. */
    void function(String name, Builtin b) {
        functions.put(name, b);
    }

    /** Callable as {@code $x.name(...)} only; the receiver is {@link Invocation#receiver()}. */
    void method(String name, Builtin b) {
        methods.put(name, b);
    }

    /**
     * Callable both ways; {@code b} gets the receiver as {@link Invocation#receiver()} for a method call and the
     * first argument as it for a function call, see {@link #self}.
     */
    void both(String name, Builtin b) {
        functions.put(name, b);
        methods.put(name, b);
    }

    Map<String, Builtin> functions() {
        return functions;
    }

    Map<String, Builtin> methods() {
        return methods;
    }

    /** The "self" of a function callable both ways: the receiver, or the first argument of a function call. */
    static Object self(Invocation inv) {
        if (inv.isMethod()) {
            return inv.receiver();
        }
        if (inv.size() == 0) {
            throw inv.noMatch();
        }
        return inv.arg(0);
    }

    /** Index of the first argument after "self": 0 for a method call, 1 for a function call. */
    static int first(Invocation inv) {
        return inv.isMethod() ? 0 : 1;
    }
}
