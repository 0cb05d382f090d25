package io.reflex.actionrunner.runners;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.actionrunner.runners.Runner.RunContext;
import io.reflex.core.json.Json;
import io.reflex.templates.Datastore;
import io.reflex.templates.KeyValueContext;
import io.reflex.templates.ParameterRenderer;
import io.reflex.templates.TemplateException;
import io.reflex.templates.TemplateLimits;
import io.reflex.templates.Templates;
import io.reflex.templates.Templates.Values;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Jinja side of an action chain, with the contexts StackStorm's runner builds: {@code vars} see the
 * chain's parameters; a task's parameters see the chain's parameters, every earlier task's result by task
 * name, the vars, {@code __results}, {@code action_context} ({@code {parent: ...}}) and
 * {@code config_context}; {@code publish} sees the same plus the task's own result. Vars and published
 * values are rendered like StackStorm's {@code render_values} (text as Jinja2 writes it, or JSON text parsed
 * back for lists and objects given as YAML), except that a value which is exactly one expression yielding a
 * list or dict keeps it as that list or dict, so a later task can read its fields; task parameters are
 * rendered and cast to the task action's declared types.
 */
final class ChainTemplates {
    static final String RESULTS_KEY = "__results";

    private final Templates templates;
    private final ParameterRenderer renderer;
    private final Datastore datastore;

    ChainTemplates(Datastore datastore, TemplateLimits limits) {
        this.templates = new Templates(datastore, limits);
        this.renderer = new ParameterRenderer(templates);
        this.datastore = datastore;
    }

    /** What one run of a chain has produced so far: task results by name (in run order) and the vars. */
    static final class State {
        final Map<String, JsonNode> results = new LinkedHashMap<>();
        final ObjectNode vars = Json.object();
    }

    ObjectNode vars(ObjectNode vars, ObjectNode chainParameters, String user) {
        Map<String, Object> ctx = new HashMap<>(Values.toMap(chainParameters));
        return renderValues(vars, ctx, user);
    }

    /**
     * The task's parameters rendered in the chain's context and cast to {@code schema} (the task action's
     * parameters merged over its runner's; only the given names are used, so the task action's own
     * defaults are left to its run).
     */
    ObjectNode taskParameters(
            ChainSpec.Task task, ObjectNode schema, RunContext chain, ObjectNode parentContext, State state) {
        Map<String, Object> ctx = base(chain.actionParameters(), state);
        ctx.put("action_context", Map.of("parent", Values.toMap(parentContext)));
        ctx.put("config_context", Values.toMap(chain.packConfig()));
        ObjectNode usedSchema = Json.object();
        task.params().fieldNames().forEachRemaining(n -> {
            if (schema.get(n) instanceof ObjectNode s) {
                usedSchema.set(n, s.deepCopy().without("default"));
            }
        });
        return renderer.render(usedSchema, task.params(), ctx, datastore, chain.user());
    }

    /** The task's {@code publish} values, rendered once the task succeeded. */
    ObjectNode publish(ChainSpec.Task task, JsonNode result, ObjectNode chainParameters, State state, String user) {
        Map<String, Object> ctx = new HashMap<>(Values.toMap(chainParameters));
        ctx.put(task.name(), Values.toJava(result));
        ctx.putAll(base(Json.object(), state));
        try {
            return renderValues(task.publish(), ctx, user);
        } catch (TemplateException e) {
            throw new TemplateException(
                    "Failed rendering value for publish parameter in task \"" + task.name() + "\": " + e.getMessage(),
                    e);
        }
    }

    private static Map<String, Object> base(ObjectNode chainParameters, State state) {
        Map<String, Object> ctx = new HashMap<>(Values.toMap(chainParameters));
        Map<String, Object> results = new LinkedHashMap<>();
        state.results.forEach((name, r) -> results.put(name, Values.toJava(r)));
        ctx.putAll(results);
        ctx.putAll(Values.toMap(state.vars));
        ctx.put(RESULTS_KEY, results);
        return ctx;
    }

    /**
     * StackStorm's {@code render_values}: an untouched value keeps its type; a rendered one is text, unless it
     * is one expression whose value is a list or dict.
     */
    ObjectNode renderValues(ObjectNode mapping, Map<String, Object> context, String user) {
        ObjectNode out = Json.object();
        mapping.properties().forEach(e -> {
            JsonNode v = e.getValue();
            String text = v.isTextual() ? v.asText() : v.isContainerNode() ? Json.write(v) : null;
            if (text == null || !Templates.isTemplate(text)) {
                out.set(e.getKey(), v.deepCopy());
                return;
            }
            Map<String, Object> ctx = new HashMap<>(context);
            ctx.put("st2kv", KeyValueContext.build(text, datastore, user));
            out.set(e.getKey(), v.isContainerNode() ? renderContainer(text, ctx) : renderText(text, ctx));
        });
        return out;
    }

    private JsonNode renderContainer(String jsonText, Map<String, Object> ctx) {
        return Json.read(templates.render(jsonText, ctx), JsonNode.class);
    }

    /** A template that is one expression whose value is a list or dict keeps it; anything else is text. */
    private JsonNode renderText(String text, Map<String, Object> ctx) {
        Object value = templates.evaluate(text, ctx);
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            return Values.toJson(value);
        }
        return Json.mapper().getNodeFactory().textNode(Templates.toText(value));
    }
}
