package io.reflex.executions;

import io.reflex.core.execution.Execution;
import io.reflex.core.store.ExecutionStore;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes stored executions, each a compare-and-set on (id, status, version): the change is computed from
 * the latest record and, when another writer got there first, computed again from the record it wrote.
 * Every written change appends update stream events; a change into a completed status also publishes
 * {@code ExecutionCompleted}. Blocks on the store.
 */
public final class ExecutionWriter {
    private static final Logger log = LoggerFactory.getLogger(ExecutionWriter.class);
    private static final int ATTEMPTS = 20;

    /** There is no execution with that id. */
    public static final class NoSuchExecution extends RuntimeException {
        public NoSuchExecution(String id) {
            super("Unable to identify resource with id \"" + id + "\".");
        }
    }

    /** Other writers kept winning the race for {@value #ATTEMPTS} attempts. */
    public static final class Contended extends RuntimeException {
        public Contended(String id) {
            super("Execution " + id + " is being changed concurrently; try again.");
        }
    }

    private final ExecutionStore executions;
    private final ExecutionEvents events;

    public ExecutionWriter(ExecutionStore executions, ExecutionEvents events) {
        this.executions = executions;
        this.events = events;
    }

    public ExecutionEvents events() {
        return events;
    }

    /**
     * Applies {@code change} to the latest record of {@code id}. The change returns the record it is given
     * to mean "nothing to do" (nothing is written), or a changed record (built with {@link
     * Execution#transitionTo} or {@link Execution#update}); it may throw to refuse.
     *
     * @return the record stored afterwards
     * @throws NoSuchExecution when there is no such execution
     * @throws Contended when the store kept losing the race
     */
    public Execution apply(String id, UnaryOperator<Execution> change) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Execution current = executions.get(id).orElseThrow(() -> new NoSuchExecution(id));
            Execution changed = change.apply(current);
            if (changed == current) {
                return current;
            }
            Execution next = oneStep(current, changed);
            if (executions.compareAndSet(current, next)) {
                written(current, next);
                return next;
            }
        }
        throw new Contended(id);
    }

    /**
     * Writes {@code next} over exactly {@code current} (no retry): for owners that must not override a
     * change they did not see (a runner holding a lease). Announces the change when written.
     *
     * @return false when the stored record is no longer {@code current}
     */
    public boolean compareAndSet(Execution current, Execution next) {
        if (!executions.compareAndSet(current, oneStep(current, next))) {
            return false;
        }
        written(current, oneStep(current, next));
        return true;
    }

    private void written(Execution current, Execution next) {
        if (next.status() != current.status()) {
            log.info("execution status changed execution={} from={} to={}", next.id(), current.status(), next.status());
        }
        events.updated(next);
        if (next.status().completed() && !current.status().completed()) {
            events.completed(next);
        }
    }

    /**
     * A change built by several steps on {@code current} (each bumping the version) written as one: the
     * store's compare-and-set wants exactly {@code current.version() + 1}.
     */
    public static Execution oneStep(Execution current, Execution changed) {
        if (changed.version() == current.version() + 1) {
            return changed;
        }
        long steps = changed.version() - current.version();
        if (steps < 1) {
            throw new IllegalArgumentException("a change must be built from the current record");
        }
        return changed.atVersion(current.version() + 1);
    }
}
