package io.reflex.yaql;

import java.util.regex.Matcher;
import java.util.regex.PatternSyntaxException;

/**
 * Regular expressions, written as Python writes them ({@code (?P<name>...)}, {@code \1} in replacements) and run by
 * java.util.regex on an input that counts every character read as a step, so catastrophic backtracking ends at
 * {@link YaqlLimits#maxOperations()} instead of hanging.
 */
final class Regexes {
    private Regexes() {}

    /** A compiled {@code regex(...)} value. */
    record Pattern(String source, java.util.regex.Pattern compiled) {}

    static void register(Library lib) {
        lib.function("regex", inv -> {
            inv.expect(1, 1, "ignoreCase", "multiLine", "dotAll");
            int flags = 0;
            if (Values.truthy(inv.arg(-1, "ignoreCase", false))) {
                flags |= java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.UNICODE_CASE;
            }
            if (Values.truthy(inv.arg(-1, "multiLine", false))) {
                flags |= java.util.regex.Pattern.MULTILINE;
            }
            if (Values.truthy(inv.arg(-1, "dotAll", false))) {
                flags |= java.util.regex.Pattern.DOTALL;
            }
            return compile(inv, inv.arg(0), flags);
        });
        lib.method("matches", inv -> {
            Object other = inv.expect(1, 1).arg(0);
            return inv.receiver() instanceof Pattern
                    ? matches(inv.ev(), other, inv.receiver(), "matches")
                    : matches(inv.ev(), inv.receiver(), other, "matches");
        });
        lib.method("search", inv -> {
            Matcher m = matcher(inv, pattern(inv), inv.expect(1, 1).arg(0));
            return m.find() ? m.group() : null;
        });
        lib.method("searchAll", inv -> {
            Matcher m = matcher(inv, pattern(inv), inv.expect(1, 1).arg(0));
            Produced out = new Produced();
            while (m.find()) {
                inv.ev().add(out, m.group());
            }
            return out;
        });
        lib.function("escapeRegex", inv -> {
            if (!(inv.expect(1, 1).arg(0) instanceof String s)) {
                throw inv.noMatch();
            }
            return s.replaceAll("([^A-Za-z0-9_])", "\\\\$1");
        });
        lib.function("isRegex", inv -> inv.expect(1, 1).arg(0) instanceof Pattern);
    }

    /** {@code string =~ pattern}: whether the pattern is found anywhere in the string. */
    static boolean matches(Evaluation ev, Object string, Object pattern, String op) {
        if (!(string instanceof String s) || !(pattern instanceof String || pattern instanceof Pattern)) {
            throw Errors.noMatchingFunction(op.equals("matches") ? op : "#operator_" + op);
        }
        java.util.regex.Pattern p = pattern instanceof Pattern c ? c.compiled() : compile(pattern.toString(), 0);
        return p.matcher(new Counted(s, ev)).find();
    }

    /** {@code regexp.split(string, maxSplit => 0)} or {@code string.split(regexp, maxSplit => 0)}. */
    static Object split(Invocation inv) {
        inv.expect(1, 2, "maxSplit");
        Object r = inv.receiver();
        Object a = inv.arg(0);
        Pattern p = (Pattern) (r instanceof Pattern ? r : a);
        Object text = r instanceof Pattern ? a : r;
        long max = CollectionFunctions.integer(inv, 1, "maxSplit", 0);
        Matcher m = matcher(inv, p, text);
        Produced out = new Produced();
        int last = 0;
        String s = text.toString();
        while ((max <= 0 || out.size() < max) && m.find()) {
            inv.ev().add(out, s.substring(last, m.start()));
            last = m.end();
        }
        inv.ev().add(out, s.substring(last));
        return out;
    }

    /** {@code regexp.replace(string, repl, count => 0)} or {@code string.replace(regexp, repl, count => 0)}. */
    static Object replace(Invocation inv) {
        inv.expect(2, 3, "count");
        Object r = inv.receiver();
        Object a = inv.arg(0);
        Pattern p = (Pattern) (r instanceof Pattern ? r : a);
        Object text = r instanceof Pattern ? a : r;
        if (!(inv.arg(1) instanceof String repl)) {
            throw inv.noMatch();
        }
        long count = CollectionFunctions.integer(inv, 2, "count", 0);
        Matcher m = matcher(inv, p, text);
        String replacement = javaReplacement(repl);
        StringBuilder out = new StringBuilder();
        long done = 0;
        while ((count <= 0 || done < count) && m.find()) {
            m.appendReplacement(out, replacement);
            inv.ev().checkLength(out.length());
            done++;
        }
        m.appendTail(out);
        return inv.ev().checkString(out.toString());
    }

    private static Pattern pattern(Invocation inv) {
        if (!(inv.receiver() instanceof Pattern p)) {
            throw inv.noMatch();
        }
        return p;
    }

    private static Matcher matcher(Invocation inv, Pattern p, Object text) {
        if (!(text instanceof String s)) {
            throw inv.noMatch();
        }
        return p.compiled().matcher(new Counted(s, inv.ev()));
    }

    private static Pattern compile(Invocation inv, Object source, int flags) {
        if (!(source instanceof String s)) {
            throw inv.noMatch();
        }
        return new Pattern(s, compile(s, flags));
    }

    private static java.util.regex.Pattern compile(String python, int flags) {
        String translated = python.replace("(?P<", "(?<")
                .replaceAll("\\(\\?P=(\\w+)\\)", "\\\\k<$1>")
                .replace("\\Z", "\\z");
        try {
            return java.util.regex.Pattern.compile(translated, flags);
        } catch (PatternSyntaxException e) {
            throw new YaqlEvaluationException(
                    "error", "bad regular expression " + PyText.repr(python) + ": " + e.getDescription());
        }
    }

    /** Python's replacement syntax ({@code \1}, {@code \g<name>}) as java.util.regex's. */
    private static String javaReplacement(String python) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < python.length(); i++) {
            char c = python.charAt(i);
            if (c == '$') {
                out.append("\\$");
            } else if (c == '\\' && i + 1 < python.length()) {
                char n = python.charAt(++i);
                if (Character.isDigit(n)) {
                    out.append('$').append(n);
                } else if (n == 'g' && i + 1 < python.length() && python.charAt(i + 1) == '<') {
                    int end = python.indexOf('>', i);
                    out.append("${").append(python, i + 2, end).append('}');
                    i = end;
                } else if (n == 'n') {
                    out.append('\n');
                } else if (n == 't') {
                    out.append('\t');
                } else {
                    out.append("\\\\").append(n == '\\' ? "" : String.valueOf(n));
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The text a regex runs on: every character read is a step of the evaluation. */
    private record Counted(String text, Evaluation ev) implements CharSequence {
        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            ev.step();
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Counted(text.substring(start, end), ev);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
