package io.reflex.rulesengine.timers;

import io.reflex.core.store.Filter;
import io.reflex.core.store.StateStore;
import io.reflex.core.store.Store;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stored {@link TimerProgress} of each timer, moved only forward: every write is a compare-and-set on the
 * value last seen, so two leaders that overlap for a moment cannot move a timer's progress back (the later
 * point wins). Blocks on the store; throws its {@code StoreException}s.
 */
final class ProgressStore {
    private static final int ATTEMPTS = 5;

    private final Store<TimerProgress> records;
    private final String memberId;
    // The value this member last read or wrote per timer: the expected value of the next compare-and-set.
    private final Map<String, TimerProgress> seen = new ConcurrentHashMap<>();

    ProgressStore(StateStore store, String memberId) {
        this.records = store.store(TimerProgress.KIND);
        this.memberId = memberId;
    }

    /** The stored progress of {@code trigger}, if any. */
    Optional<Instant> settled(String trigger) {
        Optional<TimerProgress> p = records.get(TimerProgress.idOf(trigger));
        p.ifPresentOrElse(v -> seen.put(trigger, v), () -> seen.remove(trigger));
        return p.map(TimerProgress::settled);
    }

    /**
     * Records that {@code trigger} is settled until {@code until}, unless the store already says later.
     *
     * @return the stored progress afterwards ({@code until} or the later value found)
     */
    Instant advance(String trigger, Instant until) {
        TimerProgress next = TimerProgress.of(trigger, until, memberId);
        TimerProgress expected = seen.get(trigger);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (expected == null) {
                TimerProgress stored = records.insertIfAbsent(next);
                if (stored.equals(next)) {
                    seen.put(trigger, next);
                    return until;
                }
                expected = stored;
            }
            if (!expected.settled().isBefore(until)) {
                seen.put(trigger, expected);
                return expected.settled();
            }
            if (records.replaceIf(next, Filter.eq("settled_until", expected.settledUntil()))) {
                seen.put(trigger, next);
                return until;
            }
            expected = records.get(next.id()).orElse(null);
        }
        throw new IllegalStateException("timer progress of " + trigger + " kept changing under this leader");
    }

    /** Forgets {@code trigger}'s progress (its timer is no longer used by any enabled rule). */
    void forget(String trigger) {
        seen.remove(trigger);
        records.delete(TimerProgress.idOf(trigger));
    }
}
