package io.reflex.templates;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * Values as Jinja2 writes them into text: Python's {@code str()} at the top ({@code None}, {@code True}, a
 * string as it is) and Python's {@code repr()} inside lists and dicts ({@code {'name': 'st2'}},
 * {@code ['a', 1]}), numbers as Python prints them ({@code 1.0} stays {@code 1.0}, {@code 1e+20}; a decimal
 * without fraction digits, as Jinjava's arithmetic filters make, is an integer).
 */
final class PyText {
    private PyText() {}

    /** Python's {@code str(value)} for a JSON-like value; any other object is its {@code toString()}. */
    static String str(Object value) {
        if (value instanceof CharSequence s) {
            return s.toString();
        }
        StringBuilder sb = new StringBuilder();
        repr(value, sb);
        return sb.toString();
    }

    /** Python's {@code repr(value)} for a JSON-like value. */
    static String repr(Object value) {
        StringBuilder sb = new StringBuilder();
        repr(value, sb);
        return sb.toString();
    }

    private static void repr(Object value, StringBuilder sb) {
        switch (value) {
            case null -> sb.append("None");
            case Boolean b -> sb.append(b ? "True" : "False");
            case CharSequence s -> quote(s.toString(), sb);
            case Character c -> quote(c.toString(), sb);
            case Double d -> sb.append(floatText(d));
            case Float f -> sb.append(floatText(Double.parseDouble(f.toString())));
            case BigDecimal d -> sb.append(d.scale() <= 0 ? d.toBigInteger().toString() : floatText(d.doubleValue()));
            case Number n -> sb.append(n instanceof BigInteger ? n.toString() : Long.toString(n.longValue()));
            case Map<?, ?> m -> map(m, sb);
            case Collection<?> c -> sequence(c.iterator(), sb);
            case Object[] a -> sequence(java.util.Arrays.asList(a).iterator(), sb);
            default -> sb.append(value);
        }
    }

    private static void map(Map<?, ?> m, StringBuilder sb) {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            sb.append(first ? "" : ", ");
            first = false;
            repr(e.getKey(), sb);
            sb.append(": ");
            repr(e.getValue(), sb);
        }
        sb.append('}');
    }

    private static void sequence(Iterator<?> it, StringBuilder sb) {
        sb.append('[');
        boolean first = true;
        while (it.hasNext()) {
            sb.append(first ? "" : ", ");
            first = false;
            repr(it.next(), sb);
        }
        sb.append(']');
    }

    /** Python's string repr: single quotes unless the text holds a single quote and no double quote. */
    static void quote(String s, StringBuilder sb) {
        char q = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        sb.append(q);
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (cp == q) {
                        sb.append('\\').append(q);
                    } else if (printable(cp)) {
                        sb.appendCodePoint(cp);
                    } else if (cp < 0x100) {
                        sb.append(String.format("\\x%02x", cp));
                    } else if (cp < 0x10000) {
                        sb.append(String.format("\\u%04x", cp));
                    } else {
                        sb.append(String.format("\\U%08x", cp));
                    }
                }
            }
        });
        sb.append(q);
    }

    /** Python's {@code str.isprintable} for one character: no control, format, separator or unassigned. */
    private static boolean printable(int cp) {
        if (cp == ' ') {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.SURROGATE,
                    Character.PRIVATE_USE,
                    Character.UNASSIGNED,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR,
                    Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }

    /**
     * Python's float repr: the shortest digits that read back as the same double, positional when the
     * exponent is in [-4, 16), otherwise {@code d.ddde+XX}; whole numbers keep {@code .0}.
     */
    static String floatText(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = exact.unscaledValue().toString();
        int exponent = digits.length() - 1 - exact.scale();
        String sign = d < 0 ? "-" : "";
        if (exponent >= 16 || exponent < -4) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
        }
        String plain = exact.toPlainString();
        return sign + (plain.contains(".") ? plain : plain + ".0");
    }
}
