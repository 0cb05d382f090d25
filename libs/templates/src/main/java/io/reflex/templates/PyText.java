package io.reflex.templates;

import io.reflex.core.text.PyRepr;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * Values as Jinja2 writes them into text: Python's {@code str()} at the top ({@code None}, {@code True}, a
 * string as it is) and Python's {@code repr()} inside lists and dicts ({@code {'name': 'st2'}},
 * {@code ['a', 1]}), numbers as Python prints them ({@code 1.0} stays {@code 1.0}, {@code 1e+20}; a decimal
 * without fraction digits, as Jinjava's arithmetic filters make, is an integer).
 */
final class PyText {
    private static final PyRepr REPR = new PyRepr(PyRepr::printable, PyText::other);

    private PyText() {}

    /** Python's {@code str(value)} for a JSON-like value; any other object is its {@code toString()}. */
    static String str(Object value) {
        return REPR.str(value);
    }

    /** Python's {@code repr(value)} for a JSON-like value. */
    static String repr(Object value) {
        return REPR.repr(value);
    }

    private static boolean other(Object value, StringBuilder sb, PyRepr repr) {
        switch (value) {
            case Character c -> repr.quote(c.toString(), sb);
            case Double d -> sb.append(floatText(d));
            case Float f -> sb.append(floatText(Double.parseDouble(f.toString())));
            case BigDecimal d -> sb.append(d.scale() <= 0 ? d.toBigInteger().toString() : floatText(d.doubleValue()));
            case Number n -> sb.append(n instanceof BigInteger ? n.toString() : Long.toString(n.longValue()));
            case java.util.Collection<?> c -> {
                return false;
            }
            case Object[] a -> repr.sequence(Arrays.asList(a).iterator(), sb);
            default -> sb.append(value);
        }
        return true;
    }

    /** Python's float repr: the shortest digits that read back as the same double. */
    static String floatText(double d) {
        return PyRepr.floatRepr(d);
    }
}
