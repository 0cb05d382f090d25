package io.reflex.runtime.service;

/**
 * Makes a value safe to put in a log line: every character that could end the line, start another, hide
 * text or steer a terminal is written as an escape, so input can never forge a log entry. LF, CR and TAB
 * become {@code \n}, {@code \r}, {@code \t}; every other C0 control, DEL, C1 control, the Unicode line and
 * paragraph separators (U+2028, U+2029) and the bidirectional overrides and isolates become
 * {@code \}{@code uXXXX}. Everything else, backslashes included, is kept as is.
 */
final class LogEscape {
    private LogEscape() {}

    /** {@code value} with its unsafe characters escaped; the same instance when it has none; null stays null. */
    static String escape(String value) {
        if (value == null) {
            return null;
        }
        int first = 0;
        while (first < value.length() && !unsafe(value.charAt(first))) {
            first++;
        }
        if (first == value.length()) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() + 16).append(value, 0, first);
        for (int i = first; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (unsafe(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    static boolean unsafe(char c) {
        return c < 0x20
                || (c >= 0x7f && c <= 0x9f)
                || c == 0x2028
                || c == 0x2029
                || (c >= 0x202a && c <= 0x202e)
                || (c >= 0x2066 && c <= 0x2069);
    }
}
