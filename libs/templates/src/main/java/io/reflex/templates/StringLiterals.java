package io.reflex.templates;

import io.reflex.core.text.PyRepr;

/**
 * Gives string literals inside {@code {{ }}} and {@code {% %}} Jinja2's escapes: Python's ({@code \n},
 * {@code \x41}, unicode, octal...), and an unknown escape such as {@code \w} keeps its backslash, so
 * {@code regex_match('\w+')} means the regex {@code \w+}. Jinjava knows only a few escapes and refuses the
 * rest; each literal holding a backslash is rewritten to one Jinjava reads as the same text. Text outside
 * tags, comments and {@code raw} blocks are left as they are; line numbers move only where a literal joins
 * lines with a backslash before the line break.
 */
final class StringLiterals {
    private StringLiterals() {}

    /** {@code template} with every string literal in its tags written in Jinjava's escapes. */
    static String normalize(String template) {
        if (template.indexOf('\\') < 0 && !template.contains("}}}") && !template.contains("} }}")) {
            return template;
        }
        StringBuilder out = new StringBuilder(template.length() + 16);
        int i = 0;
        int n = template.length();
        while (i < n) {
            int open = nextOpen(template, i);
            if (open < 0) {
                out.append(template, i, n);
                break;
            }
            out.append(template, i, open);
            char kind = template.charAt(open + 1);
            if (kind == '#') {
                int end = template.indexOf("#}", open + 2);
                int stop = end < 0 ? n : end + 2;
                out.append(template, open, stop);
                i = stop;
            } else {
                i = tag(template, open, kind == '{' ? "}}" : "%}", out);
                if (kind == '%' && isRaw(template, open, i)) {
                    i = copyRaw(template, i, out);
                }
            }
        }
        return out.toString();
    }

    /**
     * A tag's text starting at {@code open}, its literals rewritten; the index after it. In an expression,
     * a {@code }} } that closes a dict or set inside it (Jinja2 counts braces) is written {@code } }} so that
     * Jinjava does not end the tag there.
     */
    private static int tag(String t, int open, String close, StringBuilder out) {
        out.append(t, open, open + 2);
        int i = open + 2;
        int depth = 0;
        while (i < t.length()) {
            char c = t.charAt(i);
            if (c == '\'' || c == '"') {
                i = literal(t, i, out);
            } else if (c == '{') {
                depth++;
                out.append(c);
                i++;
            } else if (c == '}' && depth > 0) {
                depth--;
                out.append(c);
                i++;
                if (close.equals("}}") && i < t.length() && t.charAt(i) == '}') {
                    out.append(' ');
                }
            } else if (t.startsWith(close, i)) {
                out.append(close);
                return i + 2;
            } else {
                out.append(c);
                i++;
            }
        }
        return i;
    }

    /** The literal opening at {@code start} re-quoted for Jinjava; the index after its closing quote. */
    private static int literal(String t, int start, StringBuilder out) {
        char q = t.charAt(start);
        StringBuilder value = new StringBuilder();
        int i = start + 1;
        while (i < t.length() && t.charAt(i) != q) {
            char c = t.charAt(i);
            if (c != '\\' || i + 1 >= t.length()) {
                value.append(c);
                i++;
            } else {
                i = PyEscapes.decode(t, i, value);
            }
        }
        if (i >= t.length()) {
            out.append(t, start, t.length()); // unterminated: Jinjava reports it
            return t.length();
        }
        out.append(q);
        value.chars().forEach(c -> {
            if (!PyRepr.shortEscape(c, out)) {
                if (c == q) {
                    out.append('\\');
                }
                out.append((char) c);
            }
        });
        out.append(q);
        return i + 1;
    }

    private static int nextOpen(String t, int from) {
        int i = t.indexOf('{', from);
        while (i >= 0 && i + 1 < t.length()) {
            char k = t.charAt(i + 1);
            if (k == '{' || k == '%' || k == '#') {
                return i;
            }
            i = t.indexOf('{', i + 1);
        }
        return -1;
    }

    private static boolean isRaw(String t, int open, int end) {
        String body = t.substring(open + 2, Math.max(open + 2, end - 2)).replaceAll("^[-+]|[-+]$", "");
        return body.strip().equals("raw");
    }

    private static int copyRaw(String t, int from, StringBuilder out) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{%[-+]?\\s*endraw\\s*[-+]?%}")
                .matcher(t);
        int stop = m.find(from) ? m.start() : t.length();
        out.append(t, from, stop);
        return stop;
    }
}
