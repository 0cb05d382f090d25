package io.reflex.executions.traces;

import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionContext;
import io.reflex.core.json.Timestamps;
import io.reflex.core.model.Rule;
import io.reflex.core.model.Trace;
import io.reflex.core.model.TriggerInstance;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import io.reflex.core.store.Store;
import io.reflex.core.store.StoreException;
import io.reflex.executions.LastWritten;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds trigger instances, rules and executions to the trace of their tag, where StackStorm's services do:
 * the rules engine adds each trigger instance it processes and each rule it enforces, the execution launcher
 * adds every execution it stores. A trigger instance dispatched without a tag starts the trace
 * {@code trigger_instance-<id>}; an execution without one joins its parent's trace, or starts
 * {@code execution-<id>}.
 *
 * <p>Every add is idempotent and safe from any number of processes at once: the trace is inserted if absent
 * (its id is derived from the tag), then the components are appended by compare-and-set on the trace's
 * revision, re-read and retried when another writer came first. A component already there (same object,
 * same cause: a redelivery) is not added again. Blocks on the store; throws {@link StoreException} when the
 * store fails or the trace stays contended past {@link #ATTEMPTS} tries.
 *
 * <p>The recorder keeps the traces it last wrote and tries its next write to one of them on that revision
 * instead of reading it: a trigger instance, the execution a rule starts for it and the action trigger of
 * that execution's completion are three writes to one trace, in one process when one rules engine runs. A
 * kept trace that changed since only fails its compare-and-set and is read then; components are never taken
 * out of a trace, so one a kept trace holds is stored, and nothing stale is ever written. A trace removed
 * since (retention) is started again, as for a tag never seen.
 */
public final class TraceRecorder {
    private static final Logger log = LoggerFactory.getLogger(TraceRecorder.class);
    static final int ATTEMPTS = 100;
    static final String ACTION_TRIGGER = "core.st2.generic.actiontrigger";
    static final String NOTIFY_TRIGGER = "core.st2.generic.notifytrigger";

    private final Store<Trace> traces;
    private final StateStore store;
    private final Clock clock;
    /**
     * Enough for the traces of every trigger instance queued behind one: a trace's execution completes, and its
     * action trigger joins the trace, after the trigger instances queued in between (a burst of webhooks) were
     * handled; with fewer kept, those joins read the trace again.
     */
    private final LastWritten<Trace> written = new LastWritten<>(2048);

    public TraceRecorder(StateStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.traces = store.store(Kinds.TRACE);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The tag of a trigger instance's trace: the dispatch's, or {@code trigger_instance-<id>} when blank. */
    public static String tagOf(String dispatchTag, String triggerInstanceId) {
        return dispatchTag == null || dispatchTag.isBlank() ? "trigger_instance-" + triggerInstanceId : dispatchTag;
    }

    /** The tag in {@code context.trace_context.trace_tag}, or null when absent or blank. */
    public static String tagOf(ExecutionContext context) {
        String tag = context.traceTag();
        return tag == null || tag.isBlank() ? null : tag;
    }

    /**
     * Gives the context of the execution {@code executionId} a trace tag when it has none: its parent's
     * (read from the store; {@code execution-<parent id>} for a parent stored without one), or
     * {@code execution-<id>}. Every launched execution gets one, so a child always finds its parent's.
     */
    public ExecutionContext tagContext(ExecutionContext context, String executionId) {
        String parent = context.parentExecutionId();
        if (tagOf(context) != null || parent == null) {
            return tagContext(context, executionId, null);
        }
        return tagContext(context, executionId, store.executions().get(parent).orElse(null));
    }

    /**
     * {@link #tagContext(ExecutionContext, String)} with the parent's record already read by the caller.
     *
     * @param parent the record of the parent the context names; null when it names none or it is not stored
     */
    public ExecutionContext tagContext(ExecutionContext context, String executionId, Execution parent) {
        if (tagOf(context) != null) {
            return context;
        }
        String parentId = context.parentExecutionId();
        String tag = parentId == null ? "execution-" + executionId : parent == null ? null : tagOf(parent.context());
        return context.withTraceTag(tag != null ? tag : "execution-" + parentId);
    }

    /**
     * Adds a processed trigger instance; one emitted for an execution (action or notify trigger) names that
     * execution as its cause, and its trace (the execution's) is read first; any other instance's trace is
     * nearly always new, so it is inserted (the insert refused when it exists).
     *
     * @return the trace as stored afterwards, for {@link #addRules}
     */
    public Trace addTriggerInstance(String tag, TriggerInstance instance) {
        return addTriggerInstance(tag, instance, List.of());
    }

    /**
     * Adds a trigger instance ({@link #addTriggerInstance(String, TriggerInstance)}) and the rules enforced on
     * it, each caused by it, in one write: a new trace is inserted holding both, an existing one is written
     * once. Idempotent like every add.
     *
     * @return the trace as stored afterwards
     */
    public Trace addTriggerInstance(String tag, TriggerInstance instance, List<Rule> rules) {
        return addTriggerInstance(tag, instance, rules, List.of());
    }

    /**
     * An execution a rule will start for a trigger instance, under the id its enforcement fixes before the
     * execution is stored: the trace holds it from the write that adds the rule, and the launcher's {@link
     * #addExecution} finds it there and writes nothing.
     */
    public record RuleExecution(Rule rule, String executionId, String actionRef) {
        public RuleExecution {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(executionId, "executionId");
            Objects.requireNonNull(actionRef, "actionRef");
        }
    }

    /**
     * {@link #addTriggerInstance(String, TriggerInstance, List)} that also adds the executions the rules will
     * start ({@code executions}), each caused by its rule and the instance as {@link #addExecution} would add
     * it, in the same write. An execution is listed before it is stored; a rules engine that dies in between
     * starts it on the redelivery, under the same id, unless its rule no longer matches by then.
     */
    public Trace addTriggerInstance(
            String tag, TriggerInstance instance, List<Rule> rules, List<RuleExecution> executions) {
        Trace.CausedBy cause = Trace.CausedBy.NONE;
        String execution = instance.payload().path("execution_id").asText("");
        if ((instance.trigger().equals(ACTION_TRIGGER) || instance.trigger().equals(NOTIFY_TRIGGER))
                && !execution.isEmpty()) {
            cause = Trace.CausedBy.of("action_execution", execution);
        }
        List<Addition> additions = new ArrayList<>();
        additions.add(new Addition(Trace.Part.TRIGGER_INSTANCE, component(instance.id(), instance.trigger(), cause)));
        additions.addAll(ruleAdditions(rules, instance));
        for (RuleExecution e : executions) {
            additions.add(new Addition(
                    Trace.Part.ACTION_EXECUTION,
                    component(e.executionId(), e.actionRef(), ruleCause(e.rule().id(), instance.id()))));
        }
        // An instance an execution emitted joins that execution's trace, which exists: read it. Any other
        // instance nearly always starts its trace (its own tag, or the fresh tag the api gives a webhook): try
        // the insert, which the store refuses, returning what it holds, when the trace exists.
        Trace current = cause.equals(Trace.CausedBy.NONE) ? started(tag, additions) : existing(tag, additions);
        return add(tag, additions, current);
    }

    /**
     * Adds the rules enforced on {@code instance}, each caused by it, in one write to {@code trace} (the trace
     * {@link #addTriggerInstance} returned for it).
     */
    public Trace addRules(Trace trace, List<Rule> rules, TriggerInstance instance) {
        List<Addition> additions = ruleAdditions(rules, instance);
        return additions.isEmpty() ? trace : add(trace.traceTag(), additions, trace);
    }

    private List<Addition> ruleAdditions(List<Rule> rules, TriggerInstance instance) {
        List<Addition> out = new ArrayList<>();
        for (Rule rule : rules) {
            out.add(new Addition(
                    Trace.Part.RULE,
                    component(rule.id(), rule.ref(), Trace.CausedBy.of("trigger_instance", instance.id()))));
        }
        return out;
    }

    /**
     * Adds a stored execution to the trace of its context's tag, caused by its parent, the execution it
     * retries, or the rule and trigger instance that started it ({@code <rule id>:<trigger instance id>}).
     */
    public Trace addExecution(Execution e) {
        String tag = tagOf(e.context());
        if (tag == null) {
            throw new IllegalArgumentException("execution " + e.id() + " has no trace tag");
        }
        // an execution with a tag of its own starts its trace; any other joins one that exists (almost always)
        List<Addition> component = executionAddition(e);
        if (tag.equals("execution-" + e.id())) {
            return add(tag, component, started(tag, component));
        }
        return add(tag, component, existing(tag, component));
    }

    private List<Addition> executionAddition(Execution e) {
        return List.of(new Addition(Trace.Part.ACTION_EXECUTION, component(e.id(), e.actionRef(), causeOf(e))));
    }

    static Trace.CausedBy causeOf(Execution e) {
        String parent = e.context().parentExecutionId();
        if (parent != null) {
            return Trace.CausedBy.of("action_execution", parent);
        }
        ExecutionContext.Retry retry = e.context().retry();
        if (retry != null
                && retry.retriedLiveactionId() != null
                && !retry.retriedLiveactionId().isEmpty()) {
            return Trace.CausedBy.of("action_execution", retry.retriedLiveactionId());
        }
        if (e.rule() != null && e.triggerInstance() != null) {
            return ruleCause(e.rule().id(), e.triggerInstance().id());
        }
        return Trace.CausedBy.NONE;
    }

    /** An execution's cause when a rule started it for a trigger instance: {@code <rule id>:<instance id>}. */
    private static Trace.CausedBy ruleCause(String ruleId, String triggerInstanceId) {
        return Trace.CausedBy.of("rule", ruleId + ":" + triggerInstanceId);
    }

    private Trace.Component component(String objectId, String ref, Trace.CausedBy cause) {
        return new Trace.Component(objectId, ref, Timestamps.now(clock), cause);
    }

    /** One component to add to one part of a trace. */
    private record Addition(Trace.Part part, Trace.Component component) {}

    /**
     * The trace of {@code tag} as stored: inserted, already holding {@code additions}, when absent (the store
     * refuses the insert when present and returns the stored one).
     */
    private Trace started(String tag, List<Addition> additions) {
        return kept(traces.insertIfAbsent(with(Trace.start(tag, Timestamps.now(clock)), additions)));
    }

    /**
     * The trace of {@code tag} as this recorder last wrote it, or as stored: one that exists almost always. When
     * none is stored it is started with {@code additions}.
     */
    private Trace existing(String tag, List<Addition> additions) {
        Trace known = written.remove(Trace.idFor(tag));
        return known != null ? known : stored(tag, additions);
    }

    private Trace stored(String tag, List<Addition> additions) {
        return traces.get(Trace.idFor(tag)).orElseGet(() -> started(tag, additions));
    }

    private Trace kept(Trace trace) {
        written.put(trace.id(), trace);
        return trace;
    }

    /** {@code trace} with {@code additions} appended to their parts, as one write (one revision). */
    private static Trace with(Trace trace, List<Addition> additions) {
        Trace out = trace;
        for (Trace.Part part : Trace.Part.values()) {
            List<Trace.Component> components = additions.stream()
                    .filter(a -> a.part() == part)
                    .map(Addition::component)
                    .toList();
            if (!components.isEmpty()) {
                out = out.with(part, components);
            }
        }
        return new Trace(
                out.id(),
                out.traceTag(),
                out.uid(),
                out.startTimestamp(),
                out.triggerInstances(),
                out.rules(),
                out.actionExecutions(),
                trace.revision() + 1);
    }

    /**
     * Appends the components the trace does not hold yet, in one write, starting from {@code current} as read,
     * inserted or last written; returns the trace as stored afterwards.
     */
    private Trace add(String tag, List<Addition> additions, Trace current) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Trace held = current;
            List<Addition> missing = additions.stream()
                    .filter(a -> !held.contains(a.part(), a.component()))
                    .toList();
            if (missing.isEmpty()) {
                return kept(current);
            }
            Trace next = with(current, missing);
            if (traces.replaceIf(next, Filter.eq("revision", current.revision()))) {
                log.debug("trace updated trace={} trace_tag={} components={}", next.id(), tag, missing.size());
                return kept(next);
            }
            current = stored(tag, additions);
        }
        throw new StoreException("trace " + Trace.idFor(tag) + " stayed contended for " + ATTEMPTS + " attempts");
    }
}
