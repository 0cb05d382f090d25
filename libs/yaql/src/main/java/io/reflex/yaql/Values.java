package io.reflex.yaql;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Python's view of plain Java values, as YAQL sees them: which are numbers, truthiness, {@code ==}, ordering,
 * hashing keys, and {@code str()}/{@code repr()}.
 */
final class Values {
    private Values() {}

    static boolean isInteger(Object v) {
        return v instanceof Long
                || v instanceof Integer
                || v instanceof Short
                || v instanceof Byte
                || v instanceof BigInteger;
    }

    static boolean isFloat(Object v) {
        return v instanceof Double || v instanceof Float || v instanceof BigDecimal;
    }

    /** A number that is not a boolean (YAQL's arithmetic never takes booleans). */
    static boolean isNumber(Object v) {
        return isInteger(v) || isFloat(v);
    }

    static boolean isList(Object v) {
        return v instanceof List<?>;
    }

    static boolean isMap(Object v) {
        return v instanceof Map<?, ?>;
    }

    /** Iterable in YAQL's sense: a list, set or generated sequence; never a string or a dict. */
    static boolean isIterable(Object v) {
        return v instanceof Collection<?> || v instanceof Generated;
    }

    static boolean truthy(Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (isInteger(v)) {
            return ((Number) v).longValue() != 0;
        }
        if (isFloat(v)) {
            return ((Number) v).doubleValue() != 0.0;
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        return true;
    }

    /** Python's {@code ==}: numbers by value (1 = 1.0, true = 1), lists and dicts deeply. */
    static boolean eq(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (numeric(a) && numeric(b)) {
            if ((isInteger(a) || a instanceof Boolean) && (isInteger(b) || b instanceof Boolean)) {
                return asLong(a) == asLong(b);
            }
            return asDouble(a) == asDouble(b);
        }
        if (a instanceof String || b instanceof String) {
            return a.equals(b);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!eq(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !eq(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof YaqlSet x && b instanceof YaqlSet y) {
            return x.keys().equals(y.keys());
        }
        return a.equals(b);
    }

    private static boolean numeric(Object v) {
        return isNumber(v) || v instanceof Boolean;
    }

    static long asLong(Object v) {
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof BigInteger b) {
            return b.longValueExact();
        }
        return ((Number) v).longValue();
    }

    static double asDouble(Object v) {
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return ((Number) v).doubleValue();
    }

    /**
     * YAQL's ordering ({@code <}, orderBy, max): numbers with numbers, strings with strings, null before anything.
     *
     * @throws YaqlEvaluationException the two cannot be compared ({@code op} names the operator in the message)
     */
    static int compare(Object a, Object b, String op) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        if (isNumber(a) && isNumber(b)) {
            if (isInteger(a) && isInteger(b)) {
                return Long.compare(asLong(a), asLong(b));
            }
            return Double.compare(asDouble(a), asDouble(b));
        }
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return Boolean.compare(x, y);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
                int c = compare(x.get(i), y.get(i), op);
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(x.size(), y.size());
        }
        throw Errors.noMatchingFunction("#operator_" + op);
    }

    /** A key equal for values Python calls equal and hash the same (1 and 1.0, equal lists), for sets and dicts. */
    static Object key(Object v) {
        if (v instanceof Boolean || v == null || v instanceof String) {
            return v;
        }
        if (isInteger(v)) {
            return asLong(v);
        }
        if (isFloat(v)) {
            double d = asDouble(v);
            return d == Math.rint(d) && Math.abs(d) < 9.0e18 ? (Object) (long) d : (Object) d;
        }
        if (v instanceof List<?> l) {
            List<Object> k = new ArrayList<>(l.size());
            for (Object o : l) {
                k.add(key(o));
            }
            return k;
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> k = new LinkedHashMap<>();
            m.forEach((a, b) -> k.put(key(a), key(b)));
            return k;
        }
        if (v instanceof YaqlSet s) {
            return s.keys();
        }
        return v;
    }

    /** The items of an iterable value, each visit counted as a step of {@code ev}. */
    static Iterable<Object> items(Object v, Evaluation ev) {
        Iterable<?> source = switch (v) {
            case Collection<?> c -> c;
            case Generated g -> g;
            default -> throw new IllegalArgumentException("not iterable");
        };
        return () -> new Iterator<>() {
            private final Iterator<?> it = source.iterator();

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Object next() {
                ev.step();
                return it.next();
            }
        };
    }

    /** YAQL's {@code str()}: null, true and false as YAQL writes them, anything else as Python's {@code str()}. */
    static String yaqlStr(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Boolean b) {
            return b ? "true" : "false";
        }
        return PyText.str(v);
    }

    static String repr(Object v) {
        return PyText.repr(v);
    }

    static String typeName(Object v) {
        return PyText.typeName(v);
    }
}
