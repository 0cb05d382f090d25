package io.reflex.api.aliases;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.api.ApiContext;
import io.reflex.api.executions.ExecutionsRequests;
import io.reflex.api.web.Controller;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ResolvedAction;
import io.reflex.core.json.Json;
import io.reflex.core.model.ActionAlias;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.executions.ExecutionViews;
import io.reflex.executions.ParameterValidation;
import io.reflex.rbac.ExecutionAccess;
import io.reflex.templates.TemplateException;
import io.reflex.templates.Templates;
import io.reflex.templates.Templates.Values;
import io.reflex.web.ApiException;
import io.reflex.web.Call;
import io.reflex.web.Endpoints;
import io.reflex.web.Reply;
import io.reflex.web.auth.Principal;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ChatOps: {@code POST /aliasexecution} runs the action of the alias named in the body with the parameters
 * its {@code format} extracts from {@code command} (cast to the action's parameter types, the alias's
 * immutable parameters added), and answers 201 {@code {execution, actionalias, message?, extra?}} with the
 * alias's {@code ack} rendered; {@code POST /aliasexecution/match_and_execute} first finds the one alias
 * format matching the command and answers {@code {"results": [...]}} (several executions when the format
 * is {@code match_multiple}). The execution's context carries {@code action_alias_ref}, {@code api_user}
 * (the chat user), {@code user} (the caller) and {@code source_channel}; its {@code notify.on-complete}
 * routes the result back to the chat ({@code notification_route}, else {@code notification_channel}).
 * Everything is checked before the first execution is created. Permission: {@code action_execute}.
 */
final class AliasExecutionController implements Controller {
    private static final ObjectNode EXECUTE_SCHEMA = Json.read("""
            {"type": "object", "required": ["name", "format", "command", "source_channel"],
             "additionalProperties": false, "properties": {
               "name": {"type": "string"}, "format": {"type": "string"}, "command": {"type": "string"},
               "user": {"type": "string"}, "source_channel": {"type": "string"},
               "source_context": {"type": "object"}, "notification_channel": {"type": "string"},
               "notification_route": {"type": "string"}}}
            """, ObjectNode.class);
    private static final ObjectNode MATCH_SCHEMA = Json.read("""
            {"type": "object", "required": ["command", "source_channel", "user"],
             "additionalProperties": false, "properties": {
               "command": {"type": "string"}, "user": {"type": "string"}, "source_channel": {"type": "string"},
               "source_context": {"type": "object"}, "notification_channel": {"type": "string"},
               "notification_route": {"type": "string"}}}
            """, ObjectNode.class);

    private final ApiContext api;
    private final ExecutionAccess access;
    private final ExecutionsRequests requests;
    private final Templates templates;

    AliasExecutionController(ApiContext api, ExecutionAccess access, ExecutionsRequests requests) {
        this.api = api;
        this.access = access;
        this.requests = requests;
        this.templates = new Templates(
                new AliasExecutionDatastore(api.store()), api.settings().templateLimits());
    }

    @Override
    public void mount(Router v1) {
        v1.post("/aliasexecution/match_and_execute").handler(Endpoints.of(this::matchAndExecute));
        v1.post("/aliasexecution").handler(Endpoints.of(this::execute));
    }

    private Object execute(Call call) {
        ObjectNode body = validated(call, EXECUTE_SCHEMA);
        String name = body.get("name").asText();
        ActionAlias alias = api.store()
                .store(Kinds.ACTION_ALIAS)
                .findOne(Filter.eq("name", name))
                .orElseThrow(
                        () -> ApiException.notFound("Unable to identify action alias with name \"" + name + "\"."));
        return Reply.created(run(call, alias, body, false).get(0));
    }

