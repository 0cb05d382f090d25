package io.reflex.templates;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code ast.literal_eval} for the literals a rendered parameter holds: dicts, lists, tuples and sets
 * (as lists), strings in either quote with Python's escapes, integers, floats, {@code True}, {@code False}
 * and {@code None}. StackStorm reads an {@code object} or {@code array} parameter's text this way when it is
 * not JSON, so {@code {'a': 1, 'b': True}} is an object. Anything else (names, calls, operators) is refused.
 */
final class PyLiteral {
    private final String text;
    private int pos;

    private PyLiteral(String text) {
        this.text = text;
    }

    /**
     * The value of {@code text} as Java maps, lists, strings, numbers, booleans and null.
     *
     * @throws IllegalArgumentException when {@code text} is not one Python literal
     */
    static Object parse(String text) {
        PyLiteral p = new PyLiteral(text);
        Object value = p.value();
        p.space();
        if (p.pos != text.length()) {
            throw p.error("unexpected text");
        }
        return value;
    }

    private Object value() {
        space();
        if (pos >= text.length()) {
            throw error("expected a value");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> dictOrSet();
            case '[' -> sequence(']');
            case '(' -> sequence(')');
            case '\'', '"' -> string();
            case 'u', 'U' -> prefixed();
            default -> c == '-' || c == '+' || c == '.' || Character.isDigit(c) ? number() : name();
        };
    }

    private Object dictOrSet() {
        pos++;
        Map<String, Object> dict = new LinkedHashMap<>();
        List<Object> set = new ArrayList<>();
        while (true) {
            space();
            if (eat('}')) {
                return set.isEmpty() ? dict : set;
            }
            Object key = value();
            space();
            if (eat(':')) {
                if (!set.isEmpty()) {
                    throw error("':' in a set");
                }
                dict.put(PyText.str(key), value());
            } else if (dict.isEmpty()) {
                set.add(key);
            } else {
                throw error("expected ':'");
            }
            space();
            if (!eat(',') && !(pos < text.length() && text.charAt(pos) == '}')) {
                throw error("expected ',' or '}'");
            }
        }
    }

    private List<Object> sequence(char close) {
        pos++;
        List<Object> items = new ArrayList<>();
        while (true) {
            space();
            if (eat(close)) {
                return items;
            }
            items.add(value());
            space();
            if (!eat(',') && !(pos < text.length() && text.charAt(pos) == close)) {
                throw error("expected ',' or '" + close + "'");
            }
        }
    }

    private String string() {
        char q = text.charAt(pos++);
        boolean triple = text.startsWith(String.valueOf(q).repeat(2), pos);
        if (triple) {
            pos += 2;
        }
        String end = triple ? String.valueOf(q).repeat(3) : String.valueOf(q);
        StringBuilder out = new StringBuilder();
        while (pos < text.length() && !text.startsWith(end, pos)) {
            char c = text.charAt(pos);
            if (c == '\\' && pos + 1 < text.length()) {
                pos = PyEscapes.decode(text, pos, out);
            } else if (c == '\n' && !triple) {
                throw error("line break in a string");
            } else {
                out.append(c);
                pos++;
            }
        }
        if (pos >= text.length()) {
            throw error("unterminated string");
        }
        pos += end.length();
        space();
        if (pos < text.length() && (text.charAt(pos) == '\'' || text.charAt(pos) == '"')) {
            return out + string(); // adjacent literals join, as in Python
        }
        return out.toString();
    }

    /** A {@code u'...'} string (the prefix is Python 2's unicode marker, as {@code repr} writes it there). */
    private Object prefixed() {
        if (pos + 1 < text.length() && (text.charAt(pos + 1) == '\'' || text.charAt(pos + 1) == '"')) {
            pos++;
            return string();
        }
        return name();
    }

    private Object number() {
        int start = pos;
        while (pos < text.length() && "+-0123456789._eExXoObBabcdefABCDEF".indexOf(text.charAt(pos)) >= 0) {
            if ((text.charAt(pos) == '+' || text.charAt(pos) == '-')
                    && pos > start
                    && "eE".indexOf(text.charAt(pos - 1)) < 0) {
                break;
            }
            pos++;
        }
        String n = text.substring(start, pos).replace("_", "");
        try {
            String digits = n.replaceFirst("^[+-]", "");
            boolean negative = n.startsWith("-");
            if (digits.matches("0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+")) {
                int radix = "xX".indexOf(digits.charAt(1)) >= 0 ? 16 : "oO".indexOf(digits.charAt(1)) >= 0 ? 8 : 2;
                BigInteger v = new BigInteger(digits.substring(2), radix);
                return integer(negative ? v.negate() : v);
            }
            if (digits.matches("\\d+")) {
                return integer(new BigInteger(n.startsWith("+") ? digits : n));
            }
            return Double.parseDouble(n);
        } catch (NumberFormatException e) {
            throw error("not a number: " + n);
        }
    }

    private static Object integer(BigInteger v) {
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private Object name() {
        int start = pos;
        while (pos < text.length() && Character.isJavaIdentifierPart(text.charAt(pos))) {
            pos++;
        }
        return switch (text.substring(start, pos)) {
            case "True" -> true;
            case "False" -> false;
            case "None" -> null;
            default -> {
                pos = start;
                throw error("not a literal");
            }
        };
    }

    private boolean eat(char c) {
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void space() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at offset " + pos);
    }
}
