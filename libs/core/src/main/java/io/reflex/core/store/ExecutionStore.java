package io.reflex.core.store;

import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Executions, whose status only changes by compare-and-set. Build {@code next} with
 * {@link Execution#transitionTo} (which checks the state machine and bumps the version); the store writes
 * it only if the stored record still has {@code expected}'s status and version.
 *
 * <p>The outbox (docs/architecture.md, rule 12): a change and its pending announcement ({@link Execution#announcing})
 * are written by one compare-and-set; once the announcement was confirmed, {@link #clearAnnouncements}
 * removes it with a second one; {@link #pendingAnnouncements} finds what was never cleared.
 */
public interface ExecutionStore extends Store<Execution> {
    /** Times {@link #clearAnnouncements} re-reads after losing a race before it gives up. */
    int CLEAR_ATTEMPTS = 50;

    /**
     * Writes {@code next} if the stored record with the same id still has {@code expectedStatus} and
     * {@code expectedVersion}, and {@code next.version() == expectedVersion + 1}.
     *
     * @return false when another writer got there first (re-read and decide again)
     * @throws IllegalArgumentException when {@code next} does not carry the next version
     */
    default boolean compareAndSet(ExecutionStatus expectedStatus, long expectedVersion, Execution next) {
        return replaceIf(next, expecting(expectedStatus, expectedVersion, next));
    }

    /**
     * The condition of a compare-and-set that writes {@code next} over a record with {@code expectedStatus} and
     * {@code expectedVersion}.
     *
     * @throws IllegalArgumentException when {@code next} does not carry the next version
     */
    private static Filter expecting(ExecutionStatus expectedStatus, long expectedVersion, Execution next) {
        if (next.version() != expectedVersion + 1) {
            throw new IllegalArgumentException("execution " + next.id() + ": next version must be "
                    + (expectedVersion + 1) + ", was " + next.version());
        }
        return Filter.and(Filter.eq("status", expectedStatus.wire()), Filter.eq("version", expectedVersion));
    }

    /** {@link #compareAndSet} with the expected values taken from the record {@code current}. */
    default boolean compareAndSet(Execution current, Execution next) {
        return compareAndSet(current.status(), current.version(), next);
    }

    /**
     * {@link #compareAndSet(Execution, Execution)} of several records at once: entry {@code i} writes
     * {@code nexts.get(i)} over exactly {@code currents.get(i)}, each on its own (one failing does not stop the
     * others), through {@link #replaceAllIf}: in one round trip where the backend can.
     *
     * @return per entry, whether it was written
     * @throws StoreException when the store failed; then none may have been written
     */
    default boolean[] compareAndSetAll(List<Execution> currents, List<Execution> nexts) {
        if (currents.size() != nexts.size()) {
            throw new IllegalArgumentException(currents.size() + " records to change, " + nexts.size() + " changes");
        }
        List<Filter> conditions = new ArrayList<>(currents.size());
        for (int i = 0; i < currents.size(); i++) {
            Execution current = currents.get(i);
            conditions.add(expecting(current.status(), current.version(), nexts.get(i)));
        }
        return replaceAllIf(nexts, conditions);
    }

    /**
     * Removes the pending announcements of {@code versions} (and only those) from the record, as a
     * compare-and-set that bumps the version: first over {@code known}, then, while other writers win, over
     * the record re-read. Announcements other writers added meanwhile stay; a record whose entries are
     * already gone is left alone.
     *
     * @return the record stored afterwards; empty when it no longer exists
     * @throws StoreException when other writers kept winning for {@value #CLEAR_ATTEMPTS} attempts
     */
    default Optional<Execution> clearAnnouncements(Execution known, Collection<Long> versions) {
        Execution current = known;
        for (int attempt = 0; attempt < CLEAR_ATTEMPTS; attempt++) {
            Execution next = current.withoutAnnouncements(versions);
            if (next == current) {
                return Optional.of(current);
            }
            if (compareAndSet(current, next)) {
                return Optional.of(next);
            }
            Optional<Execution> fresh = get(known.id());
            if (fresh.isEmpty()) {
                return fresh;
            }
            current = fresh.get();
        }
        throw new StoreException("execution " + known.id() + ": announcements not cleared, the record kept changing");
    }

    /**
     * Executions holding an announcement stored at or before {@code cutoff}, oldest announcement first, at
     * most {@code limit}: one range scan of the {@code outbox.at} index.
     */
    default List<Execution> pendingAnnouncements(Instant cutoff, int limit) {
        return find(Query.of(Filter.lte("outbox.at", cutoff))
                .sorted(Sort.by("outbox.at"))
                .page(0, limit));
    }
}
