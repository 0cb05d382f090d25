package io.reflex.yaql;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** YAQL's operators on plain values, with Python's semantics (integer {@code /} floors, {@code mod} as {@code %}). */
final class Operators {
    private Operators() {}

    static Object binary(Evaluation ev, Node.Binary b, YaqlContext ctx) {
        switch (b.op()) {
            case "and" -> {
                Object left = ev.eval(b.left(), ctx);
                return Values.truthy(left) ? ev.eval(b.right(), ctx) : left;
            }
            case "or" -> {
                Object left = ev.eval(b.left(), ctx);
                return Values.truthy(left) ? left : ev.eval(b.right(), ctx);
            }
            case "->" -> {
                Object left = ev.eval(b.left(), ctx);
                if (!(left instanceof YaqlContext scope)) {
                    throw Errors.noMatchingFunction("#operator_->");
                }
                return new Lambda(ev, b.right(), scope).in(scope);
            }
            default -> {
                return apply(ev, b.op(), ev.eval(b.left(), ctx), ev.eval(b.right(), ctx));
            }
        }
    }

    static Object apply(Evaluation ev, String op, Object l, Object r) {
        return switch (op) {
            case "=" -> Values.eq(l, r);
            case "!=" -> !Values.eq(l, r);
            case "<" -> Values.compare(l, r, op) < 0;
            case "<=" -> Values.compare(l, r, op) <= 0;
            case ">" -> Values.compare(l, r, op) > 0;
            case ">=" -> Values.compare(l, r, op) >= 0;
            case "in" -> in(ev, l, r);
            case "+" -> plus(ev, l, r);
            case "-" -> minus(l, r);
            case "*" -> times(ev, l, r);
            case "/", "mod" -> Arithmetic.divide(op, l, r);
            case "=~" -> Regexes.matches(ev, l, r, "=~");
            case "!~" -> !Regexes.matches(ev, l, r, "!~");
            default -> throw Errors.noMatchingFunction("#operator_" + op);
        };
    }

    static Object unary(Evaluation ev, String op, Object v) {
        if (op.equals("not")) {
            return !Values.truthy(v);
        }
        if (!Values.isNumber(v)) {
            throw Errors.noMatchingFunction("#unary_operator_" + op);
        }
        if (op.equals("+")) {
            return v;
        }
        return Values.isInteger(v) ? (Object) Arithmetic.negate(Values.asLong(v)) : (Object) (-Values.asDouble(v));
    }

    static boolean in(Evaluation ev, Object needle, Object haystack) {
        if (haystack instanceof String s && needle instanceof String n) {
            return s.contains(n);
        }
        if (haystack instanceof Map<?, ?> m) {
            return m.containsKey(needle);
        }
        if (haystack instanceof YaqlSet s) {
            return s.has(needle);
        }
        if (Values.isIterable(haystack)) {
            for (Object item : Values.items(haystack, ev)) {
                if (Values.eq(needle, item)) {
                    return true;
                }
            }
            return false;
        }
        throw Errors.noMatchingFunction("#operator_in");
    }

    private static Object plus(Evaluation ev, Object l, Object r) {
        if (Values.isNumber(l) && Values.isNumber(r)) {
            return Arithmetic.add(l, r);
        }
        if (l instanceof String a && r instanceof String b) {
            ev.checkLength((long) a.length() + b.length());
            return a + b;
        }
        if (l instanceof Map<?, ?> a && r instanceof Map<?, ?> b) {
            Map<Object, Object> out = new LinkedHashMap<>(a);
            out.putAll(b);
            ev.checkSize(out.size());
            return out;
        }
        if (Values.isIterable(l) && Values.isIterable(r)) {
            List<Object> out = new ArrayList<>();
            for (Object o : Values.items(l, ev)) {
                ev.add(out, o);
            }
            for (Object o : Values.items(r, ev)) {
                ev.add(out, o);
            }
            return out;
        }
        throw Errors.noMatchingFunction("#operator_+");
    }

    private static Object minus(Object l, Object r) {
        if (Values.isNumber(l) && Values.isNumber(r)) {
            return Arithmetic.subtract(l, r);
        }
        if (l instanceof YaqlSet a && r instanceof YaqlSet b) {
            Map<Object, Object> m = a.copy();
            m.keySet().removeAll(b.keys());
            return new YaqlSet(m);
        }
        throw Errors.noMatchingFunction("#operator_-");
    }

    private static Object times(Evaluation ev, Object l, Object r) {
        if (Values.isNumber(l) && Values.isNumber(r)) {
            return Arithmetic.multiply(l, r);
        }
        if (Values.isInteger(l) && !Values.isInteger(r)) {
            return times(ev, r, l);
        }
        if (Values.isInteger(r)) {
            long n = Math.max(0, Values.asLong(r));
            if (l instanceof String s) {
                ev.checkLength(s.length() * n);
                return s.repeat((int) n);
            }
            if (l instanceof Collection<?> c) {
                ev.checkSize(c.size() * n);
                List<Object> out = new ArrayList<>();
                for (long i = 0; i < n; i++) {
                    for (Object o : Values.items(c, ev)) {
                        out.add(o);
                    }
                }
                return out;
            }
        }
        throw Errors.noMatchingFunction("#operator_*");
    }
}
