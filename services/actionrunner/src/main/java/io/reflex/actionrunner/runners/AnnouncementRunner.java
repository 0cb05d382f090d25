package io.reflex.actionrunner.runners;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.actionrunner.runners.Runner.RunContext;
import io.reflex.core.bus.EventLog;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.messages.Channels.StreamEvent;

/**
 * {@code announcement}: publishes the action parameters on the event stream as
 * {@code st2.announcement__<route>} with body {@code {payload: <parameters>, trace_context}} (what
 * StackStorm's stream relays from its {@code st2.announcement} exchange), and succeeds with the parameters
 * plus {@code output: <parameters>}. The runner parameter {@code experimental} must be true, as in StackStorm.
 */
public final class AnnouncementRunner implements Runner {
    private final EventLog<StreamEvent> events;

    public AnnouncementRunner(EventLog<StreamEvent> events) {
        this.events = events;
    }

    @Override
    public String name() {
        return "announcement";
    }

    @Override
    public Runner.Result run(RunContext ctx) {
        if (!ctx.runnerBool("experimental")) {
            return new Runner.Result(
                    ExecutionStatus.FAILED,
                    Json.object().put("error", "Experimental flag is missing for action " + ctx.actionRef()));
        }
        String route = ctx.runnerString("route", "general");
        ObjectNode body = Json.object();
        body.set("payload", ctx.actionParameters().deepCopy());
        JsonNode trace = ctx.actionContext().get("trace_context");
        body.set("trace_context", trace == null ? Json.mapper().nullNode() : trace.deepCopy());
        events.append(new StreamEvent("st2.announcement__" + route, body));
        ObjectNode result = Json.object();
        result.set("output", ctx.actionParameters().deepCopy());
        result.setAll(ctx.actionParameters().deepCopy());
        return new Runner.Result(ExecutionStatus.SUCCEEDED, result);
    }
}
