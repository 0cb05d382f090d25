package io.reflex.rulesengine.timers;

import io.reflex.core.store.Entity;
import io.reflex.core.store.EntityKind;
import io.reflex.core.store.Ids;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * How far a timer's schedule is settled: every schedule point at or before {@code settledUntil} has been fired
 * or deliberately skipped (by a misfire, or because the timer was not active then). Kept in the store so that
 * a newly elected leader knows what the previous one missed. {@code settledUntil} is an ISO-8601 instant in a
 * string because the store keeps instants to the millisecond and a DateTimer may name microseconds.
 *
 * @param trigger the timer's trigger ref
 * @param updatedBy the member that wrote it last (for operators)
 */
record TimerProgress(String id, String trigger, String settledUntil, String updatedBy) implements Entity {
    /** One record per timer, in a collection of its own (not in {@code Kinds.ALL}: only timer leaders use it). */
    static final EntityKind<TimerProgress> KIND = new EntityKind<>("timer_progress", TimerProgress.class, List.of());

    TimerProgress {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(settledUntil, "settled_until");
        updatedBy = updatedBy == null ? "" : updatedBy;
    }

    static TimerProgress of(String trigger, Instant settledUntil, String updatedBy) {
        return new TimerProgress(idOf(trigger), trigger, settledUntil.toString(), updatedBy);
    }

    static String idOf(String trigger) {
        return Ids.derived("timer-progress", trigger);
    }

    Instant settled() {
        return Instant.parse(settledUntil);
    }
}
