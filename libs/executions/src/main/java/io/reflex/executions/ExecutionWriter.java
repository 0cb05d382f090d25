package io.reflex.executions;

import io.reflex.core.bus.EventBus;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.Execution.Announcement;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.JsonReuse;
import io.reflex.core.json.Timestamps;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.ExecutionCompleted;
import io.reflex.core.messages.Channels.StreamEvent;
import io.reflex.core.messages.Channels.WorkflowRequested;
import io.reflex.core.store.ExecutionStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes stored executions, each a compare-and-set on (id, status, version): the change is computed from
 * the latest record and, when another writer got there first, computed again from the record it wrote.
 * Announcing is an outbox (docs/architecture.md, rule 12): every change is stored with its pending announcement (update
 * stream events; and {@code ExecutionCompleted} for a change into a completed status), which is published
 * right after the write and then cleared by a second compare-and-set. A failed publish leaves it pending for
 * the notifier's outbox sweep ({@link #announcePending}), so a change is announced at least once even when
 * this process dies in between. Blocks on the store and the bus.
 *
 * <p>The announcements are what the rest of the system hears about executions: {@code st2.execution__<kind>} and
 * {@code st2.liveaction__<kind>} stream events holding the execution record (the stream renders them,
 * {@link ExecutionViews#rendering}), and
 * {@link ExecutionCompleted} on {@link Channels#EXECUTIONS_COMPLETED} (message id {@code id:status}) when
 * one completes, and also on {@link Channels#WORKFLOW_TASKS_COMPLETED} when it ran a workflow's task (its context
 * has {@code orquesta}), so the workflow engines hear of it (and of what else they follow, see
 * {@link #announceToWorkflowEngines}). {@link #publish} is the outbox's delivery: it throws when the broker did
 * not confirm, so the caller keeps the announcement pending (docs/architecture.md, rule 12).
 */
public final class ExecutionWriter {
    private static final Logger log = LoggerFactory.getLogger(ExecutionWriter.class);
    private static final int ATTEMPTS = 20;
    private static final Set<ExecutionStatus> HELD = Set.of(ExecutionStatus.PAUSED, ExecutionStatus.PENDING);
    private static final Set<ExecutionStatus> CONTROL = Set.of(
            ExecutionStatus.PAUSING, ExecutionStatus.RESUMING, ExecutionStatus.CANCELING, ExecutionStatus.CANCELED);

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
    private final AnnouncementClears clears;
    private final EventBus bus;
    private final Clock clock;
    private final FaultPoint fault;

    public ExecutionWriter(ExecutionStore executions, EventBus bus) {
        this(executions, bus, Clock.systemUTC());
    }

    /** @param clock stamps pending announcements (the outbox sweep compares them with its own clock) */
    public ExecutionWriter(ExecutionStore executions, EventBus bus, Clock clock) {
        this(executions, bus, clock, FaultPoint.fromEnvironment());
    }

    ExecutionWriter(ExecutionStore executions, EventBus bus, Clock clock, FaultPoint fault) {
        this.executions = executions;
        this.clears = new AnnouncementClears(executions);
        this.bus = Objects.requireNonNull(bus, "bus");
        this.clock = clock;
        this.fault = fault;
    }

    /**
     * Applies {@code change} to the latest record of {@code id}. The change returns the record it is given
     * to mean "nothing to do" (nothing is written), or a changed record (built with {@link
     * Execution#transitionTo} or {@link Execution#update}); it may throw to refuse.
     *
     * @return the record stored afterwards (its announcement cleared when it was published)
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
            Execution next = withAnnouncement(current, oneStep(current, changed));
            try (JsonReuse once = JsonReuse.of(next)) {
                if (executions.compareAndSet(current, next)) {
                    return written(current, next);
                }
            }
        }
        throw new Contended(id);
    }

    /**
     * A record an owner wrote whose announcement was published but, to spare a write, is still pending in the
     * store: the owner's next write of the record clears {@code published} ({@link #change(Execution, Execution,
     * Collection)}), or {@link ExecutionStore#clearAnnouncements} does. Until then the outbox sweep may announce it
     * again (after {@code notifier.outbox_after}), which consumers tolerate.
     *
     * @param published the versions whose announcements were confirmed, empty when the publish failed (the
     *     sweep's then)
     */
    public record Published(Execution stored, List<Long> published) {
        public Published {
            published = List.copyOf(published);
        }
    }

    /**
     * {@link #apply(String, UnaryOperator)} for an owner that writes the record again shortly (a runner's claim,
     * then its outcome), deciding first on {@code known}, a record the caller read just before, instead of
     * reading it again (when the store holds a newer one the compare-and-set fails and the change is decided
     * again on the latest; a decision to write nothing, or a refusal, is only taken on a record just read). The
     * change is announced, but its announcement is left for the owner's next write to clear ({@link Published}).
     *
     * @throws NoSuchExecution when there is no such execution
     * @throws Contended when the store kept losing the race
     */
    public Published applyLeavingClear(Execution known, UnaryOperator<Execution> change) {
        Execution current = known;
        boolean fresh = false;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Execution changed;
            try {
                changed = change.apply(current);
            } catch (RuntimeException refused) {
                if (fresh) {
                    throw refused;
                }
                changed = current;
            }
            if (changed == current && fresh) {
                return new Published(current, List.of());
            }
            if (changed != current) {
                Execution next = withAnnouncement(current, oneStep(current, changed));
                try (JsonReuse once = JsonReuse.of(next)) {
                    if (executions.compareAndSet(current, next)) {
                        logStatus(current, next);
                        return new Published(next, publish(next) ? List.of(next.version()) : List.of());
                    }
                }
            }
            current = executions.get(known.id()).orElseThrow(() -> new NoSuchExecution(known.id()));
            fresh = true;
        }
        throw new Contended(known.id());
    }

    /**
     * Records {@code child} among the children of {@code parent}, a record of it the caller read or wrote before
     * (when the store holds a newer one the compare-and-set fails and the child is added to the latest). The
     * only change stored without an announcement (StackStorm publishes an update of the parent for each child,
     * docs/compatibility.md): what follows a workflow hears of the child from the child's own creation event,
     * whose {@code parent} names the workflow, and readers of {@code children} read the record. Children are only
     * ever added, so a record that holds {@code child} already is answered as it is.
     *
     * @return the parent as stored afterwards (or as given, when it held the child)
     * @throws NoSuchExecution when the parent is gone
     * @throws Contended when the store kept losing the race
     */
    public Execution addChild(Execution parent, String child) {
        Execution current = parent;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Execution added = current.withChild(child);
            if (added == current || executions.compareAndSet(current, added)) {
                return added;
            }
            current = executions.get(parent.id()).orElseThrow(() -> new NoSuchExecution(parent.id()));
        }
        throw new Contended(parent.id());
    }

    /**
     * {@link #change(Execution, Execution)} that also clears the announcements of {@code published} (left
     * pending by {@link #applyLeavingClear}) in the same write.
     */
    public Optional<Execution> change(Execution current, Execution next, Collection<Long> published) {
        return change(current, published.isEmpty() ? next : next.withoutAnnouncements(published));
    }

    /**
     * Writes {@code next} over exactly {@code current} (no retry): for owners that must not override a
     * change they did not see (a runner holding a lease). Announces the change when written.
     *
     * @return false when the stored record is no longer {@code current}
     */
    public boolean compareAndSet(Execution current, Execution next) {
        return change(current, next).isPresent();
    }

    /**
     * {@link #compareAndSet}, returning the record stored afterwards (its announcement cleared when it was
     * published): what an owner writes its next change over.
     *
     * @return empty when the stored record is no longer {@code current}
     */
    public Optional<Execution> change(Execution current, Execution next) {
        Execution stored = withAnnouncement(current, oneStep(current, next));
        try (JsonReuse once = JsonReuse.of(stored)) {
            if (!executions.compareAndSet(current, stored)) {
                return Optional.empty();
            }
            return Optional.of(written(current, stored));
        }
    }

    /**
     * Publishes the pending announcement of the change that wrote {@code stored}, then clears it, in one store
     * write with the clears of other threads of this writer that meet it ({@link AnnouncementClears}). A failure
     * is logged and leaves it pending for the sweep.
     *
     * @return the record stored afterwards ({@code stored} when nothing was cleared)
     */
    public Execution announce(Execution stored) {
        if (!publish(stored)) {
            return stored;
        }
        try {
            return clears.clear(stored, List.of(stored.version())).orElse(stored);
        } catch (RuntimeException ex) {
            leftPending(stored, ex);
            return stored;
        }
    }

    /**
     * Publishes the pending announcement of a new record {@code stored} (a launcher's) and leaves it pending, to
     * spare a write: the runner that claims the execution clears it in its claim, told by the request that it
     * was published ({@link io.reflex.core.messages.Channels.ExecutionRequested#published}); for a record that
     * another writer changed first without clearing it, or that no runner claimed, {@link
     * AnnouncementClears#later} clears it a moment later. A failure is logged and leaves it pending for the
     * sweep.
     *
     * @return the versions published and left pending: {@code stored}'s, or none when the publish failed
     */
    public List<Long> announceLeavingClear(Execution stored) {
        if (!publish(stored)) {
            return List.of();
        }
        clears.later(stored);
        return List.of(stored.version());
    }

    private static void leftPending(Execution stored, RuntimeException ex) {
        log.warn(
                "announcement pending for the outbox sweep execution={} version={} error={}",
                stored.id(),
                stored.version(),
                ex.toString());
    }

    /** Publishes the pending announcement of the change that wrote {@code stored}; true when it was confirmed. */
    private boolean publish(Execution stored) {
        Optional<Announcement> own = stored.ownAnnouncement();
        if (own.isEmpty()) {
            return false;
        }
        if (own.get().completion()) {
            fault.completionStored(stored.id());
        }
        try {
            publish(stored, own.get());
            return true;
        } catch (RuntimeException ex) {
            leftPending(stored, ex);
            return false;
        }
    }

    /**
     * Publishes everything pending on {@code e} at once, rendered from {@code e} as it is: each stream event
     * kind once, the completion once when one is pending; then clears exactly those entries (entries other
     * writers added meanwhile stay). For the outbox sweep.
     *
     * @return false when nothing was pending
     * @throws RuntimeException when the bus or the store failed; the entries stay pending
     */
    public boolean announcePending(Execution e) {
        if (e.outbox().isEmpty()) {
            return false;
        }
        List<String> kinds = new ArrayList<>();
        boolean completion = false;
        List<Long> versions = new ArrayList<>();
        for (String kind : List.of(Announcement.CREATE, Announcement.UPDATE)) {
            if (e.outbox().stream().anyMatch(a -> a.events().contains(kind))) {
                kinds.add(kind);
            }
        }
        for (Announcement a : e.outbox()) {
            completion |= a.completion() && e.status().completed();
            versions.add(a.version());
        }
        publish(e, new Announcement(e.version(), Timestamps.now(clock), kinds, completion));
        executions.clearAnnouncements(e, versions);
        return true;
    }

    /** {@code next} (written over {@code current}) with the pending announcement of that change. */
    private Execution withAnnouncement(Execution current, Execution next) {
        boolean completion = next.status().completed() && !current.status().completed();
        return next.announcing(Timestamps.now(clock), List.of(Announcement.UPDATE), completion);
    }

    /** A new record (version 0) with the pending announcement of its creation: store it with that. */
    public Execution creating(Execution created, List<String> events, boolean completion) {
        return created.announcing(Timestamps.now(clock), events, completion);
    }

    private Execution written(Execution current, Execution next) {
        logStatus(current, next);
        return announce(next);
    }

    private static void logStatus(Execution current, Execution next) {
        if (next.status() != current.status()) {
            log.info("execution status changed execution={} from={} to={}", next.id(), current.status(), next.status());
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

    /**
     * Appends the stream events {@code a} names, holding {@code e} (all confirmed together; one log record per
     * kind stands for its {@code st2.execution__} and {@code st2.liveaction__} events), then publishes
     * the completion when {@code a} carries one; each step confirmed by the broker before the next.
     *
     * @throws RuntimeException when an append or the publish was not confirmed (some may have been)
     */
    public void publish(Execution e, Announcement a) {
        if (!a.events().isEmpty()) {
            List<StreamEvent> events = new ArrayList<>();
            for (String kind : a.events()) { // one record for both views of the change
                events.add(StreamEvent.ofExecution(
                        List.of(ExecutionViews.EXECUTION_EVENT + kind, ExecutionViews.LIVEACTION_EVENT + kind), e));
            }
            try (JsonReuse once = JsonReuse.of(e)) { // every event holds e: serialized once for all
                bus.log(Channels.EVENTS).appendAll(events);
            }
        }
        if (a.completion()) {
            announceCompletion(e);
        }
        if (a.events().contains(Announcement.UPDATE)) {
            announceToWorkflowEngines(e);
        }
    }

    /**
     * What the workflow engines hear besides completions: an orquesta workflow asked to pause, resume or
     * cancel (a workflow request: the engine reads the status), and a workflow task that paused or waits for an
     * answer (its workflow pauses). Carried by the outbox like every announcement, so heard at least once.
     */
    private void announceToWorkflowEngines(Execution e) {
        String messageId = e.id() + ":" + e.status().wire() + ":" + e.version();
        if (isWorkflowTask(e) && HELD.contains(e.status())) {
            bus.publish(Channels.WORKFLOW_TASKS_COMPLETED, messageId, new ExecutionCompleted(e.id(), e.status()));
        }
        if ("orquesta".equals(e.runner().name()) && CONTROL.contains(e.status())) {
            bus.publish(Channels.WORKFLOWS_REQUESTED, messageId, new WorkflowRequested(e.id()));
        }
    }

    private void announceCompletion(Execution e) {
        String messageId = e.id() + ":" + e.status().wire();
        if (isWorkflowTask(e)) {
            bus.publish(Channels.WORKFLOW_TASKS_COMPLETED, messageId, new ExecutionCompleted(e.id(), e.status()));
        }
        try (JsonReuse once = JsonReuse.of(e)) { // written as it was stored (and appended to the event log)
            bus.publish(Channels.EXECUTIONS_COMPLETED, messageId, ExecutionCompleted.of(e));
        }
    }

    /** Whether {@code e} runs a task of an orquesta workflow. */
    public static boolean isWorkflowTask(Execution e) {
        return e.context().workflowExecutionId() != null;
    }

    /**
     * Tells notifiers once more that {@code e} completed, best effort (logged when it fails): for callers
     * that find an earlier attempt's completed record. The outbox covers the first announcement.
     */
    public void completed(Execution e) {
        try {
            announceCompletion(e);
        } catch (RuntimeException ex) {
            log.warn("completion not published execution={} status={} error={}", e.id(), e.status(), ex.toString());
        }
    }
}
