package io.reflex.yaql;

import io.reflex.core.text.PyRepr;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Python's {@code str()} and {@code repr()} of plain values: how orquesta writes a value into a string. */
final class PyText {
    /** Only ASCII control characters are escaped, as StackStorm's YAQL writes strings. */
    private static final PyRepr REPR = new PyRepr(c -> c >= 0x20 && c != 0x7f, PyText::other);

    private PyText() {}

    static String str(Object v) {
        return v instanceof String s ? s : REPR.repr(v);
    }

    static String repr(Object v) {
        return REPR.repr(v);
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

    private static boolean other(Object v, StringBuilder out, PyRepr repr) {
        switch (v) {
            case YaqlSet s -> {
                out.append("frozenset(");
                repr.write(List.copyOf(s.values()), out);
                out.append(')');
            }
            case Collection<?> c -> {
                return false;
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
        return true;
    }

    /** Python's repr of a float: shortest round-trip digits, {@code 1.0}, {@code 1e+16}, {@code 1e-05}. */
    static String floatRepr(double d) {
        return PyRepr.floatRepr(d);
    }
}
