package io.reflex.orquesta;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * Python's text forms, which orquesta's messages are made of: {@code repr()} of a YAML value (what the
 * schema validator prints, {@code ['foobar'] is not of type 'string'}) and the {@code unicode_escape}
 * decoding orquesta applies to every schema message (which turns the {@code \\w} of a repr back into
 * {@code \w}, and non-ASCII text into its UTF-8 bytes read as Latin-1, exactly as StackStorm prints it).
 */
final class PyText {
    private PyText() {}

    /** {@code repr(value)} of the Python value the YAML loader would have produced. */
    static String repr(JsonNode value) {
        StringBuilder sb = new StringBuilder();
        repr(value, sb);
        return sb.toString();
    }

    private static void repr(JsonNode v, StringBuilder sb) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            sb.append("None");
        } else if (v.isBoolean()) {
            sb.append(v.booleanValue() ? "True" : "False");
        } else if (v.isIntegralNumber()) {
            sb.append(v.bigIntegerValue());
        } else if (v.isNumber()) {
            sb.append(floatRepr(v.doubleValue()));
        } else if (v.isTextual()) {
            sb.append(repr(v.textValue()));
        } else if (v.isArray()) {
            sb.append('[');
            for (int i = 0; i < v.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                repr(v.get(i), sb);
            }
            sb.append(']');
        } else {
            sb.append('{');
            Iterator<Map.Entry<String, JsonNode>> it = v.properties().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                sb.append(repr(e.getKey())).append(": ");
                repr(e.getValue(), sb);
                if (it.hasNext()) {
                    sb.append(", ");
                }
            }
            sb.append('}');
        }
    }

    /** {@code repr(s)} of a Python string: single quotes unless only double quotes avoid escaping. */
    static String repr(String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder sb = new StringBuilder().append(quote);
        s.codePoints().forEach(c -> {
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c == quote) {
                        sb.append('\\').append((char) c);
                    } else if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", c));
                    } else if (c >= 0x80 && c < 0xa0) {
                        sb.append(String.format("\\x%02x", c));
                    } else {
                        sb.appendCodePoint(c);
                    }
                }
            }
        });
        return sb.append(quote).toString();
    }

    /** {@code repr(x)} of a Python float: shortest digits, exponent form below 1e-4 and from 1e16. */
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
        BigDecimal shortest = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        int exponent = shortest.precision() - shortest.scale() - 1;
        if (exponent < -4 || exponent >= 16) {
            String digits = shortest.unscaledValue().abs().toString();
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return (d < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
                    + String.format("%02d", Math.abs(exponent));
        }
        String plain = shortest.toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }

    /**
     * Python's {@code bytes(s, "utf-8").decode("unicode_escape")}: backslash escapes are decoded, unknown
     * ones are kept, and every other byte of the UTF-8 text stands for the Latin-1 character of that code.
     */
    static String unicodeEscape(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(b.length);
        for (int i = 0; i < b.length; i++) {
            char c = (char) (b[i] & 0xff);
            if (c != '\\' || i + 1 >= b.length) {
                sb.append(c);
                continue;
            }
            char n = (char) (b[i + 1] & 0xff);
            int consumed = 1;
            switch (n) {
                case '\\' -> sb.append('\\');
                case '\'' -> sb.append('\'');
                case '"' -> sb.append('"');
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'a' -> sb.append('\u0007');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'v' -> sb.append('\u000b');
                case '\n' -> {}
                case 'x' -> consumed = hex(b, i + 2, 2, sb) ? 3 : keep(sb, n);
                case 'u' -> consumed = hex(b, i + 2, 4, sb) ? 5 : keep(sb, n);
                case 'U' -> consumed = hex(b, i + 2, 8, sb) ? 9 : keep(sb, n);
                default -> {
                    if (n >= '0' && n <= '7') {
                        int end = i + 1;
                        int value = 0;
                        while (end < b.length && end < i + 4 && b[end] >= '0' && b[end] <= '7') {
                            value = value * 8 + (b[end] - '0');
                            end++;
                        }
                        sb.append((char) value);
                        consumed = end - i - 1;
                    } else {
                        consumed = keep(sb, n);
                    }
                }
            }
            i += consumed;
        }
        return sb.toString();
    }

    private static int keep(StringBuilder sb, char n) {
        sb.append('\\').append(n);
        return 1;
    }

    private static boolean hex(byte[] b, int from, int count, StringBuilder sb) {
        if (from + count > b.length) {
            return false;
        }
        int value = 0;
        for (int k = from; k < from + count; k++) {
            int d = Character.digit((char) (b[k] & 0xff), 16);
            if (d < 0) {
                return false;
            }
            value = value * 16 + d;
        }
        if (!Character.isValidCodePoint(value)) {
            return false;
        }
        sb.appendCodePoint(value);
        return true;
    }
}
