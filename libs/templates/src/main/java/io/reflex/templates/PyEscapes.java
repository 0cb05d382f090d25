package io.reflex.templates;

/** Python's backslash escapes in a string literal, as Jinja2 reads them (unknown escapes stay as written). */
final class PyEscapes {
    private PyEscapes() {}

    /**
     * Decodes the escape whose backslash is at {@code at} into {@code out}; returns the index after it.
     * A malformed hex or unicode escape is an error, as in Python.
     */
    static int decode(String t, int at, StringBuilder out) {
        char c = t.charAt(at + 1);
        switch (c) {
            case '\\', '\'', '"' -> out.append(c);
            case 'a' -> out.append('\u0007');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'v' -> out.append('\u000b');
            case '\n' -> {
                // a backslash before a line break joins the lines
            }
            case 'x' -> {
                return hex(t, at, 2, out);
            }
            case 'u' -> {
                return hex(t, at, 4, out);
            }
            case 'U' -> {
                return hex(t, at, 8, out);
            }
            default -> {
                if (c >= '0' && c <= '7') {
                    return octal(t, at, out);
                }
                out.append('\\').append(c);
            }
        }
        return at + 2;
    }

    private static int hex(String t, int at, int digits, StringBuilder out) {
        int start = at + 2;
        int end = start + digits;
        if (end > t.length() || !t.substring(start, end).matches("[0-9a-fA-F]+")) {
            throw new TemplateException("truncated \\" + t.charAt(at + 1) + " escape in a string literal");
        }
        out.appendCodePoint(Integer.parseInt(t.substring(start, end), 16));
        return end;
    }

    private static int octal(String t, int at, StringBuilder out) {
        int i = at + 1;
        int value = 0;
        while (i < t.length() && i < at + 4 && t.charAt(i) >= '0' && t.charAt(i) <= '7') {
            value = value * 8 + (t.charAt(i) - '0');
            i++;
        }
        out.append((char) value);
        return i;
    }
}
