package io.reflex.core.execution;

import io.reflex.core.json.Timestamps;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One pending announcement of an execution (its outbox entry, docs/architecture.md, rule 12): the change that wrote
 * record {@code version} still has to be told to the rest of the system. It is stored in the same
 * compare-and-set as the change, and removed by a second write once everything it names was confirmed by
 * the broker. Whoever announces it later (the notifier's outbox sweep) renders the record as it is then.
 *
 * @param version the record version the change wrote
 * @param at when the change was stored (the sweep takes entries older than a few seconds)
 * @param events stream event kinds to append, in order: {@link #CREATE}, {@link #UPDATE}
 * @param completion whether the change completed the execution ({@code ExecutionCompleted} to publish)
 */
public record Announcement(long version, Instant at, List<String> events, boolean completion) {
    /** {@code st2.execution__create} and {@code st2.liveaction__create}. */
    public static final String CREATE = "create";

    /** {@code st2.execution__update} and {@code st2.liveaction__update}. */
    public static final String UPDATE = "update";

    public Announcement {
        at = Timestamps.stored(Objects.requireNonNull(at, "at"));
        events = events == null ? List.of() : List.copyOf(events);
    }
}