    private Object matchAndExecute(Call call) {
        ObjectNode body = validated(call, MATCH_SCHEMA);
        List<ActionAlias> aliases = api.store().store(Kinds.ACTION_ALIAS).find(Query.all());
        ActionAliasesMatcher.Match match =
                ActionAliasesMatcher.matchOne(body.get("command").asText(), aliases);
        body.put("format", match.representation());
        List<ObjectNode> results = run(call, match.alias(), body, match.matchMultiple());
        ObjectNode out = Json.object();
        out.putArray("results").addAll(results);
        return Reply.created(out);
    }

    private static ObjectNode validated(Call call, ObjectNode schema) {
        ObjectNode body = call.bodyObject();
        ParameterValidation.problem(schema, body, "field").ifPresent(m -> {
            throw ApiException.badRequest(m);
        });
        return body;
    }

    /** StackStorm's {@code _post}: every parameter set is prepared and checked, then each is executed. */
    private List<ObjectNode> run(Call call, ActionAlias alias, ObjectNode body, boolean matchMultiple) {
        Principal p = call.principal();
        List<Map<String, JsonNode>> extracted = extract(alias, body, matchMultiple);
        ObjectNode context = context(alias, body, p.user());
        ResolvedAction action = requests.action(alias.actionRef());
        List<ObjectNode> parameterSets = parameterSets(p, action, extracted, immutableParameters(alias, context));
        ObjectNode notify = notify(body);
        ObjectNode aliasView = (ObjectNode) Json.tree(alias);
        List<ObjectNode> results = new ArrayList<>();
        for (ObjectNode params : parameterSets) {
            Execution e = requests.requestFor(p, action, params, null, context, notify, null);
            ObjectNode result = Json.object();
            result.set("execution", ExecutionViews.execution(e, access.options(call)));
            result.set("actionalias", aliasView);
            acknowledge(alias, result);
            results.add(result);
        }
        return results;
    }

    /** The parameter values the command gives under the format (one set per match with {@code match_multiple}). */
    private static List<Map<String, JsonNode>> extract(ActionAlias alias, ObjectNode body, boolean matchMultiple) {
        if (!alias.enabled()) {
            throw ApiException.badRequest("Action alias with name \"" + alias.name() + "\" is disabled.");
        }
        String format = body.get("format").asText();
        if (!ActionAliasesMatcher.formatStrings(alias).contains(format)) {
            throw ApiException.badRequest(
                    "Format string \"" + format + "\" is not available on the alias \"" + alias.name() + "\"");
        }
        String command = body.get("command").asText();
        List<Map<String, JsonNode>> extracted = matchMultiple
                ? AliasFormats.extractAll(format, command)
                : List.of(AliasFormats.extractOrThrow(format, command));
        if (extracted.isEmpty()) {
            throw AliasFormats.mismatch(format, command);
        }
        return extracted;
    }

    /**
     * The execution parameters: extracted values cast to the action's types, immutable parameters added (a
     * command may not set them), each set checked against the action's schema before anything runs.
     */
    private List<ObjectNode> parameterSets(
            Principal p, ResolvedAction action, List<Map<String, JsonNode>> extracted, ObjectNode immutable) {
        api.authorizer()
                .require(
                        p,
                        "action_execute",
                        action.action().uid(),
                        "pack:" + action.action().pack());
        ObjectNode schemas = action.parameterSchema();
        List<ObjectNode> sets = new ArrayList<>();
        for (Map<String, JsonNode> values : extracted) {
            List<String> overridden = new ArrayList<>();
            immutable.fieldNames().forEachRemaining(n -> {
                if (values.containsKey(n)) {
                    overridden.add(n);
                }
            });
            if (!overridden.isEmpty()) {
                throw ApiException.badRequest(
                        "Immutable arguments cannot be overriden: " + String.join(",", overridden));
            }
            ObjectNode params = AliasExecutionCasts.cast(values, schemas);
            params.setAll(immutable);
            if (!action.runner().id().isEmpty()) {
                ExecutionsRequests.checkParameters(action, params);
            }
            sets.add(params);
        }
        return sets;
    }

