package io.reflex.rulesengine.criteria;

import java.util.regex.Pattern;

/** Python's {@code fnmatch} (POSIX, case-sensitive): {@code *}, {@code ?}, {@code [seq]}, {@code [!seq]}. */
final class Globs {
    private Globs() {}

    static boolean matches(String glob, String text) {
        return Pattern.compile(toRegex(glob), Pattern.DOTALL).matcher(text).matches();
    }

    static String toRegex(String glob) {
        StringBuilder re = new StringBuilder();
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i++);
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                case '[' -> {
                    int j = i;
                    if (j < glob.length() && (glob.charAt(j) == '!' || glob.charAt(j) == ']')) {
                        j++;
                    }
                    while (j < glob.length() && glob.charAt(j) != ']') {
                        j++;
                    }
                    if (j >= glob.length()) {
                        re.append("\\[");
                    } else {
                        String set = glob.substring(i, j).replace("\\", "\\\\");
                        i = j + 1;
                        re.append('[')
                                .append(set.startsWith("!") ? "^" + set.substring(1) : set)
                                .append(']');
                    }
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.toString();
    }
}
