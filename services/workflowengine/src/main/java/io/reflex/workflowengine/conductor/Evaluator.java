package io.reflex.workflowengine.conductor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import io.reflex.core.json.Json;
import io.reflex.orquesta.Truth;
import io.reflex.templates.Datastore;
import io.reflex.templates.StackStormFunctions;
import io.reflex.templates.TemplateException;
import io.reflex.templates.TemplateLimits;
import io.reflex.templates.Templates;
import io.reflex.yaql.Yaql;
import io.reflex.yaql.YaqlCall;
import io.reflex.yaql.YaqlContext;
import io.reflex.yaql.YaqlEvaluationException;
import io.reflex.yaql.YaqlException;
import io.reflex.yaql.YaqlFunction;
import io.reflex.yaql.YaqlLimits;
import io.reflex.yaql.YaqlTemplates;
import io.reflex.yaql.YaqlValues;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Evaluates the values of a workflow as orquesta does: every string holding YAQL ({@code <% %>}) or Jinja
 * ({@code {{ }}}, {@code {% %}}) is evaluated in a {@link Scope} (a string that is exactly one expression keeps
 * its value's type), recursively through lists and mappings (keys included); other values are kept. Both
 * languages are bounded (YAQL by its limits, Jinja by the template limits) and reach nothing but the scope.
 * Thread-safe.
 */
public final class Evaluator {
    private static final Pattern YAQL = Pattern.compile("<%.*?%>");
    private static final Pattern JINJA = Pattern.compile("\\{\\{.*?\\}\\}|\\{%.*?%\\}");

    private final YaqlTemplates yaql;
    private final Templates jinja;

    public Evaluator(YaqlLimits yaqlLimits, TemplateLimits templateLimits, Datastore datastore) {
        this.yaql = new YaqlTemplates(withFunctions(Yaql.standard(yaqlLimits)));
        List<ELFunctionDefinition> functions = new ArrayList<>(JinjaFunctions.definitions());
        functions.addAll(StackStormFunctions.jinjaDefinitions());
        this.jinja = new Templates(datastore, templateLimits, functions);
    }

    /** A value with every expression in it evaluated. */
    JsonNode render(JsonNode value, Scope scope) throws EvaluationException {
        if (value == null) {
            return null;
        }
        if (value.isTextual()) {
            return evaluate(value.textValue(), scope);
        }
        if (value.isArray()) {
            var out = Json.mapper().createArrayNode();
            for (JsonNode v : value) {
                out.add(render(v, scope));
            }
            return out;
        }
        if (value.isObject()) {
            ObjectNode out = Json.object();
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.set(evaluate(e.getKey(), scope).asText(), render(e.getValue(), scope));
            }
            return out;
        }
        return value;
    }

    /** A condition ({@code when}): its value's Python truth. */
    boolean holds(String condition, Scope scope) throws EvaluationException {
        return Truth.of(evaluate(condition, scope));
    }

    /** One string evaluated; a string without expressions is itself. */
    JsonNode evaluate(String text, Scope scope) throws EvaluationException {
        boolean isYaql = YAQL.matcher(text).find();
        boolean isJinja = JINJA.matcher(text).find();
        if (isYaql && isJinja) {
            throw new EvaluationException(
                    "ExpressionEvaluationException: Expression with multiple types is not supported.");
        }
        if (isYaql) {
            return yaql(text, scope);
        }
        if (isJinja) {
            return jinja(text, scope);
        }
        return TextNode.valueOf(text);
    }

    private JsonNode yaql(String text, Scope scope) throws EvaluationException {
        try {
            Object v = yaql.evaluate(text, YaqlContext.of(scope.vars()).withHost(scope));
            return YaqlValues.toJson(v);
        } catch (YaqlException | Functions.Failure e) {
            throw new EvaluationException("YaqlEvaluationException: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new EvaluationException("YaqlEvaluationException: Unable to evaluate expression '" + text + "'. "
                    + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private JsonNode jinja(String text, Scope scope) throws EvaluationException {
        Map<String, Object> context = new HashMap<>();
        context.put(JinjaFunctions.HOST, scope);
        JinjaFunctions.clearFailure();
        try {
            return Json.mapper().valueToTree(jinja.evaluate(text, context));
        } catch (TemplateException | IllegalArgumentException e) {
            Functions.Failure f = JinjaFunctions.lastFailure();
            String cause = f != null ? f.type + ": " + f.getMessage() : e.getMessage();
            throw new EvaluationException(
                    "JinjaEvaluationException: Unable to evaluate expression '" + text + "'. " + cause);
        } finally {
            JinjaFunctions.clearFailure();
        }
    }

    private static Yaql withFunctions(Yaql base) {
        Yaql yaql = base;
        for (String name : StackStormFunctions.names()) {
            yaql = yaql.withFunction(name, call -> stackStorm(name, call));
        }
        return yaql.withFunction("ctx", f((s, a) -> Functions.ctx(s, a)))
                .withFunction("result", f((s, a) -> Functions.result(s)))
                .withFunction("succeeded", f((s, a) -> BooleanNode.valueOf(Functions.succeeded(s))))
                .withFunction("failed", f((s, a) -> BooleanNode.valueOf(Functions.failed(s))))
                .withFunction("completed", f((s, a) -> BooleanNode.valueOf(Functions.completed(s))))
                .withFunction("task_status", f((s, a) -> TextNode.valueOf(Functions.taskStatus(s, a))))
                .withFunction("task", call -> taskOf(call))
                .withFunction("item", f((s, a) -> Functions.item(s, a)))
                .withFunction("json", f((s, a) -> Functions.json(Functions.first(a))))
                .withFunction("yaml", f((s, a) -> Functions.yaml(Functions.first(a))))
                .withFunction(
                        "decrypt_kv",
                        f((s, a) -> Functions.decryptKv(s, a.get(0).asText())))
                .withFunction("st2kv", call -> {
                    Scope s = host(call);
                    Object decrypt = call.named().getOrDefault("decrypt", call.arg(1));
                    Optional<JsonNode> fallback = call.named().containsKey("default")
                            ? Optional.of(YaqlValues.toJson(call.named().get("default")))
                            : Optional.empty();
                    return Functions.st2kv(s, String.valueOf(call.arg(0)), Boolean.TRUE.equals(decrypt), fallback);
                })
                .withFunction(
                        "zip",
                        call -> Functions.zip(
                                call.args().stream().map(YaqlValues::toJson).toList(),
                                call.named().containsKey("pad")
                                        ? YaqlValues.toJson(call.named().get("pad"))
                                        : null));
    }

    /** {@code task(name, route)}, {@code task(name, route => 1)} or {@code task(task_id => name)}. */
    private static JsonNode taskOf(YaqlCall call) {
        Object id = call.named().containsKey("task_id") ? call.named().get("task_id") : call.arg(0);
        Object route = call.named().containsKey("route") ? call.named().get("route") : call.arg(1);
        try {
            return Functions.task(
                    host(call),
                    id == null ? null : YaqlValues.toJson(id),
                    route == null ? null : YaqlValues.toJson(route));
        } catch (Functions.Failure e) {
            throw new YaqlEvaluationException(e.type, e.getMessage());
        }
    }

    /** One of StackStorm's functions (the templates' filters) called from YAQL. */
    private static JsonNode stackStorm(String name, YaqlCall call) {
        if (!call.named().isEmpty()) {
            throw new YaqlEvaluationException(
                    "ExpressionEvaluationException", name + "() takes positional arguments only.");
        }
        List<Object> args = new ArrayList<>();
        call.args().forEach(a -> args.add(Json.mapper().convertValue(YaqlValues.toJson(a), Object.class)));
        try {
            return Json.mapper().valueToTree(StackStormFunctions.call(name, args));
        } catch (TemplateException e) {
            throw new YaqlEvaluationException("ExpressionEvaluationException", e.getMessage());
        }
    }

    private interface Body {
        JsonNode apply(Scope scope, List<JsonNode> args);
    }

    private static YaqlFunction f(Body body) {
        return call -> {
            List<JsonNode> args = new ArrayList<>();
            call.args().forEach(a -> args.add(YaqlValues.toJson(a)));
            try {
                return body.apply(host(call), args);
            } catch (Functions.Failure e) {
                throw new YaqlEvaluationException(e.type, e.getMessage());
            }
        };
    }

    private static Scope host(YaqlCall call) {
        return call.context()
                .host(Scope.class)
                .orElseThrow(
                        () -> new YaqlEvaluationException("ExpressionEvaluationException", "The context is not set."));
    }
}
