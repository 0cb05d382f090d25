package io.reflex.core.text;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * Python's {@code str()} and {@code repr()} of plain values, as the expression languages (Jinja2, YAQL,
 * orquesta) write them into text. The parts every language shares live here: {@code None}, {@code True},
 * quoted strings, {@code {'k': v}} and {@code [a, b]}, float digits. Each language says which characters it
 * writes as they are ({@code printable}) and how it writes the values only it has ({@code other}: numbers,
 * sets, generators). The {@code json.dumps} forms of a float and a string are here too.
 */
public final class PyRepr {
    /** Writes a value the shared rules leave open; returns false to let a collection be written as a list. */
    @FunctionalInterface
    public interface Other {
        boolean write(Object value, StringBuilder out, PyRepr repr);
    }

    private final IntPredicate printable;
    private final Other other;

    public PyRepr(IntPredicate printable, Other other) {
        this.printable = Objects.requireNonNull(printable, "printable");
        this.other = Objects.requireNonNull(other, "other");
    }

    /** Python's {@code str(value)}: text as it is, anything else its repr. */
    public String str(Object value) {
        return value instanceof CharSequence s ? s.toString() : repr(value);
    }

    /** Python's {@code repr(value)}. */
    public String repr(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    /** Appends {@code repr(value)} to {@code out}. */
    public void write(Object value, StringBuilder out) {
        switch (value) {
            case null -> out.append("None");
            case Boolean b -> out.append(b ? "True" : "False");
            case CharSequence s -> quote(s.toString(), out);
            case Map<?, ?> m -> map(m, out);
            default -> {
                if (!other.write(value, out, this)) {
                    sequence(((Collection<?>) value).iterator(), out);
                }
            }
        }
    }

    /** Appends {@code [a, b]} of the items. */
    public void sequence(Iterator<?> it, StringBuilder out) {
        out.append('[');
        while (it.hasNext()) {
            write(it.next(), out);
            if (it.hasNext()) {
                out.append(", ");
            }
        }
        out.append(']');
    }

    private void map(Map<?, ?> m, StringBuilder out) {
        out.append('{');
        Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<?, ?> e = it.next();
            write(e.getKey(), out);
            out.append(": ");
            write(e.getValue(), out);
            if (it.hasNext()) {
                out.append(", ");
            }
        }
        out.append('}');
    }

    /**
     * Python's string repr: single quotes unless the text holds a single quote and no double quote; a
     * character that is not printable is a hex escape (x, u or U by its size, as Python writes it).
     */
    public void quote(String s, StringBuilder out) {
        char q = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        out.append(q);
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (cp == q) {
                        out.append('\\').append(q);
                    } else if (printable.test(cp)) {
                        out.appendCodePoint(cp);
                    } else if (cp < 0x100) {
                        out.append(String.format("\\x%02x", cp));
                    } else if (cp < 0x10000) {
                        out.append(String.format("\\u%04x", cp));
                    } else {
                        out.append(String.format("\\U%08x", cp));
                    }
                }
            }
        });
        out.append(q);
    }

    /** Python 3's {@code str.isprintable} for one character: no control, format, separator or unassigned. */
    public static boolean printable(int cp) {
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
    public static String floatRepr(double d) {
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

    /** A float as Python's {@code json.dumps} writes it: {@code NaN}, {@code Infinity}, otherwise its repr. */
    public static String jsonFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        return floatRepr(d);
    }

    /**
     * A JSON string as Python's {@code json.dumps} writes it with {@code ensure_ascii}: its short escapes, and
     * every other character outside printable ASCII as a four-digit u escape of its UTF-16 unit.
     */
    public static void jsonString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                out.append("\\\"");
            } else if (!shortEscape(c, out)) {
                if (c < 0x20 || c > 0x7e) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
        }
        out.append('"');
    }

    /**
     * Appends the two-character escape of a backslash, newline, carriage return, tab, backspace or form feed,
     * as JSON and Python string literals write them; returns false, appending nothing, for any other character.
     */
    public static boolean shortEscape(int c, StringBuilder out) {
        String escape = switch (c) {
            case '\\' -> "\\\\";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            case '\b' -> "\\b";
            case '\f' -> "\\f";
            default -> null;
        };
        if (escape == null) {
            return false;
        }
        out.append(escape);
        return true;
    }
}
