package io.reflex.notifier;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.execution.Execution;
import io.reflex.core.json.Json;
import io.reflex.core.messages.Channels.TriggerDispatch;
import io.reflex.core.store.Ids;
import io.reflex.executions.ExecutionViews;
import java.time.Instant;

/**
 * The internal triggers the notifier fires for a completed execution, shaped field for field like
 * StackStorm's notifier (payloads of {@code core.st2.generic.actiontrigger} and
 * {@code core.st2.generic.notifytrigger}), with secrets masked. Every dispatch id is derived from the
 * execution (and the notify section and route), so handling the same completion twice names the same
 * trigger instances and the rules engine persists each once. Pure functions.
 */
final class TriggerPayloads {
    static final String ACTION_TRIGGER = "core.st2.generic.actiontrigger";
    static final String NOTIFY_TRIGGER = "core.st2.generic.notifytrigger";

    private TriggerPayloads() {}

    static String actionTriggerId(Execution e) {
        return Ids.derived("actiontrigger", e.id());
    }

    static String notifyId(Execution e, String section, String route) {
        return Ids.derived("notify", e.id(), section, route);
    }

    /** {@code core.st2.generic.actiontrigger}: parameters and result masked as the API shows them. */
    static ObjectNode actionTrigger(Execution e) {
        ObjectNode p = Json.object();
        p.put("execution_id", e.id());
        p.put("status", e.status().wire());
        p.put("start_timestamp", PyFormat.datetimeStr(e.startTimestamp()));
        p.put("action_name", e.actionRef());
        p.put("action_ref", e.actionRef());
        p.put("runner_ref", runnerRef(e));
        p.set("parameters", ExecutionViews.parameters(e, true));
        p.set("result", ExecutionViews.result(e, true));
        return p;
    }

    /**
     * {@code core.st2.generic.notifytrigger} for one route: {@code route} and its deprecated twin
     * {@code channel} both name it. Without an end timestamp (StackStorm: a request canceled by policy) the
     * end is {@code now}.
     */
    static ObjectNode notifyTrigger(Execution e, String route, String message, ObjectNode data, Instant now) {
        ObjectNode p = Json.object();
        p.put("message", message);
        p.set("data", data);
        p.put("execution_id", e.id());
        p.put("status", e.status().wire());
        p.put("start_timestamp", PyFormat.isotime(e.startTimestamp()));
        p.put("end_timestamp", PyFormat.isotime(e.endTimestamp() == null ? now : e.endTimestamp()));
        p.put("action_ref", e.actionRef());
        p.put("runner_ref", runnerRef(e));
        p.put("route", route);
        p.put("channel", route);
        return p;
    }

    /**
     * A dispatch of {@code trigger} with {@code payload}. The occurrence time is the execution's end, so a
     * redelivery produces the same dispatch; the trace tag carries on from the execution's trace context.
     */
    static TriggerDispatch dispatch(String id, String trigger, ObjectNode payload, Execution e, Instant now) {
        Instant occurred = e.endTimestamp() == null ? now : e.endTimestamp();
        String traceTag = e.context().traceTag() == null ? "" : e.context().traceTag();
        return new TriggerDispatch(id, trigger, payload, occurred, traceTag);
    }

    /** The runner type name, from the runner snapshot (StackStorm reads the action's runner type). */
    static String runnerRef(Execution e) {
        String name = e.runner().name();
        return name.isEmpty() ? e.action().runnerType() : name;
    }
}
