package io.reflex.executions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.bus.EventLog;
import io.reflex.core.bus.LogPosition;
import io.reflex.core.bus.LogRecord;
import io.reflex.core.bus.Subscription;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.Execution.StatusChange;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.messages.Channels.StreamEvent;
import io.reflex.core.model.Action;
import io.reflex.core.model.ExecutionOutput;
import io.reflex.core.model.RunnerType;
import io.reflex.core.secrets.Masking;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * StackStorm's JSON shapes of an execution: {@code ActionExecutionAPI} (falsy top-level fields omitted, as
 * {@code from_model} does), the {@code LiveActionAPI} view that {@code st2.liveaction__*} stream events
 * carry, and {@code ActionExecutionOutputAPI}. Secret parameters (action or runner schema says
 * {@code secret: true}), secret result fields under the runner's output key (action {@code output_schema})
 * and secret inquiry response fields are masked as {@code ********} unless the caller asked otherwise.
 * Reflex internals a client may find useful (record version, pack content version) appear under the
 * Reflex-only key {@code reflex}; leases never do.
 *
 * <p>Pure: a record in, a new tree out; the record is never modified. Only the processes that serve
 * executions over HTTP (api, stream) render them: writers put the record itself in the event log and the
 * stream renders it as it reads ({@link #rendering}).
 */
public final class ExecutionViews {
    /** Runner types whose executions are workflows ({@code WORKFLOW_RUNNER_TYPES}). */
    public static final Set<String> WORKFLOW_RUNNERS = Set.of("action-chain", "orquesta");

    /**
     * @param maskSecrets replace secret values with {@code ********}
     * @param webUiBaseUrl the web UI base for {@code web_url}; blank: no {@code web_url}
     */
    public record Options(boolean maskSecrets, String webUiBaseUrl) {
        public Options {
            webUiBaseUrl = webUiBaseUrl == null ? "" : webUiBaseUrl.strip();
        }
    }

    /** Prefix of the {@code ActionExecutionAPI} stream events. */
    public static final String EXECUTION_EVENT = "st2.execution__";

    /** Prefix of the {@code LiveActionAPI} stream events. */
    public static final String LIVEACTION_EVENT = "st2.liveaction__";

    private ExecutionViews() {}

    /**
     * The events a log record stands for, each with its body: a record holding an execution is rendered once
     * per name ({@link StreamEvent#names}: the execution view, then the liveaction view); any other record is
     * one event, itself.
     */
    public static List<StreamEvent> events(StreamEvent raw, Options options) {
        if (!raw.unrendered()) {
            return List.of(raw);
        }
        Execution e = raw.execution();
        List<StreamEvent> out = new ArrayList<>(1 + raw.alsoAs().size());
        for (String name : raw.names()) {
            out.add(new StreamEvent(
                    name,
                    name.startsWith(LIVEACTION_EVENT) ? liveaction(e, options.maskSecrets()) : execution(e, options)));
        }
        return out;
    }

    /**
     * The event log read one event at a time: every record read comes out as its {@link #events}, each with the
     * record's offset. For readers that want the events in order and do not resume within a record (tests,
     * tools); the stream resumes within one and reads records whole. Appends pass through unchanged.
     */
    public static EventLog<StreamEvent> rendering(EventLog<StreamEvent> log, Options options) {
        return new EventLog<>() {
            @Override
            public void append(StreamEvent record) {
                log.append(record);
            }

            @Override
            public Subscription read(LogPosition from, Consumer<LogRecord<StreamEvent>> handler) {
                return log.read(from, r -> {
                    for (StreamEvent event : events(r.body(), options)) {
                        handler.accept(new LogRecord<>(r.offset(), event));
                    }
                });
            }
        };
    }

    /** {@code ActionExecutionAPI}. */
    public static ObjectNode execution(Execution e, Options options) {
        ObjectNode o = Json.object();
        o.put("id", e.id());
        o.put("status", e.status().wire());
        o.put("start_timestamp", Timestamps.format(e.startTimestamp()));
        if (e.endTimestamp() != null) {
            o.put("end_timestamp", Timestamps.format(e.endTimestamp()));
            o.put(
                    "elapsed_seconds",
                    Duration.between(e.startTimestamp(), e.endTimestamp()).toMillis() / 1000.0);
        }
        if (!options.webUiBaseUrl().isEmpty()) {
            o.put("web_url", options.webUiBaseUrl().replaceAll("/+$", "") + "/#/history/" + e.id() + "/general");
        }
        o.set("action", Json.tree(e.action()));
        o.set("runner", RunnerType.snapshot(e.runner()));
        ObjectNode parameters = parameters(e, options.maskSecrets());
        o.set("liveaction", liveactionPart(e, parameters));
        o.set("parameters", parameters.deepCopy());
        o.set("context", e.context().json());
        o.set("result", result(e, options.maskSecrets()));
        if (!falsy(e.result())) {
            o.put("result_size", Json.writeBytes(e.result()).length);
        }
        o.set("log", log(e));
        if (e.parent() != null) {
            o.put("parent", e.parent());
        }
        ArrayNode children = o.putArray("children");
        e.children().forEach(children::add);
        setIfPresent(o, "rule", e.rule());
        setIfPresent(o, "trigger", e.trigger());
        setIfPresent(o, "trigger_type", e.triggerType());
        setIfPresent(o, "trigger_instance", e.triggerInstance());
        if (e.delay() != null) {
            o.put("delay", e.delay());
        }
        dropFalsy(o);
        ObjectNode reflex = o.putObject("reflex");
        reflex.put("version", e.version());
        if (!e.packVersion().isEmpty()) {
            reflex.put("pack_version", e.packVersion());
        }
        return o;
    }

    /** The execution's {@code liveaction} object: StackStorm's {@code LIVEACTION_ATTRIBUTES}. */
    private static ObjectNode liveactionPart(Execution e, ObjectNode parameters) {
        ObjectNode liveaction = Json.object();
        liveaction.put("id", e.id());
        liveaction.put("action", e.actionRef());
        liveaction.put("action_is_workflow", isWorkflow(e));
        liveaction.set("parameters", parameters);
        liveaction.putObject("callback");
        liveaction.set("runner_info", e.runnerInfo() == null ? Json.object() : Json.tree(e.runnerInfo()));
        if (!e.notifySpec().isEmpty()) {
            liveaction.set("notify", e.notifySpec().deepCopy());
        }
        return liveaction;
    }

    /** {@code LiveActionAPI}: the body of {@code st2.liveaction__create|update} stream events. */
    public static ObjectNode liveaction(Execution e, boolean maskSecrets) {
        ObjectNode o = Json.object();
        o.put("id", e.id());
        o.put("status", e.status().wire());
        o.put("start_timestamp", Timestamps.format(e.startTimestamp()));
        if (e.endTimestamp() != null) {
            o.put("end_timestamp", Timestamps.format(e.endTimestamp()));
        }
        o.put("action", e.actionRef());
        o.put("action_is_workflow", isWorkflow(e));
        o.set("parameters", parameters(e, maskSecrets));
        o.set("result", result(e, maskSecrets));
        o.set("context", e.context().json());
        o.putObject("callback");
        o.set("runner_info", e.runnerInfo() == null ? Json.object() : Json.tree(e.runnerInfo()));
        if (!e.notifySpec().isEmpty()) {
            o.set("notify", e.notifySpec().deepCopy());
        }
        if (e.delay() != null) {
            o.put("delay", e.delay());
        }
        return o;
    }

    /** {@code ActionExecutionOutputAPI}: null fields omitted. */
    public static ObjectNode output(ExecutionOutput out) {
        ObjectNode o = Json.object();
        o.put("id", out.id());
        o.put("execution_id", out.executionId());
        o.put("action_ref", out.actionRef());
        o.put("runner_ref", out.runnerRef());
        o.put("timestamp", Timestamps.format(out.timestamp()));
        o.put("output_type", out.outputType());
        o.put("data", out.data());
        if (out.delay() != null) {
            o.put("delay", out.delay());
        }
        return o;
    }

    /** The execution's parameters, secrets masked when asked. */
    public static ObjectNode parameters(Execution e, boolean maskSecrets) {
        return maskSecrets
                ? Masking.parameters(e.parameters(), secretSchemas(e.action(), e.runner()))
                : e.parameters().deepCopy();
    }

    public static boolean isWorkflow(Execution e) {
        return WORKFLOW_RUNNERS.contains(e.runner().name());
    }

    /**
     * Runner parameters with the action's merged over them; a parameter is secret when either says so
     * (StackStorm lets the runner's schema win, which could unmask; we keep the stricter reading).
     */
    public static ObjectNode secretSchemas(Action action, RunnerType runner) {
        ObjectNode out = Json.object();
        for (JsonNode params : new JsonNode[] {runner.runnerParameters(), action.parameters()}) {
            for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> p = it.next();
                if (p.getValue().path("secret").asBoolean(false)) {
                    out.putObject(p.getKey()).put("secret", true);
                }
            }
        }
        return out;
    }

    /** The execution's result, secret fields masked when asked. */
    public static JsonNode result(Execution e, boolean maskSecrets) {
        JsonNode result = e.result().deepCopy();
        if (!maskSecrets || !(result instanceof ObjectNode r)) {
            return result;
        }
        String outputKey = e.runner().outputKey();
        JsonNode schema = e.action().outputSchema();
        if (!outputKey.isEmpty() && r.get(outputKey) instanceof ObjectNode output && schema.size() > 0) {
            JsonNode props =
                    schema.has("properties") && schema.path("type").isTextual() ? schema.get("properties") : schema;
            maskSecretFields(output, props);
        }
        if ("inquirer".equals(e.runner().name())
                && r.get("response") instanceof ObjectNode response
                && r.path("schema").has("properties")) {
            maskSecretFields(response, r.path("schema").get("properties"));
        }
        return r;
    }

    private static void maskSecretFields(ObjectNode target, JsonNode propertySchemas) {
        for (Iterator<Map.Entry<String, JsonNode>> it = propertySchemas.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            if (p.getValue().path("secret").asBoolean(false) && target.has(p.getKey())) {
                target.put(p.getKey(), Masking.MASK);
            }
        }
    }

    private static ArrayNode log(Execution e) {
        ArrayNode log = Json.mapper().createArrayNode();
        for (StatusChange c : e.log()) {
            log.addObject()
                    .put("timestamp", Timestamps.format(c.timestamp()))
                    .put("status", c.status().wire());
        }
        return log;
    }

    private static void setIfPresent(ObjectNode o, String field, Object value) {
        if (value != null) {
            o.set(field, Json.tree(value));
        }
    }

    /** Python truthiness, which {@code ActionExecutionAPI.from_model} uses to drop fields. */
    static boolean falsy(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return true;
        }
        if (v.isContainerNode() || v.isTextual()) {
            return v.isTextual() ? v.asText().isEmpty() : v.isEmpty();
        }
        if (v.isBoolean()) {
            return !v.asBoolean();
        }
        return v.isNumber() && v.asDouble() == 0.0;
    }

    private static void dropFalsy(ObjectNode o) {
        java.util.List<String> drop = new java.util.ArrayList<>();
        o.fieldNames().forEachRemaining(name -> {
            if (falsy(o.get(name))) {
                drop.add(name);
            }
        });
        o.remove(drop);
    }
}
