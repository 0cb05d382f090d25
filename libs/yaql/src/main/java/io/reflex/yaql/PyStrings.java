package io.reflex.yaql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Python's str methods that YAQL's string functions are: split, rsplit, strip, find, replace, slicing. */
final class PyStrings {
    private PyStrings() {}

    static boolean space(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    static String strip(String s, String chars, boolean left, boolean right) {
        int from = 0;
        int to = s.length();
        while (left && from < to && strips(s.charAt(from), chars)) {
            from++;
        }
        while (right && to > from && strips(s.charAt(to - 1), chars)) {
            to--;
        }
        return s.substring(from, to);
    }

    private static boolean strips(char c, String chars) {
        return chars == null ? space(c) : chars.indexOf(c) >= 0;
    }

    /** {@code s.split(sep, max)}: a null separator splits on runs of whitespace and drops empty parts. */
    static List<Object> split(String s, String sep, int max) {
        List<Object> out = new ArrayList<>();
        if (sep == null) {
            int i = 0;
            int n = s.length();
            while (true) {
                while (i < n && space(s.charAt(i))) {
                    i++;
                }
                if (i >= n) {
                    return out;
                }
                if (max >= 0 && out.size() == max) {
                    out.add(strip(s.substring(i), null, false, true));
                    return out;
                }
                int j = i;
                while (j < n && !space(s.charAt(j))) {
                    j++;
                }
                out.add(s.substring(i, j));
                i = j;
            }
        }
        checkSeparator(sep);
        int i = 0;
        while (max < 0 || out.size() < max) {
            int j = s.indexOf(sep, i);
            if (j < 0) {
                break;
            }
            out.add(s.substring(i, j));
            i = j + sep.length();
        }
        out.add(s.substring(i));
        return out;
    }

    static List<Object> rightSplit(String s, String sep, int max) {
        if (sep == null) {
            List<Object> all = split(s, null, -1);
            if (max < 0 || all.size() <= max + 1) {
                return all;
            }
            String reversed = new StringBuilder(s).reverse().toString();
            List<Object> parts = split(reversed, null, max);
            List<Object> out = new ArrayList<>();
            for (Object p : parts) {
                out.add(new StringBuilder((String) p).reverse().toString());
            }
            Collections.reverse(out);
            return out;
        }
        checkSeparator(sep);
        List<Object> out = new ArrayList<>();
        int end = s.length();
        while (max < 0 || out.size() < max) {
            int j = s.lastIndexOf(sep, end - sep.length());
            if (j < 0 || end - sep.length() < 0) {
                break;
            }
            out.add(s.substring(j + sep.length(), end));
            end = j;
        }
        out.add(s.substring(0, end));
        Collections.reverse(out);
        return out;
    }

    private static void checkSeparator(String sep) {
        if (sep.isEmpty()) {
            throw Errors.valueError("empty separator");
        }
    }

    /** {@code s[from:to]} with Python's clamping (negative bounds count from the end). */
    static String slice(String s, long from, long to) {
        int n = s.length();
        int a = clamp(from, n);
        int b = clamp(to, n);
        return a >= b ? "" : s.substring(a, b);
    }

    private static int clamp(long i, int n) {
        long v = i < 0 ? Math.max(0, n + i) : Math.min(n, i);
        return (int) v;
    }

    /** {@code s.find(sub, start, end)} or {@code rfind}: -1 when absent. */
    static long find(String s, String sub, long start, long end, boolean last) {
        int a = clamp(start, s.length());
        int b = clamp(end, s.length());
        if (b - a < sub.length()) {
            return -1L;
        }
        int i = last ? s.lastIndexOf(sub, b - sub.length()) : s.indexOf(sub, a);
        return (i < a || i + sub.length() > b) ? -1L : (long) i;
    }

    /** {@code s.replace(old, new, count)}; a negative count replaces all. */
    static String replace(Evaluation ev, String s, String old, String with, long count) {
        StringBuilder out = new StringBuilder();
        long done = 0;
        int i = 0;
        if (old.isEmpty()) {
            for (; i <= s.length() && (count < 0 || done < count); i++, done++) {
                out.append(with);
                if (i < s.length()) {
                    out.append(s.charAt(i));
                }
                ev.checkLength(out.length());
            }
            return i <= s.length()
                    ? out.append(s, Math.min(i, s.length()), s.length()).toString()
                    : out.toString();
        }
        while (count < 0 || done < count) {
            int j = s.indexOf(old, i);
            if (j < 0) {
                break;
            }
            out.append(s, i, j).append(with);
            ev.checkLength(out.length());
            i = j + old.length();
            done++;
        }
        out.append(s, i, s.length());
        return ev.checkString(out.toString());
    }
}
