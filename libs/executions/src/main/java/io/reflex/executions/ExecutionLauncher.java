package io.reflex.executions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.bus.EventBus;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.Execution.Announcement;
import io.reflex.core.execution.Execution.Cause;
import io.reflex.core.execution.ExecutionContext;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.execution.ResolvedAction;
import io.reflex.core.json.Json;
import io.reflex.core.json.JsonReuse;
import io.reflex.core.json.Timestamps;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.ExecutionRequested;
import io.reflex.core.model.Action;
import io.reflex.core.store.Ids;
import io.reflex.core.store.StateStore;
import io.reflex.executions.traces.TraceRecorder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests executions as StackStorm's {@code create_request} + {@code publish_request} do, for every part
 * of Reflex that starts one (the API, rules, retries, workflows): the action and its runner must be enabled
 * and the parameters must fit its parameters merged over its runner's, without overriding immutable ones. All is
 * checked before anything is written. Then exactly one record is stored (status {@code requested}, or
 * {@code delayed} with a delay) with its create events pending (the writer's outbox), the create events are
 * appended and {@link ExecutionRequested} is published.
 *
 * <p>A launch may name the execution's id: launching the same id again stores nothing new and re-publishes
 * the request (redelivered work finds its execution). Publishing can fail after the insert (broker down):
 * the execution stays {@code requested} and is picked up later; the record is the truth.
 */
public final class ExecutionLauncher {
    private static final Logger log = LoggerFactory.getLogger(ExecutionLauncher.class);
    /** The largest record (characters of JSON) an execution request carries; a larger one the runner reads. */
    static final int MAX_CARRIED = 256 * 1024;

    /** The request was refused; the message says why in StackStorm's words. */
    public static final class Refused extends IllegalArgumentException {
        public Refused(String message) {
            super(message);
        }
    }

    /**
     * What to run and how.
     *
     * @param id the execution's id, or null for a new one
     * @param action the action, resolved ({@link ActionResolver})
     * @param context the caller's context; {@code user} and {@code pack} are set here and override it
     * @param delay milliseconds before scheduling, or null
     * @param cause the rule enforcement that asks for it, or null
     */
    public record Launch(
            String id,
            ResolvedAction action,
            ObjectNode parameters,
            String user,
            ExecutionContext context,
            ObjectNode notifySpec,
            Integer delay,
            Cause cause) {
        public Launch {
            Objects.requireNonNull(action, "action");
            parameters = Json.objectOrEmpty(parameters);
            Objects.requireNonNull(user, "user");
            context = context == null ? ExecutionContext.EMPTY : context;
            notifySpec = Json.objectOrEmpty(notifySpec);
        }

        public static Launch of(ResolvedAction action, ObjectNode parameters, String user, ObjectNode context) {
            return new Launch(null, action, parameters, user, ExecutionContext.of(context), null, null, null);
        }
    }

    private final StateStore store;
    private final EventBus bus;
    private final ExecutionWriter writer;
    private final Clock clock;
    private final Function<String, Set<String>> rbacRoles;
    private final TraceRecorder traces;
    private final ActionResolver resolver;
    /**
     * Parents as this launcher last wrote them (a child recorded): a workflow launches its children one after
     * another, and each child's write is tried on these first instead of reading the parent again. A record
     * changed since only fails its compare-and-set and is read then; a parent's context (its trace tag) never
     * changes, and a record's children are never taken away, so nothing stale is ever written or concluded.
     * The trace recorder keeps its traces the same way.
     */
    private final LastWritten<Execution> parents = new LastWritten<>(256);

    /** @param rbacRoles a user's roles for {@code context.rbac}, or null when RBAC is off */
    public ExecutionLauncher(
            StateStore store,
            EventBus bus,
            ExecutionWriter writer,
            Clock clock,
            Function<String, Set<String>> rbacRoles) {
        this.store = store;
        this.bus = bus;
        this.writer = writer;
        this.clock = clock;
        this.rbacRoles = rbacRoles;
        this.traces = new TraceRecorder(store, clock);
        this.resolver = new ActionResolver(store);
    }

    /** Where actions are resolved for this launcher's callers. */
    public ActionResolver resolver() {
        return resolver;
    }

    /**
     * The recorder this launcher adds its executions to traces with: a caller that adds other components (the
     * rules engine's trigger instances and rules) shares it, so each write finds the trace as the last one left it.
     */
    public TraceRecorder traces() {
        return traces;
    }

    /**
     * Checks the request, then stores, publishes and announces the execution.
     *
     * @throws Refused naming the problem; nothing is written then
     */
    public Execution launch(Launch r) {
        return launch(r, null);
    }

    /**
     * {@link #launch(Launch)} for a caller that read the content stamp before it resolved the action: the request
     * carries it to the runner ({@link ExecutionRequested#contentStamp}).
     *
     * @param contentStamp the stamp read, or null
     */
    public Execution launch(Launch r, String contentStamp) {
        ResolvedAction resolved = r.action();
        Action action = resolved.action();
        if (!action.enabled()) {
            throw new Refused("Unable to execute. Action \"" + action.ref() + "\" is disabled.");
        }
        if (resolved.runner().id().isEmpty()) {
            throw new Refused("Runner type \"" + action.runnerType() + "\" cannot be found.");
        }
        if (!resolved.runner().enabled()) {
            // StackStorm's runner refuses in pre_run with these words; refusing here stores nothing to clean up
            throw new Refused("Runner \"" + resolved.runnerName() + "\" has been disabled by the administrator.");
        }
        checkParameters(resolved, r.parameters());
        r = named(r);
        Execution parentRecord = parentOf(r.context());
        String parent = parentRecord == null ? null : parentRecord.id();
        ExecutionContext context = context(r, action, parentRecord);
        Execution built = writer.creating(build(r, context, parent), List.of(Announcement.CREATE), false);
        Execution stored;
        List<Long> published = List.of();
        // stored, appended to the event log and carried by the request: serialized once
        try (JsonReuse once = JsonReuse.of(built)) {
            stored = store.executions().insertIfAbsent(built);
            if (stored.equals(built)) {
                log.info(
                        "execution requested execution={} action={} user={} status={}",
                        built.id(),
                        action.ref(),
                        r.user(),
                        built.status());
                if (parentRecord != null) {
                    addChild(parentRecord, built.id());
                }
                published = writer.announceLeavingClear(built);
            }
            traces.addExecution(stored);
            publish(stored, published, contentStamp);
        }
        return stored;
    }

    /**
     * Records an execution that failed before it could be requested, as StackStorm's rule enforcer does when
     * a rule's action parameters cannot be used: no checks and no request published. The record is stored
     * once, already {@code failed} with {@code result} (its log: requested, then failed), so no runner can
     * ever see it half-made, and is announced as created, updated and completed (pending in its outbox until
     * published). Idempotent by id: an existing record is returned untouched, and its completion announced
     * again when it is completed. A runner type that cannot be found is recorded by name
     * ({@link ActionResolver#resolve}).
     */
    public Execution launchFailed(Launch given, JsonNode result) {
        Launch r = named(given);
        Action action = r.action().action();
        String parent = r.context().parentExecutionId();
        Execution parentRecord =
                parent == null ? null : store.executions().get(parent).orElse(null);
        Execution requested = build(r, context(r, action, parentRecord), null);
        Execution failed = writer.creating(
                ExecutionWriter.oneStep(
                        requested,
                        requested
                                .transitionTo(ExecutionStatus.FAILED, Timestamps.now(clock))
                                .withResult(result)),
                List.of(Announcement.CREATE, Announcement.UPDATE),
                true);
        Execution stored = store.executions().insertIfAbsent(failed);
        traces.addExecution(stored);
        if (stored.equals(failed)) {
            log.info(
                    "execution failed before request execution={} action={} user={}",
                    failed.id(),
                    action.ref(),
                    r.user());
            return writer.announce(failed);
        }
        if (stored.status().completed()) {
            writer.completed(stored);
        }
        return stored;
    }

    /** Schema check, then StackStorm's immutable-parameter check. */
    public static void checkParameters(ResolvedAction action, ObjectNode parameters) {
        ObjectNode merged = action.parameterSchema();
        ParameterValidation.parameterProblem(merged, parameters).ifPresent(p -> {
            throw new Refused(p);
        });
        List<String> overridden = new ArrayList<>();
        parameters.fieldNames().forEachRemaining(name -> {
            if (merged.path(name).path("immutable").asBoolean(false)) {
                overridden.add(name);
            }
        });
        if (!overridden.isEmpty()) {
            throw new Refused("Override of immutable parameter(s) "
                    + ParameterValidation.PyRepr.of(Json.mapper().valueToTree(overridden)) + " is unsupported.");
        }
    }

    /** The launch with its execution id chosen, so that the id can name the execution's trace. */
    private static Launch named(Launch r) {
        if (r.id() != null) {
            return r;
        }
        return new Launch(
                Ids.newId(), r.action(), r.parameters(), r.user(), r.context(), r.notifySpec(), r.delay(), r.cause());
    }

    /** @param parent the record of the parent the context names, null when it names none or it is not stored */
    private ExecutionContext context(Launch r, Action action, Execution parent) {
        ExecutionContext context =
                traces.tagContext(r.context().withUser(r.user()).withPack(action.pack()), r.id(), parent);
        if (rbacRoles == null) {
            return context;
        }
        return context.withRbac(
                new ExecutionContext.Rbac(r.user(), List.copyOf(new TreeSet<>(rbacRoles.apply(r.user())))));
    }

    /**
     * The record of the parent named by {@code context.parent.execution_id}, which must exist: for the trace tag and
     * the parent's children. Read once, or the one this launcher last wrote (its own child's launch showed it
     * exists).
     */
    private Execution parentOf(ExecutionContext context) {
        String id = context.parentExecutionId();
        if (id == null) {
            return null;
        }
        Execution written = parents.get(id);
        if (written != null) {
            return written;
        }
        return store.executions()
                .get(id)
                .orElseThrow(() -> new Refused("Parent execution \"" + id + "\" cannot be found."));
    }

    private Execution build(Launch r, ExecutionContext context, String parent) {
        boolean delayed = r.delay() != null && r.delay() > 0;
        ResolvedAction resolved = r.action();
        ObjectNode notify =
                r.notifySpec().isEmpty() ? resolved.action().notifySpec().deepCopy() : r.notifySpec();
        return Execution.request(
                        r.id() == null ? Ids.newId() : r.id(),
                        delayed ? ExecutionStatus.DELAYED : ExecutionStatus.REQUESTED,
                        Timestamps.now(clock),
                        resolved.action(),
                        resolved.runner(),
                        r.parameters().deepCopy())
                .requestedWith(
                        new Execution.Details(context, notify, r.delay(), parent, resolved.packVersion(), r.cause()));
    }

    /** Adds {@code child} to the parent's children: first over the record read at launch, then the latest. */
    private void addChild(Execution parent, String child) {
        try {
            parents.put(parent.id(), writer.addChild(parent, child));
        } catch (RuntimeException ex) {
            parents.remove(parent.id());
            log.warn("child not recorded on parent execution={} parent={} error={}", child, parent.id(), ex.toString());
        }
    }

    /**
     * Asks the runners to run {@code e}, the record as stored, which the request carries so that none reads it
     * (unless it is larger than {@link #MAX_CARRIED}: a large payload is read from the store rather than queued),
     * with the versions whose announcements were {@code published} and left for the claim to clear.
     */
    private void publish(Execution e, List<Long> published, String contentStamp) {
        if (e.status() != ExecutionStatus.REQUESTED && e.status() != ExecutionStatus.DELAYED) {
            return;
        }
        Execution carried = JsonReuse.length(e) > MAX_CARRIED ? null : e;
        try {
            bus.publish(
                    Channels.EXECUTIONS_REQUESTED,
                    e.id(),
                    new ExecutionRequested(e.id(), carried, contentStamp, published));
        } catch (RuntimeException ex) {
            log.warn(
                    "execution request not published execution={} status={} error={}",
                    e.id(),
                    e.status(),
                    ex.toString());
        }
    }
}