    private static ObjectNode context(ActionAlias alias, ObjectNode body, String user) {
        ObjectNode context = Json.object();
        context.putObject("action_alias_ref").put("id", alias.id()).put("name", alias.name());
        context.set(
                "api_user",
                body.path("user").isTextual() ? body.get("user") : Json.mapper().nullNode());
        context.put("user", user);
        context.set("source_channel", body.get("source_channel"));
        return context;
    }

    private static ObjectNode notify(ObjectNode body) {
        String route = body.path("notification_route").asText("");
        if (route.isEmpty()) {
            route = body.path("notification_channel").asText("");
        }
        ObjectNode notify = Json.object();
        ObjectNode onComplete = notify.putObject("on-complete");
        // the chat request's user, channel and context are data: the notifier must not render them
        onComplete.put("render", false);
        ArrayNode routes = onComplete.putArray("routes");
        if (!route.isEmpty()) {
            routes.add(route);
        }
        ObjectNode data = onComplete.putObject("data");
        data.set(
                "user",
                body.path("user").isTextual() ? body.get("user") : Json.mapper().nullNode());
        data.set("source_channel", body.get("source_channel"));
        data.set(
                "source_context",
                body.has("source_context")
                        ? body.get("source_context")
                        : Json.mapper().nullNode());
        return notify;
    }

    /** The alias's immutable parameters, Jinja in string values rendered with the execution context and st2kv. */
    private ObjectNode immutableParameters(ActionAlias alias, ObjectNode context) {
        ObjectNode out = Json.object();
        Map<String, Object> vars = new LinkedHashMap<>(Values.toMap(context));
        alias.immutableParameters().properties().forEach(e -> {
            JsonNode v = e.getValue();
            if (!v.isTextual() || !Templates.isTemplate(v.asText())) {
                out.set(e.getKey(), v);
                return;
            }
            vars.put(
                    "st2kv",
                    io.reflex.templates.KeyValueContext.build(
                            v.asText(),
                            new AliasExecutionDatastore(api.store()),
                            context.path("user").asText()));
            try {
                out.put(e.getKey(), templates.render(v.asText(), vars));
            } catch (TemplateException ex) {
                throw ApiException.badRequest(
                        "Failed to render immutable parameter \"" + e.getKey() + "\" of the alias: " + ex.getMessage());
            }
        });
        return out;
    }

    /** Renders {@code ack.format} and {@code ack.extra} with {@code {execution, actionalias}}, as StackStorm does. */
    private void acknowledge(ActionAlias alias, ObjectNode result) {
        JsonNode ack = alias.ack();
        if (ack.isEmpty()) {
            return;
        }
        Map<String, Object> vars = Values.toMap(result);
        if (ack.path("format").isTextual()) {
            try {
                result.put("message", templates.render(ack.get("format").asText(), vars));
            } catch (TemplateException e) {
                result.put("message", "Cannot render \"format\" in field \"ack\" for alias. " + e.getMessage());
            }
        }
        if (ack.has("extra")) {
            try {
                result.set("extra", renderValues(ack.get("extra"), vars));
            } catch (TemplateException e) {
                result.put("extra", "Cannot render \"extra\" in field \"ack\" for alias. " + e.getMessage());
            }
        }
    }

    private JsonNode renderValues(JsonNode value, Map<String, Object> vars) {
        if (value.isTextual()) {
            return Json.mapper().getNodeFactory().textNode(templates.render(value.asText(), vars));
        }
        if (value instanceof ObjectNode o) {
            ObjectNode out = Json.object();
            o.properties().forEach(e -> out.set(e.getKey(), renderValues(e.getValue(), vars)));
            return out;
        }
        if (value instanceof ArrayNode a) {
            ArrayNode out = Json.mapper().createArrayNode();
            a.forEach(v -> out.add(renderValues(v, vars)));
            return out;
        }
        return value;
    }
}
