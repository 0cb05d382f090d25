package io.reflex.templates;

import io.reflex.core.text.PyRepr;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code json.dumps} text for JSON-like values, so StackStorm's JSON filters print what they print
 * there: {@code ensure_ascii} ({@code é} is {@code \u00e9}), floats as Python writes them, {@code indent}
 * with newlines, keys in order or sorted, and the separators given.
 */
final class PyJson {
    private final Integer indent;
    private final boolean sortKeys;
    private final String itemSeparator;
    private final String keySeparator;

    /**
     * @param indent null for one line; otherwise spaces per level, each item on its own line
     * @param itemSeparator between items (Python's default is {@code ", "}, or {@code ","} with an indent)
     */
    PyJson(Integer indent, boolean sortKeys, String itemSeparator, String keySeparator) {
        this.indent = indent;
        this.sortKeys = sortKeys;
        this.itemSeparator = itemSeparator;
        this.keySeparator = keySeparator;
    }

    /** {@code json.dumps(value)} with Python's defaults. */
    static String dumps(Object value) {
        return new PyJson(null, false, ", ", ": ").write(value);
    }

    String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(value, 0, sb);
        return sb.toString();
    }

    private void write(Object value, int level, StringBuilder sb) {
        switch (value) {
            case null -> sb.append("null");
            case Boolean b -> sb.append(b);
            case CharSequence s -> string(s.toString(), sb);
            case Double d -> sb.append(number(d));
            case Float f -> sb.append(number(Double.parseDouble(f.toString())));
            case BigDecimal d -> sb.append(d.scale() <= 0 ? d.toBigInteger().toString() : number(d.doubleValue()));
            case BigInteger i -> sb.append(i);
            case Number n -> sb.append(n.longValue());
            case Map<?, ?> m -> object(m, level, sb);
            case Collection<?> c -> array(c.iterator(), c.isEmpty(), level, sb);
            case Object[] a -> array(java.util.Arrays.asList(a).iterator(), a.length == 0, level, sb);
            default -> string(String.valueOf(value), sb);
        }
    }

    private void object(Map<?, ?> m, int level, StringBuilder sb) {
        if (m.isEmpty()) {
            sb.append("{}");
            return;
        }
        List<Map.Entry<?, ?>> entries = new ArrayList<>(m.entrySet());
        if (sortKeys) {
            entries.sort((a, b) -> String.valueOf(a.getKey()).compareTo(String.valueOf(b.getKey())));
        }
        sb.append('{');
        for (int i = 0; i < entries.size(); i++) {
            separate(i, level + 1, sb);
            string(String.valueOf(entries.get(i).getKey()), sb);
            sb.append(keySeparator);
            write(entries.get(i).getValue(), level + 1, sb);
        }
        close(level, sb);
        sb.append('}');
    }

    private void array(Iterator<?> it, boolean empty, int level, StringBuilder sb) {
        if (empty) {
            sb.append("[]");
            return;
        }
        sb.append('[');
        for (int i = 0; it.hasNext(); i++) {
            separate(i, level + 1, sb);
            write(it.next(), level + 1, sb);
        }
        close(level, sb);
        sb.append(']');
    }

    private void separate(int index, int level, StringBuilder sb) {
        if (index > 0) {
            sb.append(itemSeparator);
        }
        if (indent != null) {
            sb.append('\n').append(" ".repeat(indent * level));
        }
    }

    private void close(int level, StringBuilder sb) {
        if (indent != null) {
            sb.append('\n').append(" ".repeat(indent * level));
        }
    }

    private static String number(double d) {
        return PyRepr.jsonFloat(d);
    }

    /** A JSON string with Python's escapes and every non-ASCII character as a u escape. */
    static void string(String s, StringBuilder sb) {
        PyRepr.jsonString(s, sb);
    }
}
