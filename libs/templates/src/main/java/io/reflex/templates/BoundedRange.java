package io.reflex.templates;

import java.util.ArrayList;
import java.util.List;

/**
 * Jinja's {@code range(stop)} / {@code range(start, stop[, step])} with Python's semantics, refusing (instead
 * of silently cutting short, as Jinjava's own does) a range longer than {@code templates.max_loop_iterations}.
 */
final class BoundedRange {
    private BoundedRange() {}

    public static List<Integer> range(Object first, Object... rest) {
        long start = 0;
        long stop = toLong(first);
        long step = 1;
        if (rest != null && rest.length > 0) {
            start = stop;
            stop = toLong(rest[0]);
            step = rest.length > 1 ? toLong(rest[1]) : 1;
        }
        if (step == 0) {
            throw new TemplateException("range() step must not be zero");
        }
        long count = step > 0 ? ceilDiv(stop - start, step) : ceilDiv(start - stop, -step);
        RenderBudget budget = RenderBudget.current();
        TemplateLimits limits = budget == null ? TemplateLimits.DEFAULTS : budget.limits();
        if (count > limits.maxLoopIterations()) {
            throw budget == null
                    ? limits.exceeded(TemplateLimits.MAX_LOOP_ITERATIONS)
                    : budget.exceeded(TemplateLimits.MAX_LOOP_ITERATIONS);
        }
        List<Integer> out = new ArrayList<>((int) Math.max(0, count));
        for (long i = 0; i < count; i++) {
            out.add((int) (start + i * step));
        }
        return out;
    }

    private static long ceilDiv(long span, long step) {
        return span <= 0 ? 0 : (span + step - 1) / step;
    }

    private static long toLong(Object v) {
        if (v instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw new TemplateException("range() needs whole numbers, got " + v);
        }
    }
}
