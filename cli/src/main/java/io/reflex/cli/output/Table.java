package io.reflex.cli.output;

import java.util.ArrayList;
import java.util.List;

/**
 * A boxed text table that fits a width: the widest columns are narrowed first and their cells wrapped at
 * spaces, or after '.', '_', '-' and '/', or mid-word when nothing else fits. Pure text; no I/O.
 */
public final class Table {
    /** No column is narrowed below this (unless its content is narrower). */
    static final int MIN_COLUMN = 6;

    /** Characters after which a line may break (kept on the first line), besides spaces. */
    private static final String BREAK_AFTER = "._-/";

    private Table() {}

    public static String render(List<String> headers, List<List<String>> rows, int width) {
        int n = headers.size();
        int[] natural = new int[n];
        int[] word = new int[n];
        for (int i = 0; i < n; i++) {
            natural[i] = longestLine(headers.get(i));
            word[i] = longestWord(headers.get(i));
            for (List<String> row : rows) {
                natural[i] = Math.max(natural[i], longestLine(row.get(i)));
                word[i] = Math.max(word[i], longestWord(row.get(i)));
            }
        }
        int[] widths = widths(natural, word, width - (3 * n + 1));
        StringBuilder sb = new StringBuilder();
        String rule = rule(widths);
        sb.append(rule);
        appendRow(sb, headers, widths);
        sb.append(rule);
        for (List<String> row : rows) {
            appendRow(sb, row, widths);
        }
        if (!rows.isEmpty()) {
            sb.append(rule);
        }
        return sb.toString();
    }

    /**
     * Column widths for {@code available} characters: the widest column is narrowed first, one character at a
     * time, down to its longest unbreakable piece; when that is not enough, the columns after the first (ids
     * and refs, which people copy, stay whole) are narrowed further, breaking words, down to {@link
     * #MIN_COLUMN}; past that the table overflows rather than losing text.
     */
    static int[] widths(int[] natural, int[] word, int available) {
        int n = natural.length;
        int[] widths = new int[n];
        int[] whole = new int[n];
        int[] minimal = new int[n];
        long total = 0;
        for (int i = 0; i < n; i++) {
            widths[i] = Math.min(natural[i], Math.max(available, MIN_COLUMN));
            whole[i] = Math.min(widths[i], Math.max(MIN_COLUMN, word[i]));
            minimal[i] = Math.min(widths[i], MIN_COLUMN);
            total += widths[i];
        }
        while (total > available) {
            int i = widest(widths, whole, 0);
            if (i < 0) {
                i = widest(widths, minimal, 1);
            }
            if (i < 0) {
                break;
            }
            widths[i]--;
            total--;
        }
        return widths;
    }

    /** The widest column from {@code from} on still above its floor (the last one on a tie); -1 if none. */
    private static int widest(int[] widths, int[] floor, int from) {
        int best = -1;
        for (int i = from; i < widths.length; i++) {
            if (widths[i] > floor[i] && (best < 0 || widths[i] >= widths[best])) {
                best = i;
            }
        }
        return best;
    }

    private static String rule(int[] widths) {
        StringBuilder sb = new StringBuilder("+");
        for (int w : widths) {
            sb.append("-".repeat(w + 2)).append('+');
        }
        return sb.append('\n').toString();
    }

    private static void appendRow(StringBuilder sb, List<String> cells, int[] widths) {
        List<List<String>> wrapped = new ArrayList<>();
        int height = 1;
        for (int i = 0; i < widths.length; i++) {
            List<String> lines = wrap(cells.get(i), widths[i]);
            wrapped.add(lines);
            height = Math.max(height, lines.size());
        }
        for (int line = 0; line < height; line++) {
            sb.append('|');
            for (int i = 0; i < widths.length; i++) {
                List<String> lines = wrapped.get(i);
                String text = line < lines.size() ? lines.get(line) : "";
                sb.append(' ')
                        .append(text)
                        .append(" ".repeat(widths[i] - text.length()))
                        .append(" |");
            }
            sb.append('\n');
        }
    }

    /** The lines of {@code text} in at most {@code width} characters each, broken where it reads best. */
    public static List<String> wrap(String text, int width) {
        List<String> out = new ArrayList<>();
        for (String line : text.replace("\t", "    ").split("\r?\n", -1)) {
            String rest = line.stripTrailing();
            while (rest.length() > width) {
                int space = rest.lastIndexOf(' ', width);
                int mark = lastBreakMark(rest, width);
                if (space > 0 && space >= mark) {
                    out.add(rest.substring(0, space));
                    rest = rest.substring(space + 1);
                } else {
                    int cut = mark > 0 ? mark : width;
                    out.add(rest.substring(0, cut));
                    rest = rest.substring(cut);
                }
            }
            out.add(rest);
        }
        return out;
    }

    /** The end of the longest prefix of {@code s} within {@code width} ending in a break mark; 0 if none. */
    private static int lastBreakMark(String s, int width) {
        for (int i = Math.min(width, s.length()) - 1; i > 0; i--) {
            if (BREAK_AFTER.indexOf(s.charAt(i)) >= 0) {
                return i + 1;
            }
        }
        return 0;
    }

    /** The longest piece that wrapping never breaks: words, cut again after break marks. */
    private static int longestWord(String text) {
        int max = 0;
        for (String w : text.split("\\s+")) {
            int start = 0;
            for (int i = 0; i < w.length(); i++) {
                if (BREAK_AFTER.indexOf(w.charAt(i)) >= 0) {
                    max = Math.max(max, i + 1 - start);
                    start = i + 1;
                }
            }
            max = Math.max(max, w.length() - start);
        }
        return max;
    }

    private static int longestLine(String text) {
        int max = 0;
        for (String line : text.replace("\t", "    ").split("\r?\n", -1)) {
            max = Math.max(max, line.stripTrailing().length());
        }
        return max;
    }
}
