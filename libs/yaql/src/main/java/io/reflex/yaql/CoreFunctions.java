package io.reflex.yaql;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Contexts ({@code let}, {@code with}, {@code unpack}, {@code def}), branching, type tests and conversions. */
final class CoreFunctions {
    private CoreFunctions() {}

    static void register(Library lib) {
        lib.function("let", CoreFunctions::let);
        lib.function(
                "with",
                inv -> numbered(inv.context(), inv.expect(0, Integer.MAX_VALUE).args()));
        lib.method("unpack", CoreFunctions::unpack);
        lib.function("def", CoreFunctions::define);
        lib.method("assert", CoreFunctions::assertion);
        lib.function("switch", CoreFunctions::switchOf);
        lib.function("selectCase", inv -> {
            int i = 0;
            for (; i < inv.expect(0, Integer.MAX_VALUE).size(); i++) {
                if (Values.truthy(inv.arg(i))) {
                    return (long) i;
                }
            }
            return (long) i;
        });
        lib.function("selectAllCases", inv -> cases(inv, false));
        lib.function("examine", inv -> cases(inv, true));
        lib.method("switchCase", CoreFunctions::switchCase);
        lib.function("coalesce", inv -> {
            for (int i = 0; i < inv.expect(0, Integer.MAX_VALUE).size(); i++) {
                Object v = inv.arg(i);
                if (v != null) {
                    return v;
                }
            }
            return null;
        });
        registerTypes(lib);
    }

    private static void registerTypes(Library lib) {
        lib.function("bool", inv -> Values.truthy(inv.expect(1, 1).arg(0)));
        lib.function("isBoolean", inv -> inv.expect(1, 1).arg(0) instanceof Boolean);
        lib.function("isString", inv -> inv.expect(1, 1).arg(0) instanceof String);
        lib.function("isList", inv -> inv.expect(1, 1).arg(0) instanceof List<?>);
        lib.function("isDict", inv -> inv.expect(1, 1).arg(0) instanceof Map<?, ?>);
        lib.function("isSet", inv -> inv.expect(1, 1).arg(0) instanceof YaqlSet);
        lib.function("isIterable", inv -> Values.isIterable(inv.expect(1, 1).arg(0)));
        lib.function("isInteger", inv -> Values.isInteger(inv.expect(1, 1).arg(0)));
        lib.function("isNumber", inv -> Values.isNumber(inv.expect(1, 1).arg(0)));
        lib.function(
                "str",
                inv -> inv.ev().checkString(Values.yaqlStr(inv.expect(1, 1).arg(0))));
        lib.function("int", inv -> Conversions.toInt(inv.expect(1, 1).arg(0)));
        lib.function("float", inv -> Conversions.toFloat(inv.expect(1, 1).arg(0)));
        lib.both("len", CoreFunctions::len);
    }

    private static Object len(Invocation inv) {
        inv.expect(inv.isMethod() ? 0 : 1, inv.isMethod() ? 0 : 1);
        return switch (Library.self(inv)) {
            case String s -> (long) s.length();
            case Collection<?> c -> (long) c.size();
            case Map<?, ?> m -> (long) m.size();
            default -> throw inv.noMatch();
        };
    }

    private static YaqlContext let(Invocation inv) {
        YaqlContext c = numbered(inv.context(), inv.args());
        for (Node.Arg a : inv.namedArgs()) {
            c = c.withVariable(inv.keyName(a), inv.value(a));
        }
        return c;
    }

    private static YaqlContext numbered(YaqlContext c, List<Object> values) {
        for (int i = 0; i < values.size(); i++) {
            c = c.withVariable(String.valueOf(i + 1), values.get(i));
        }
        return c;
    }

    private static YaqlContext unpack(Invocation inv) {
        if (!Values.isIterable(inv.receiver())) {
            throw inv.noMatch();
        }
        List<Object> names = inv.expect(0, Integer.MAX_VALUE).args();
        List<Object> items = new ArrayList<>();
        for (Object o : Values.items(inv.receiver(), inv.ev())) {
            inv.ev().add(items, o);
            if (!names.isEmpty() && items.size() > names.size()) {
                break;
            }
        }
        if (names.isEmpty()) {
            return numbered(inv.context(), items);
        }
        if (names.size() != items.size()) {
            throw Errors.valueError("Cannot unpack " + items.size() + " elements into " + names.size());
        }
        YaqlContext c = inv.context();
        for (int i = 0; i < names.size(); i++) {
            if (!(names.get(i) instanceof String name)) {
                throw inv.noMatch();
            }
            c = c.withVariable(name, items.get(i));
        }
        return c;
    }

    private static YaqlContext define(Invocation inv) {
        inv.expect(2, 2);
        if (!(inv.arg(0) instanceof String name)) {
            throw inv.noMatch();
        }
        return inv.context().withDefinition(new DefinedFunction(name, inv.node(1)));
    }

    private static Object assertion(Invocation inv) {
        inv.expect(1, 2, "message");
        Object obj = inv.receiver();
        if (!inv.lambda(0).test(obj)) {
            Object message = inv.arg(1, "message", "Assertion failed");
            throw new YaqlEvaluationException("AssertionError", String.valueOf(message));
        }
        return obj;
    }

    /** {@code switch(condition => value, ...)}: the value of the first true condition, evaluated lazily. */
    private static Object switchOf(Invocation inv) {
        if (inv.size() > 0) {
            throw inv.noMatch();
        }
        for (Node.Arg a : inv.namedArgs()) {
            if (Values.truthy(inv.key(a))) {
                return inv.value(a);
            }
        }
        return null;
    }

    private static List<Object> cases(Invocation inv, boolean all) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < inv.expect(0, Integer.MAX_VALUE).size(); i++) {
            boolean hit = Values.truthy(inv.arg(i));
            if (all) {
                out.add(hit);
            } else if (hit) {
                out.add((long) i);
            }
        }
        return out;
    }

    private static Object switchCase(Invocation inv) {
        if (!Values.isInteger(inv.receiver())) {
            throw inv.noMatch();
        }
        long c = Values.asLong(inv.receiver());
        int n = inv.expect(0, Integer.MAX_VALUE).size();
        if (n == 0) {
            return null;
        }
        return inv.arg(c >= 0 && c < n ? (int) c : n - 1);
    }
}
