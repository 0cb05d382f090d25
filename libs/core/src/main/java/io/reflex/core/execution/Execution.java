package io.reflex.core.execution;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.FreeForm;
import io.reflex.core.json.Json;
import io.reflex.core.json.JsonReuse;
import io.reflex.core.json.Timestamps;
import io.reflex.core.model.Action;
import io.reflex.core.model.Rule;
import io.reflex.core.model.RunnerType;
import io.reflex.core.model.Trigger;
import io.reflex.core.model.TriggerInstance;
import io.reflex.core.model.TriggerType;
import io.reflex.core.store.Entity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The execution aggregate: one record per execution, holding what StackStorm splits into LiveAction and
 * ActionExecution. {@code version} grows by one on every write; status changes are compare-and-set on
 * (id, status, version) in the store. {@code action} and {@code runner} are snapshots taken at request
 * time (the runner stored as {@link RunnerType#snapshot} describes); {@code rule}, {@code trigger},
 * {@code trigger_type} and {@code trigger_instance} are the {@link Cause} of an execution a rule started;
 * {@code pack_version} is the content hash of the pack the execution was requested with. Only the payloads
 * are JSON: {@code parameters}, {@code result} and {@code notify}.
 * {@code outbox} holds the changes not yet announced ({@link Announcement}); it is written together with
 * the change it announces and only through {@link #announcing} and {@link #withoutAnnouncements}.
 * Every change is a wither that returns the next version.
 */
public record Execution(
        String id,
        long version,
        ExecutionStatus status,
        Instant startTimestamp,
        Instant endTimestamp,
        @FreeForm Action action,

        @FreeForm @JsonSerialize(using = RunnerType.SnapshotWriter.class)
        RunnerType runner,

        ObjectNode parameters,
        JsonNode result,
        @FreeForm ExecutionContext context,
        @JsonProperty("notify") ObjectNode notifySpec,
        String parent,
        List<String> children,
        List<StatusChange> log,
        Integer delay,
        @FreeForm Rule rule,
        @FreeForm Trigger trigger,
        @FreeForm TriggerType triggerType,
        @FreeForm TriggerInstance triggerInstance,
        @FreeForm RunnerInfo runnerInfo,
        ExecutionLease lease,
        String packVersion,
        List<Announcement> outbox)
        implements Entity, JsonReuse.Reusable {
    public Execution {
        Objects.requireNonNull(id, "id");
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0");
        }
        Objects.requireNonNull(status, "status");
        startTimestamp = Timestamps.stored(Objects.requireNonNull(startTimestamp, "start_timestamp"));
        endTimestamp = Timestamps.stored(endTimestamp);
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(runner, "runner");
        parameters = Json.objectOrEmpty(parameters);
        result = result == null ? Json.object() : result;
        context = context == null ? ExecutionContext.EMPTY : context;
        notifySpec = Json.objectOrEmpty(notifySpec);
        children = children == null ? List.of() : List.copyOf(children);
        log = log == null ? List.of() : List.copyOf(log);
        packVersion = packVersion == null ? "" : packVersion;
        outbox = outbox == null ? List.of() : List.copyOf(outbox);
    }

    /**
     * A new execution in an initial status (requested or delayed), version 0, its log holding that status.
     *
     * @throws IllegalTransitionException when {@code status} is not an initial status
     */
    public static Execution request(
            String id, ExecutionStatus status, Instant at, Action action, RunnerType runner, ObjectNode parameters) {
        ExecutionStatus.check(null, status);
        Instant now = Timestamps.stored(at);
        Builder b = new Builder();
        b.id = id;
        b.status = status;
        b.startTimestamp = now;
        b.action = action;
        b.runner = runner;
        b.parameters = parameters;
        b.log = List.of(new StatusChange(now, status));
        return b.build();
    }

    /**
     * What a request sets beside the action, runner and parameters.
     *
     * @param parent the parent execution's id, or null
     * @param delay milliseconds before scheduling, or null
     * @param cause the rule enforcement that started it, or null
     */
    public record Details(
            ExecutionContext context,
            ObjectNode notifySpec,
            Integer delay,
            String parent,
            String packVersion,
            Cause cause) {
        public Details withDelay(Integer newDelay) {
            return new Details(context, notifySpec, newDelay, parent, packVersion, cause);
        }

        public Details withParent(String newParent) {
            return new Details(context, notifySpec, delay, newParent, packVersion, cause);
        }

        public Details withContext(ExecutionContext newContext) {
            return new Details(newContext, notifySpec, delay, parent, packVersion, cause);
        }

        public Details withNotify(ObjectNode newNotify) {
            return new Details(context, newNotify, delay, parent, packVersion, cause);
        }

        public Details withCause(Cause newCause) {
            return new Details(context, notifySpec, delay, parent, packVersion, newCause);
        }
    }

    /** What this execution was requested with beside its action, runner and parameters. */
    public Details details() {
        return new Details(context, notifySpec, delay, parent, packVersion, cause());
    }

    /** This execution with {@code d} set (version + 1): a cause left null leaves the stored one. */
    public Execution requestedWith(Details d) {
        return with(b -> {
            b.context = d.context();
            b.notifySpec = d.notifySpec();
            b.delay = d.delay();
            b.parent = d.parent();
            b.packVersion = d.packVersion();
            if (d.cause() != null) {
                b.rule = d.cause().rule();
                b.trigger = d.cause().trigger();
                b.triggerType = d.cause().triggerType();
                b.triggerInstance = d.cause().triggerInstance();
            }
        });
    }

    /** The action as this execution was requested: its snapshots and the pack version. */
    public ResolvedAction resolved() {
        return ResolvedAction.of(action, runner, packVersion);
    }

    public String actionRef() {
        return action.ref();
    }

    /** The rule enforcement that started this execution, or null when no rule did. */
    public Cause cause() {
        return rule == null && trigger == null && triggerType == null && triggerInstance == null
                ? null
                : new Cause(rule, trigger, triggerType, triggerInstance);
    }

    /**
     * This execution moved to {@code next}: version + 1, the change appended to the log, the end timestamp
     * set on entering a completed status, and the lease dropped when the execution completes.
     *
     * @throws IllegalTransitionException when the change is not legal
     */
    public Execution transitionTo(ExecutionStatus next, Instant at) {
        ExecutionStatus.check(status, next);
        Instant now = Timestamps.stored(at);
        List<StatusChange> newLog = new ArrayList<>(log);
        newLog.add(new StatusChange(now, next));
        boolean done = next.completed();
        return with(b -> {
            b.status = next;
            b.log = newLog;
            if (done) {
                b.endTimestamp = now;
                b.lease = null;
            }
        });
    }

    /** The same status with a new result (version + 1). */
    public Execution withResult(JsonNode newResult) {
        return with(b -> b.result = newResult);
    }

    /** The same status with a new or renewed lease, or none when null (version + 1). */
    public Execution withLease(ExecutionLease newLease) {
        return with(b -> b.lease = newLease);
    }

    /** The same status with a new context (version + 1). */
    public Execution withContext(ExecutionContext newContext) {
        return with(b -> b.context = newContext);
    }

    /** The same status with {@code child} added to the children (version + 1); itself when already there. */
    public Execution withChild(String child) {
        if (children.contains(child)) {
            return this;
        }
        List<String> more = new ArrayList<>(children);
        more.add(child);
        return with(b -> b.children = more);
    }

    /** The same status, claimed by {@code info} under {@code newLease} (version + 1). */
    public Execution claimedBy(RunnerInfo info, ExecutionLease newLease) {
        return with(b -> {
            b.runnerInfo = info;
            b.lease = newLease;
        });
    }

    /**
     * This record (same version) with a pending announcement of the change that wrote it: store the result
     * with that change, in one compare-and-set. Entries of earlier changes stay.
     */
    public Execution announcing(Instant at, List<String> events, boolean completion) {
        List<Announcement> pending = new ArrayList<>(outbox);
        pending.removeIf(a -> a.version() == version);
        pending.add(new Announcement(version, at, events, completion));
        Builder b = new Builder(this);
        b.outbox = pending;
        return b.build();
    }

    /** The pending announcement of the change that wrote this version, if any. */
    public Optional<Announcement> ownAnnouncement() {
        return outbox.stream().filter(a -> a.version() == version).findFirst();
    }

    /**
     * This record without the pending announcements of {@code versions} (version + 1): the write that
     * clears what was announced. Itself when none of them is pending.
     */
    public Execution withoutAnnouncements(Collection<Long> versions) {
        if (outbox.stream().noneMatch(a -> versions.contains(a.version()))) {
            return this;
        }
        return with(b -> b.outbox =
                outbox.stream().filter(a -> !versions.contains(a.version())).toList());
    }

    /** This record at {@code newVersion}, otherwise unchanged: a writer rebasing a change onto the stored version. */
    public Execution atVersion(long newVersion) {
        Builder b = new Builder(this);
        b.version = newVersion;
        return b.build();
    }

    /**
     * The same record, same version, showing {@code shown} as its result: a view for readers that resolve a
     * result kept elsewhere (never to be stored; use {@link #withResult} for a change).
     */
    public Execution showingResult(JsonNode shown) {
        Builder b = new Builder(this);
        b.result = shown;
        return b.build();
    }

    private Execution with(Consumer<Builder> change) {
        Builder b = new Builder(this);
        change.accept(b);
        b.version = version + 1;
        return b.build();
    }

    /** Field holder for the withers above; fields are named as the record components. */
    private static final class Builder {
        private String id;
        private long version;
        private ExecutionStatus status;
        private Instant startTimestamp;
        private Instant endTimestamp;
        private Action action;
        private RunnerType runner;
        private ObjectNode parameters;
        private JsonNode result;
        private ExecutionContext context;
        private ObjectNode notifySpec;
        private String parent;
        private List<String> children;
        private List<StatusChange> log;
        private Integer delay;
        private Rule rule;
        private Trigger trigger;
        private TriggerType triggerType;
        private TriggerInstance triggerInstance;
        private RunnerInfo runnerInfo;
        private ExecutionLease lease;
        private String packVersion;
        private List<Announcement> outbox;

        private Builder() {}

        private Builder(Execution e) {
            id = e.id;
            version = e.version;
            status = e.status;
            startTimestamp = e.startTimestamp;
            endTimestamp = e.endTimestamp;
            action = e.action;
            runner = e.runner;
            parameters = e.parameters;
            result = e.result;
            context = e.context;
            notifySpec = e.notifySpec;
            parent = e.parent;
            children = e.children;
            log = e.log;
            delay = e.delay;
            rule = e.rule;
            trigger = e.trigger;
            triggerType = e.triggerType;
            triggerInstance = e.triggerInstance;
            runnerInfo = e.runnerInfo;
            lease = e.lease;
            packVersion = e.packVersion;
            outbox = e.outbox;
        }

        private Execution build() {
            return new Execution(
                    id,
                    version,
                    status,
                    startTimestamp,
                    endTimestamp,
                    action,
                    runner,
                    parameters,
                    result,
                    context,
                    notifySpec,
                    parent,
                    children,
                    log,
                    delay,
                    rule,
                    trigger,
                    triggerType,
                    triggerInstance,
                    runnerInfo,
                    lease,
                    packVersion,
                    outbox);
        }
    }

    /**
     * What made a rule start an execution, as it was when the rule was enforced: the rule, the trigger instance,
     * and the trigger and its type when they are registered (null otherwise). A retry carries its original's.
     */
    public record Cause(Rule rule, Trigger trigger, TriggerType triggerType, TriggerInstance triggerInstance) {}

    /** The runner process that claimed an execution (StackStorm's {@code runner_info}). */
    public record RunnerInfo(String hostname, long pid) {
        public RunnerInfo {
            Objects.requireNonNull(hostname, "hostname");
        }
    }

    /**
     * A runner's claim on a running execution: who owns it, until when, and a fencing token that grows with
     * every claim, so a write from a stale owner can be recognised and refused.
     */
    public record ExecutionLease(String owner, Instant expiresAt, long fencingToken) {
        public ExecutionLease {
            Objects.requireNonNull(owner, "owner");
            expiresAt = Timestamps.stored(Objects.requireNonNull(expiresAt, "expires_at"));
        }

        public boolean expiredAt(Instant now) {
            return !expiresAt.isAfter(now);
        }
    }

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

    /** One entry of an execution's {@code log}: a status and when it was entered. */
    public record StatusChange(Instant timestamp, ExecutionStatus status) {
        public StatusChange {
            timestamp = Timestamps.stored(Objects.requireNonNull(timestamp, "timestamp"));
            Objects.requireNonNull(status, "status");
        }
    }
}
