package io.reflex.templates;

import io.reflex.templates.Templates.RenderScope;

/**
 * What is left of one render's {@link TemplateLimits}: its deadline and loop iterations, bound to the
 * rendering thread while the render runs. The first limit exceeded is kept: every later check throws it
 * again, so that Jinjava, which turns some exceptions into errors and carries on, unwinds at once. Not
 * thread-safe: one render, one thread.
 */
final class RenderBudget implements AutoCloseable {
    private static final ThreadLocal<RenderBudget> CURRENT = new ThreadLocal<>();

    private final TemplateLimits limits;
    private final RenderScope scope;
    private final long deadlineNanos;
    private final RenderBudget previous;
    private long iterations;
    private TemplateException failure;

    private RenderBudget(TemplateLimits limits, RenderScope scope, RenderBudget previous) {
        this.limits = limits;
        this.scope = scope;
        this.deadlineNanos = System.nanoTime() + limits.maxRenderTime().toNanos();
        this.previous = previous;
    }

    /** Starts a render on this thread; close it when the render is over. */
    static RenderBudget open(TemplateLimits limits) {
        RenderBudget b = new RenderBudget(limits, RenderScope.current(), CURRENT.get());
        CURRENT.set(b);
        return b;
    }

    /** The budget of the render running on this thread, or null outside one. */
    static RenderBudget current() {
        return CURRENT.get();
    }

    TemplateLimits limits() {
        return limits;
    }

    /** The limit or stop that ended this render, or null. */
    TemplateException failure() {
        return failure;
    }

    /** Throws when the render must end: a limit was exceeded, or it was stopped from outside. */
    void check() {
        if (failure != null) {
            throw failure;
        }
        if (Thread.currentThread().isInterrupted()) {
            throw fail(new RenderStoppedException("template rendering was interrupted", false));
        }
        long now = System.nanoTime();
        if (scope != null) {
            try {
                scope.check(now);
            } catch (RenderStoppedException e) {
                throw fail(e);
            }
        }
        if (now - deadlineNanos > 0) {
            throw fail(limits.exceeded(TemplateLimits.MAX_RENDER_TIME));
        }
    }

    /** Counts one loop iteration, then {@link #check}s. */
    void iteration() {
        if (++iterations > limits.maxLoopIterations()) {
            throw fail(limits.exceeded(TemplateLimits.MAX_LOOP_ITERATIONS));
        }
        check();
    }

    /** Ends the render with {@code limitKey} exceeded. */
    TemplateException exceeded(String limitKey) {
        return fail(limits.exceeded(limitKey));
    }

    private TemplateException fail(TemplateException e) {
        if (failure == null) {
            failure = e;
        }
        return failure;
    }

    @Override
    public void close() {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }
}
