package io.reflex.executions;

import io.reflex.core.execution.Execution;
import io.reflex.core.store.ExecutionStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Clears of published announcements ({@link ExecutionStore#clearAnnouncements}) shared among concurrent callers,
 * as a group commit: a caller whose clear finds none being written writes it, together with every clear that
 * is waiting, in one {@link ExecutionStore#compareAndSetAll}; callers arriving meanwhile wait, and one of them
 * writes the next group. A caller alone writes alone, as before; under load one round trip clears the
 * announcements of many executions. A clear whose record changed since (its compare-and-set lost) is done
 * again alone, on the record read back, as {@link ExecutionStore#clearAnnouncements} does. Each caller returns
 * once its own clear is written, so what it returns is what the store holds, as before. Blocks on the store;
 * safe from any number of threads (virtual threads wait on a {@link ReentrantLock}, never pinning their
 * carrier).
 */
final class AnnouncementClears {
    private final ExecutionStore executions;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition written = lock.newCondition();
    private final List<Clear> waiting = new ArrayList<>();
    private boolean writing;

    AnnouncementClears(ExecutionStore executions) {
        this.executions = Objects.requireNonNull(executions, "executions");
    }

    /** One clear: the record it was asked on, what it clears, and how it ended. */
    private static final class Clear {
        final Execution known;
        final Execution cleared;
        boolean done;
        boolean lost;
        RuntimeException failure;

        Clear(Execution known, Execution cleared) {
            this.known = known;
            this.cleared = cleared;
        }
    }

    /**
     * {@link ExecutionStore#clearAnnouncements}, written with the clears of other callers when they meet.
     *
     * @return the record stored afterwards; empty when it no longer exists
     * @throws RuntimeException when the store failed
     */
    Optional<Execution> clear(Execution known, Collection<Long> versions) {
        Execution cleared = known.withoutAnnouncements(versions);
        if (cleared == known) {
            return Optional.of(known);
        }
        Clear own = new Clear(known, cleared);
        List<Clear> group = null;
        lock.lock();
        try {
            waiting.add(own);
            while (writing && !own.done) {
                written.awaitUninterruptibly();
            }
            if (!own.done) {
                writing = true;
                group = List.copyOf(waiting);
                waiting.clear();
            }
        } finally {
            lock.unlock();
        }
        if (group != null) {
            write(group);
        }
        return ended(own, versions); // outside the lock: a lost clear reads and writes the store again
    }

    /** How many clears wait for a group to be written (the bookkeeping's one observable count). */
    int waiting() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    /** Writes {@code group} and hands the writing on; every clear in it is done afterwards. */
    private void write(List<Clear> group) {
        boolean[] stored = null;
        RuntimeException failure = null;
        try {
            stored = executions.compareAndSetAll(
                    group.stream().map(c -> c.known).toList(),
                    group.stream().map(c -> c.cleared).toList());
        } catch (RuntimeException e) {
            failure = e;
        }
        lock.lock();
        try {
            for (int i = 0; i < group.size(); i++) {
                Clear c = group.get(i);
                c.failure = failure;
                c.lost = failure == null && !stored[i];
                c.done = true;
            }
            writing = false;
            written.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** How {@code c} ended, once its group was written (its fields are read after the lock published them). */
    private Optional<Execution> ended(Clear c, Collection<Long> versions) {
        if (c.failure != null) {
            throw c.failure;
        }
        // another writer came first: clear on the record as it is now, alone
        return c.lost ? executions.clearAnnouncements(c.known, versions) : Optional.of(c.cleared);
    }
}
