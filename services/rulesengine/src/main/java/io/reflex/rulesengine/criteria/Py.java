package io.reflex.rulesengine.criteria;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Python's comparison semantics over JSON-like Java values (what StackStorm's operators use): numbers of
 * any width compare by value ({@code 1 == 1.0}), a number never equals a string, {@code in} means substring,
 * element or key depending on the container.
 */
final class Py {
    private Py() {}

    static boolean eq(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y && !(a instanceof Boolean) && !(b instanceof Boolean)) {
            return decimal(x).compareTo(decimal(y)) == 0;
        }
        if (a instanceof List<?> l && b instanceof List<?> m) {
            if (l.size() != m.size()) {
                return false;
            }
            for (int i = 0; i < l.size(); i++) {
                if (!eq(l.get(i), m.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    /** Python's {@code <}: numbers with numbers, strings with strings; anything else is a type error. */
    static int compare(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return decimal(x).compareTo(decimal(y));
        }
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        }
        throw new IllegalArgumentException("cannot compare " + typeName(a) + " with " + typeName(b));
    }

    /** Python's {@code needle in haystack}. */
    static boolean in(Object needle, Object haystack) {
        if (haystack instanceof String s) {
            if (!(needle instanceof String n)) {
                throw new IllegalArgumentException(
                        "'in <string>' requires string as left operand, not " + typeName(needle));
            }
            return s.contains(n);
        }
        if (haystack instanceof Map<?, ?> m) {
            return m.keySet().stream().anyMatch(k -> eq(k, needle));
        }
        if (haystack instanceof Collection<?> c) {
            return c.stream().anyMatch(e -> eq(e, needle));
        }
        throw new IllegalArgumentException("argument of type '" + typeName(haystack) + "' is not iterable");
    }

    static String typeName(Object v) {
        if (v == null) {
            return "NoneType";
        }
        if (v instanceof String) {
            return "str";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        if (v instanceof Number n) {
            return n instanceof Double || n instanceof Float || n instanceof BigDecimal ? "float" : "int";
        }
        if (v instanceof Map<?, ?>) {
            return "dict";
        }
        return v instanceof List<?> ? "list" : v.getClass().getSimpleName();
    }

    private static BigDecimal decimal(Number n) {
        return n instanceof BigDecimal d ? d : new BigDecimal(n.toString());
    }
}
