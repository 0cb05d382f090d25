package io.reflex.executions;

import io.reflex.core.execution.Execution;
import io.reflex.core.store.ExecutionStore;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Query;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *
 * <p>{@link #later} is for an announcement published and left pending because the record's next writer usually
 * clears it in its own write (a runner's claim clears its request's): a moment later, one query for all that
 * are due finds the records that still hold theirs. One that another writer changed meanwhile without clearing
 * it (a cancel before any claim) is cleared then, as above; one nobody wrote since (waiting in the runners'
 * queue) is looked at again, up to {@link #LOOKS} times, and only cleared at the last look, so a backlog
 * shorter than that costs no write, and the runner's claim does not race the clear.
 */
final class AnnouncementClears {
    private static final Logger log = LoggerFactory.getLogger(AnnouncementClears.class);
    /**
     * How long {@link #later} waits between looks (and up to a quarter more, to share a query): long enough for a
     * runner that is free to claim the execution. The last of the {@link #LOOKS} is at most 3.75 s after the
     * publish, within the outbox sweep's {@code notifier.outbox_after} (5 s unless set lower), which would
     * announce again what is still pending then.
     */
    static final Duration LATER = Duration.ofSeconds(1);
    /** How many times {@link #later} looks at a record nobody wrote since before it clears it. */
    static final int LOOKS = 3;
    /** The most records one look of {@link #later} reads at once. */
    private static final int LATER_BATCH = 500;

    private final ExecutionStore executions;
    private final Duration laterBy;
    private final ReentrantLock laterLock = new ReentrantLock();
    private final Condition laterAdded = laterLock.newCondition();
    private final ArrayDeque<Later> later = new ArrayDeque<>();
    private Thread laterThread;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition written = lock.newCondition();
    private final List<Clear> waiting = new ArrayList<>();
    private boolean writing;

    AnnouncementClears(ExecutionStore executions) {
        this(executions, LATER);
    }

    AnnouncementClears(ExecutionStore executions, Duration laterBy) {
        this.executions = Objects.requireNonNull(executions, "executions");
        this.laterBy = Objects.requireNonNull(laterBy, "laterBy");
    }

    /**
     * A clear {@link #later}: the record's id, the version whose announcement it clears, when it looks next, and
     * how many looks are left.
     */
    private record Later(String id, long version, long dueNanos, int looksLeft) {}

    /**
     * {@link #laterBy} from now, rounded up to a quarter of it, so that the looks of the clears left meanwhile are
     * one query.
     */
    private long nextLook() {
        long tick = Math.max(1, laterBy.toNanos() / 4);
        long due = System.nanoTime() + laterBy.toNanos();
        return due - Math.floorMod(due, tick) + tick;
    }

    /**
     * Clears the pending announcement of {@code published}'s own version {@code laterBy} from now, unless the
     * record no longer holds it by then (its next writer cleared it). Returns at once; the looks run on a thread
     * of their own, one query for every clear due. Best effort: what a process that stops first leaves pending
     * is the outbox sweep's, which announces it once more.
     */
    void later(Execution published) {
        laterLock.lock();
        try {
            later.addLast(new Later(published.id(), published.version(), nextLook(), LOOKS - 1));
            if (laterThread == null) {
                laterThread =
                        Thread.ofVirtual().name("announcement-clears-later").start(this::clearLater);
            }
            laterAdded.signal();
        } finally {
            laterLock.unlock();
        }
    }

    private void clearLater() {
        while (true) {
            List<Later> due = due();
            try {
                clearStillPending(due);
            } catch (RuntimeException e) {
                log.warn(
                        "announcements left pending for the outbox sweep executions={} error={}",
                        due.size(),
                        e.toString());
            }
        }
    }

    /** The clears due now, at most {@link #LATER_BATCH}; waits until one is. */
    private List<Later> due() {
        laterLock.lock();
        try {
            while (true) {
                Later head = later.peekFirst();
                long wait = head == null ? Long.MAX_VALUE : head.dueNanos() - System.nanoTime();
                if (head != null && wait <= 0) {
                    List<Later> out = new ArrayList<>();
                    long now = System.nanoTime();
                    while (!later.isEmpty() && later.peekFirst().dueNanos() <= now && out.size() < LATER_BATCH) {
                        out.add(later.pollFirst());
                    }
                    return out;
                }
                if (head == null) {
                    laterAdded.awaitUninterruptibly();
                } else {
                    try {
                        laterAdded.awaitNanos(wait);
                    } catch (InterruptedException e) {
                        // a virtual thread of this object's own: nobody interrupts it; look again
                    }
                }
            }
        } finally {
            laterLock.unlock();
        }
    }

    /**
     * One query per version among {@code due} for the records still holding that announcement; those changed
     * since, or at their last look, are cleared in one group write (a record changed meanwhile is cleared alone,
     * on the record read back), the others looked at again later.
     */
    private void clearStillPending(List<Later> due) {
        Map<Long, Map<String, Later>> byVersion = new HashMap<>();
        for (Later l : due) {
            byVersion.computeIfAbsent(l.version(), v -> new HashMap<>()).put(l.id(), l);
        }
        List<Execution> still = new ArrayList<>();
        List<Execution> cleared = new ArrayList<>();
        List<Long> versions = new ArrayList<>();
        List<Later> again = new ArrayList<>();
        for (Map.Entry<Long, Map<String, Later>> e : byVersion.entrySet()) {
            long version = e.getKey();
            for (Execution holding : executions.find(Query.of(Filter.and(
                    Filter.in("id", List.copyOf(e.getValue().keySet())), Filter.eq("outbox.version", version))))) {
                Later l = e.getValue().get(holding.id());
                if (holding.version() == version && l.looksLeft() > 0) {
                    again.add(new Later(l.id(), version, nextLook(), l.looksLeft() - 1));
                    continue;
                }
                still.add(holding);
                cleared.add(holding.withoutAnnouncements(List.of(version)));
                versions.add(version);
            }
        }
        if (!again.isEmpty()) {
            laterLock.lock();
            try {
                later.addAll(again);
            } finally {
                laterLock.unlock();
            }
        }
        if (still.isEmpty()) {
            return;
        }
        boolean[] written = executions.compareAndSetAll(still, cleared);
        for (int i = 0; i < written.length; i++) {
            if (!written[i]) {
                executions.clearAnnouncements(still.get(i), List.of(versions.get(i)));
            }
        }
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
