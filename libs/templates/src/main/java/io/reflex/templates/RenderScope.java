package io.reflex.templates;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * An outer bound on every render the calling thread does while {@link #call} runs: a deadline shared by all
 * of them (an execution's {@code timeout}, or the time one rule enforcement may take) and a stop signal (an
 * execution being canceled). A render polls both, with its thread's interrupt flag, at every node, loop
 * iteration and expression call, and ends with a {@link RenderStoppedException} once any of them fires,
 * releasing the thread. Scopes nest: the inner one is bounded by the outer one too.
 */
public final class RenderScope {
    private static final ThreadLocal<RenderScope> CURRENT = new ThreadLocal<>();
    private static final BooleanSupplier NEVER = () -> false;

    private final long deadlineNanos;
    private final String deadlineMessage;
    private final BooleanSupplier stop;
    private final RenderScope outer;

    private RenderScope(long deadlineNanos, String deadlineMessage, BooleanSupplier stop, RenderScope outer) {
        this.deadlineNanos = deadlineNanos;
        this.deadlineMessage = deadlineMessage;
        this.stop = stop;
        this.outer = outer;
    }

    /** Work done in a scope. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T get() throws E;
    }

    /**
     * Runs {@code work} with every render on this thread bounded by {@code within} from now and stopped
     * when {@code stop} (may be null) turns true. Blocks for as long as {@code work} does.
     *
     * @param deadlineMessage the error once {@code within} has passed, e.g. "parameter rendering exceeded the
     *     execution timeout (2s)"
     */
    public static <T, E extends Exception> T call(
            Duration within, String deadlineMessage, BooleanSupplier stop, Work<T, E> work) throws E {
        Objects.requireNonNull(deadlineMessage, "deadlineMessage");
        return enter(System.nanoTime() + Math.min(within.toNanos(), Long.MAX_VALUE / 4), deadlineMessage, stop, work);
    }

    /** Runs {@code work} with every render on this thread stopped when {@code stop} turns true. */
    public static <T, E extends Exception> T stoppable(BooleanSupplier stop, Work<T, E> work) throws E {
        return enter(System.nanoTime() + Long.MAX_VALUE / 4, "", stop, work);
    }

    private static <T, E extends Exception> T enter(
            long deadline, String deadlineMessage, BooleanSupplier stop, Work<T, E> work) throws E {
        RenderScope outer = CURRENT.get();
        CURRENT.set(new RenderScope(deadline, deadlineMessage, stop == null ? NEVER : stop, outer));
        try {
            return work.get();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    static RenderScope current() {
        return CURRENT.get();
    }

    /** Throws when this scope or one around it must stop now. */
    void check(long now) {
        if (stop.getAsBoolean()) {
            throw new RenderStoppedException("template rendering was stopped (the execution is being canceled)", false);
        }
        if (now - deadlineNanos > 0) {
            throw new RenderStoppedException(deadlineMessage, true);
        }
        if (outer != null) {
            outer.check(now);
        }
    }
}
