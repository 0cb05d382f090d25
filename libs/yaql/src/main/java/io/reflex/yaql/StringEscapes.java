package io.reflex.yaql;

/**
 * Backslash escapes of quoted YAQL strings, as Python's unicode-escape decodes them: {@code \n \t \r \\ \' \"},
 * {@code \a \b \f \v}, {@code \xhh}, {@code \\uhhhh}, {@code \Uhhhhhhhh} and octal {@code \ooo}. Any other
 * backslash stays as written, so regular expressions such as {@code '\d+'} need no doubling.
 */
final class StringEscapes {
    private StringEscapes() {}

    static String decode(String s) {
        int i = s.indexOf('\\');
        if (i < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        out.append(s, 0, i);
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                out.append(c);
                i++;
                continue;
            }
            i = escape(s, i + 1, out);
        }
        return out.toString();
    }

    /** Appends the escape starting after the backslash at {@code i}; returns the index after it. */
    private static int escape(String s, int i, StringBuilder out) {
        char e = s.charAt(i);
        switch (e) {
            case 'n' -> out.append('\n');
            case 't' -> out.append('\t');
            case 'r' -> out.append('\r');
            case 'a' -> out.append('\u0007');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'v' -> out.append('\u000b');
            case '\\', '\'', '"' -> out.append(e);
            case 'x' -> {
                return hex(s, i, 2, out);
            }
            case 'u' -> {
                return hex(s, i, 4, out);
            }
            case 'U' -> {
                return hex(s, i, 8, out);
            }
            default -> {
                if (e >= '0' && e <= '7') {
                    int end = i;
                    while (end < s.length() && end < i + 3 && s.charAt(end) >= '0' && s.charAt(end) <= '7') {
                        end++;
                    }
                    out.append((char) Integer.parseInt(s.substring(i, end), 8));
                    return end;
                }
                out.append('\\').append(e);
            }
        }
        return i + 1;
    }

    private static int hex(String s, int i, int digits, StringBuilder out) {
        int end = i + 1 + digits;
        if (end <= s.length()) {
            try {
                out.appendCodePoint(Integer.parseInt(s.substring(i + 1, end), 16));
                return end;
            } catch (IllegalArgumentException notHex) {
                // not an escape after all: kept as written below
            }
        }
        out.append('\\').append(s.charAt(i));
        return i + 1;
    }
}
