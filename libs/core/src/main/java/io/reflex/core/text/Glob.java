package io.reflex.core.text;

import java.util.regex.Pattern;

/**
 * A shell-style pattern as Python's {@code fnmatch} reads it on POSIX (StackStorm filters event names with
 * it; the rules engine's {@code matchwildcard} and the stream's event filter both use it): {@code *} any run of characters, {@code ?} one character, {@code [abc]} / {@code [a-z]} one of a set,
 * {@code [!abc]} one not in it; everything else literal and case-sensitive. An unclosed {@code [} is a
 * literal, as in fnmatch.
 */
public record Glob(String pattern, Pattern regex) {
    public static Glob of(String pattern) {
        return new Glob(pattern, Pattern.compile(translate(pattern), Pattern.DOTALL));
    }

    public boolean matches(String name) {
        return regex.matcher(name).matches();
    }

    /** Whether {@code text} matches {@code glob}, for a pattern used once. */
    public static boolean matches(String glob, String text) {
        return of(glob).matches(text);
    }

    /** The regular expression {@code glob} stands for. */
    public static String translate(String glob) {
        StringBuilder re = new StringBuilder();
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i++);
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                case '[' -> i = characterClass(glob, i, re);
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.toString();
    }

    /** Appends the class that starts after the {@code [} at {@code start - 1}; returns where to go on. */
    private static int characterClass(String glob, int start, StringBuilder re) {
        int j = start;
        if (j < glob.length() && glob.charAt(j) == '!') {
            j++;
        }
        if (j < glob.length() && glob.charAt(j) == ']') {
            j++;
        }
        while (j < glob.length() && glob.charAt(j) != ']') {
            j++;
        }
        if (j >= glob.length()) {
            re.append("\\[");
            return start;
        }
        String body = glob.substring(start, j);
        StringBuilder set = new StringBuilder("[");
        int k = 0;
        if (body.startsWith("!")) {
            set.append('^');
            k = 1;
        }
        for (; k < body.length(); k++) {
            char ch = body.charAt(k);
            boolean range = ch == '-' && k > (body.startsWith("!") ? 1 : 0) && k < body.length() - 1;
            // escaping a letter or digit could make it a regex class (\d, \w); any other character is safe to escape
            set.append(range ? "-" : Character.isLetterOrDigit(ch) ? String.valueOf(ch) : "\\" + ch);
        }
        re.append(set).append(']');
        return j + 1;
    }
}
