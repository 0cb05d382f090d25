package io.reflex.yaql;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Python's {@code str()} and {@code repr()} of plain values: how orquesta writes a value into a string. */
final class PyText {
    private PyText() {}

    static String str(Object v) {
        if (v instanceof String s) {
            return s;
        }
        StringBuilder out = new StringBuilder();
        repr(v, out);
        return out.toString();
    }

    static String repr(Object v) {
        StringBuilder out = new StringBuilder();
        repr(v, out);
        return out.toString();
    }

    static String typeName(Object v) {
        return switch (v) {
            case null -> "NoneType";
            case Boolean b -> "bool";
            case String s -> "str";
            case Map<?, ?> m -> "dict";
            case List<?> l -> "list";
            case YaqlSet s -> "frozenset";
            default -> Values.isInteger(v) ? "int" : Values.isFloat(v) ? "float" : "object";
        };
    }

    private static void repr(Object v, StringBuilder out) {
        switch (v) {
            case null -> out.append("None");
            case Boolean b -> out.append(b ? "True" : "False");
            case String s -> string(s, out);
            case Map<?, ?> m -> {
                out.append('{');
                Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
                while (it.hasNext()) {
                    Map.Entry<?, ?> e = it.next();
                    repr(e.getKey(), out);
                    out.append(": ");
                    repr(e.getValue(), out);
                    if (it.hasNext()) {
                        out.append(", ");
                    }
                }
                out.append('}');
            }
            case YaqlSet s -> {
                out.append("frozenset(");
                repr(List.copyOf(s.values()), out);
                out.append(')');
            }
            case Collection<?> c -> {
                out.append('[');
                Iterator<?> it = c.iterator();
                while (it.hasNext()) {
                    repr(it.next(), out);
                    if (it.hasNext()) {
                        out.append(", ");
                    }
                }
                out.append(']');
            }
            case YaqlContext c -> out.append("<context>");
            case Generated g -> out.append("<generator>");
            default -> {
                if (Values.isFloat(v)) {
                    out.append(floatRepr(Values.asDouble(v)));
                } else if (Values.isInteger(v)) {
                    out.append(v);
                } else {
                    out.append("<object>");
                }
            }
        }
    }

    /** Python's repr of a float: shortest round-trip digits, {@code 1.0}, {@code 1e+16}, {@code 1e-05}. */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        String digits = bd.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - bd.scale();
        String sign = d < 0 ? "-" : "";
        if (exponent >= -4 && exponent < 16) {
            String plain = bd.abs().toPlainString();
            return sign + (plain.indexOf('.') < 0 ? plain + ".0" : plain);
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String exp = String.format("%02d", Math.abs(exponent));
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + exp;
    }

    private static void string(String s, StringBuilder out) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        out.append(quote);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c == quote) {
                        out.append('\\').append(c);
                    } else if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append(quote);
    }
}
