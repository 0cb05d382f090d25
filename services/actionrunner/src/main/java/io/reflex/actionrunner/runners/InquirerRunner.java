package io.reflex.actionrunner.runners;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.actionrunner.runners.Runner.RunContext;
import io.reflex.core.bus.EventBus;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.TriggerDispatch;
import io.reflex.core.model.Inquiry;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code inquirer}: asks a question and leaves the execution {@code pending} until it is answered through
 * the API (or times out). It stores the {@link Inquiry} (id = the execution id), fires
 * {@code core.st2.generic.inquiry} with {@code {id, route}}, and reports StackStorm's result
 * {@code {schema, roles, users, route, ttl}}. Both effects are keyed by the execution id, so running it
 * again after a crash asks nothing twice.
 */
public final class InquirerRunner implements Runner {
    static final String TRIGGER = "core.st2.generic.inquiry";

    private final StateStore store;
    private final EventBus bus;
    private final Clock clock;

    public InquirerRunner(StateStore store, EventBus bus, Clock clock) {
        this.store = store;
        this.bus = bus;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "inquirer";
    }

    @Override
    public Runner.Result run(RunContext ctx) {
        ObjectNode p = ctx.runnerParameters();
        ObjectNode schema = Json.objectOrEmpty(p.get("schema"));
        String route = p.path("route").asText("");
        int ttl = p.path("ttl").asInt(1440);
        store.store(Kinds.INQUIRY)
                .insertIfAbsent(new Inquiry(
                        ctx.executionId(),
                        schema,
                        strings(p.path("roles")),
                        strings(p.path("users")),
                        route,
                        ttl,
                        Timestamps.now(clock),
                        null,
                        null));
        String instanceId = Ids.derived("inquiry", ctx.executionId());
        ObjectNode payload = Json.object().put("id", ctx.executionId()).put("route", route);
        bus.publish(
                Channels.TRIGGER_INSTANCES,
                instanceId,
                new TriggerDispatch(instanceId, TRIGGER, payload, Timestamps.now(clock), ""));
        ObjectNode result = Json.object();
        result.set("schema", schema);
        result.set("roles", array(p.path("roles")));
        result.set("users", array(p.path("users")));
        result.put("route", route);
        result.put("ttl", ttl);
        return new Runner.Result(ExecutionStatus.PENDING, result);
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.forEach(e -> out.add(e.asText()));
        return out;
    }

    private static ArrayNode array(JsonNode n) {
        return n.isArray() ? (ArrayNode) n.deepCopy() : Json.mapper().createArrayNode();
    }
}
