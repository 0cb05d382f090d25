package io.reflex.orquesta;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.text.PyRepr;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Python's text forms, which orquesta's messages are made of: {@code repr()} of a YAML value (what the
 * schema validator prints, {@code ['foobar'] is not of type 'string'}) and the {@code unicode_escape}
 * decoding orquesta applies to every schema message (which turns the {@code \\w} of a repr back into
 * {@code \w}, and non-ASCII text into its UTF-8 bytes read as Latin-1, exactly as StackStorm prints it).
 */
final class PyText {
    /** ASCII and C1 control characters are escaped; all other text is written as it is. */
    private static final PyRepr REPR =
            new PyRepr(c -> c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0), PyText::node);

    private PyText() {}

    /** {@code repr(value)} of the Python value the YAML loader would have produced. */
    static String repr(JsonNode value) {
        return REPR.repr(value);
    }

    /** {@code repr(s)} of a Python string: single quotes unless only double quotes avoid escaping. */
    static String repr(String s) {
        return REPR.repr(s);
    }

    private static boolean node(Object value, StringBuilder sb, PyRepr repr) {
        JsonNode v = (JsonNode) value;
        if (v.isNull() || v.isMissingNode()) {
            sb.append("None");
        } else if (v.isBoolean()) {
            sb.append(v.booleanValue() ? "True" : "False");
        } else if (v.isIntegralNumber()) {
            sb.append(v.bigIntegerValue());
        } else if (v.isNumber()) {
            sb.append(floatRepr(v.doubleValue()));
        } else if (v.isTextual()) {
            repr.quote(v.textValue(), sb);
        } else if (v.isArray()) {
            repr.sequence(v.iterator(), sb);
        } else {
            Map<String, JsonNode> fields = new LinkedHashMap<>();
            v.properties().forEach(e -> fields.put(e.getKey(), e.getValue()));
            repr.write(fields, sb);
        }
        return true;
    }

    /** {@code repr(x)} of a Python float: shortest digits, exponent form below 1e-4 and from 1e16. */
    static String floatRepr(double d) {
        return PyRepr.floatRepr(d);
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
