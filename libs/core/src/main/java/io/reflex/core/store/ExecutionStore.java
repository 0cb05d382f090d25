package io.reflex.core.store;

import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;

/**
 * Executions, whose status only changes by compare-and-set. Build {@code next} with
 * {@link Execution#transitionTo} (which checks the state machine and bumps the version); the store writes
 * it only if the stored record still has {@code expected}'s status and version.
 */
public interface ExecutionStore extends Store<Execution> {
    /**
     * Writes {@code next} if the stored record with the same id still has {@code expectedStatus} and
     * {@code expectedVersion}, and {@code next.version() == expectedVersion + 1}.
     *
     * @return false when another writer got there first (re-read and decide again)
     * @throws IllegalArgumentException when {@code next} does not carry the next version
     */
    default boolean compareAndSet(ExecutionStatus expectedStatus, long expectedVersion, Execution next) {
        if (next.version() != expectedVersion + 1) {
            throw new IllegalArgumentException("execution " + next.id() + ": next version must be "
                    + (expectedVersion + 1) + ", was " + next.version());
        }
        return replaceIf(
                next, Filter.and(Filter.eq("status", expectedStatus.wire()), Filter.eq("version", expectedVersion)));
    }

    /** {@link #compareAndSet} with the expected values taken from the record {@code current}. */
    default boolean compareAndSet(Execution current, Execution next) {
        return compareAndSet(current.status(), current.version(), next);
    }
}
