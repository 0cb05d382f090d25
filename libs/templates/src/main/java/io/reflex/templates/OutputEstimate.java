package io.reflex.templates;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refuses, before they run, the calls that turn a small template into a huge string or list in one step: a
 * size argument larger than the output limit (the width of {@code center}, the count of {@code repeat}, the
 * batch size of {@code batch}...), {@code repeat}, {@code indent},
 * {@code center}, {@code replace} whose result would pass the limit, and printf-style widths in
 * {@code format}. Everything else is caught after the call by the result-size check.
 */
final class OutputEstimate {
    /** Calls whose numeric arguments are sizes of what they build. */
    private static final Set<String> SIZING =
            Set.of("repeat", "center", "indent", "batch", "slice", "wordwrap", "ljust", "rjust", "zfill");

    private static final Pattern PRINTF_WIDTH = Pattern.compile("%[-#+ 0,(<]*(\\d+)(?:\\.(\\d+))?");

    private OutputEstimate() {}

    /**
     * @param filter whether this is a filter call ({@code params} = value, interpreter, positional arguments,
     *     keyword arguments) rather than a method call on {@code base}
     */
    static boolean exceeds(boolean filter, Object base, String name, Object[] params, long max) {
        Object[] p = params == null ? new Object[0] : params;
        List<Object> args = filter ? filterArguments(p) : Arrays.asList(p);
        if (SIZING.contains(name)) {
            for (Object a : args) {
                if (a instanceof Number n && Math.abs(n.doubleValue()) > max) {
                    return true;
                }
            }
        }
        Object subject = filter ? (p.length > 0 ? p[0] : null) : base;
        return subject instanceof CharSequence s && estimate(name, s.toString(), args) > max;
    }

    private static List<Object> filterArguments(Object[] params) {
        List<Object> args = new ArrayList<>();
        if (params.length > 2 && params[2] instanceof Object[] positional) {
            args.addAll(Arrays.asList(positional));
        }
        if (params.length > 3 && params[3] instanceof Map<?, ?> keywords) {
            args.addAll(keywords.values());
        }
        return args;
    }

    private static long estimate(String name, String s, List<Object> args) {
        long len = s.length();
        return switch (name) {
            case "repeat" -> times(len, number(args, 0));
            case "center" -> Math.max(len, number(args, 0));
            case "indent" -> len + times(lines(s), number(args, 0));
            case "replace" -> replaced(s, args);
            case "format", "formatted" -> len + widths(s);
            default -> 0;
        };
    }

    /** The longest the result of replacing every occurrence of the first argument by the second can be. */
    private static long replaced(String s, List<Object> args) {
        if (args.size() < 2) {
            return 0;
        }
        long target = String.valueOf(args.get(0)).length();
        long replacement = String.valueOf(args.get(1)).length();
        long occurrences = target == 0 ? s.length() + 1 : s.length() / target;
        return s.length() + times(occurrences, Math.max(0, replacement - target));
    }

    private static long times(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static long widths(String format) {
        long sum = 0;
        Matcher m = PRINTF_WIDTH.matcher(format);
        while (m.find() && sum < Integer.MAX_VALUE) {
            sum += Math.min(Integer.MAX_VALUE, parse(m.group(1))) + Math.min(Integer.MAX_VALUE, parse(m.group(2)));
        }
        return sum;
    }

    private static long lines(String s) {
        return s.chars().filter(c -> c == '\n').count() + 1;
    }

    private static long number(List<Object> args, int index) {
        if (index >= args.size()) {
            return 0;
        }
        Object v = args.get(index);
        return v instanceof Number n ? Math.max(0, n.longValue()) : parse(String.valueOf(v));
    }

    private static long parse(String digits) {
        if (digits == null) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(digits.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
