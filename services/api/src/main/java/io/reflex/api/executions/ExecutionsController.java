package io.reflex.api.executions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.api.ApiContext;
import io.reflex.api.web.Controller;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.execution.IllegalTransitionException;
import io.reflex.core.json.Json;
import io.reflex.core.store.Query;
import io.reflex.executions.ExecutionViews;
import io.reflex.executions.ParameterValidation;
import io.reflex.rbac.ExecutionAccess;
import io.reflex.web.ApiException;
import io.reflex.web.Call;
import io.reflex.web.Endpoints;
import io.reflex.web.Fields;
import io.reflex.web.Paging;
import io.reflex.web.Reply;
import io.reflex.web.auth.Principal;
import io.vertx.ext.web.Router;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * {@code /executions} (also {@code /actionexecutions}, StackStorm's old name): list with StackStorm's
 * filters, get, request (POST, 201), update status (PUT) and cancel (DELETE). Permissions:
 * {@code execution_list}, {@code execution_view}, {@code action_execute}, {@code execution_stop}.
 */
final class ExecutionsController implements Controller {
    /** StackStorm lets clients exclude only these: dropping others would break secret masking. */
    static final Set<String> EXCLUDABLE = Set.of("result", "trigger_instance", "status");
    /** Every attribute of an execution's view (some shown only when set), as StackStorm names them. */
    static final Set<String> ATTRIBUTES = Set.of(
            "id",
            "status",
            "start_timestamp",
            "action",
            "runner",
            "liveaction",
            "parameters",
            "context",
            "log",
            "children",
            "reflex",
            "trigger",
            "trigger_type",
            "trigger_instance",
            "rule",
            "workflow_execution",
            "task_execution",
            "end_timestamp",
            "elapsed_seconds",
            "result",
            "result_size",
            "parent",
            "delay",
            "web_url");

    static final String[] PREFIXES = {"/executions", "/actionexecutions"};

    private static final ObjectNode CREATE_SCHEMA = Json.read("""
            {"type": "object", "required": ["action"], "additionalProperties": false,
             "properties": {
               "id": {"type": "string"}, "status": {"type": "string"},
               "start_timestamp": {"type": "string"}, "end_timestamp": {"type": "string"},
               "action": {"type": "string", "minLength": 1}, "action_is_workflow": {"type": "boolean"},
               "parameters": {"type": "object"}, "result": {}, "context": {"type": "object"},
               "callback": {"type": "object"}, "runner_info": {"type": "object"},
               "notify": {"type": "object", "additionalProperties": false, "properties": {
                 "on-complete": {"$ref": "#/definitions/notify"}, "on-failure": {"$ref": "#/definitions/notify"},
                 "on-success": {"$ref": "#/definitions/notify"}}},
               "delay": {"type": "integer", "minimum": 0},
               "user": {"type": "string"}},
             "definitions": {"notify": {"type": "object", "additionalProperties": false, "properties": {
               "message": {"type": "string"}, "data": {"type": "object"},
               "routes": {"type": "array", "items": {"type": "string"}},
               "channels": {"type": "array", "items": {"type": "string"}}}}}}
            """, ObjectNode.class);

    private static final ObjectNode UPDATE_SCHEMA = Json.read(
            """
            {"type": "object", "required": ["status"], "additionalProperties": false,
             "properties": {"status": {"type": "string", "enum": %s}, "result": {}}}
            """.formatted(Json.write(Arrays.stream(ExecutionStatus.values())
                    .map(ExecutionStatus::wire)
                    .toList())),
            ObjectNode.class);

    private final ApiContext api;
    private final ExecutionAccess access;
    private final ExecutionsRequests requests;
    private final ExecutionsUpdates updates;

    ExecutionsController(
            ApiContext api, ExecutionAccess access, ExecutionsRequests requests, ExecutionsUpdates updates) {
        this.api = api;
        this.access = access;
        this.requests = requests;
        this.updates = updates;
    }

    @Override
    public void mount(Router v1) {
        for (String prefix : PREFIXES) {
            v1.get(prefix).handler(Endpoints.of(this::list));
            v1.post(prefix).handler(Endpoints.of(this::create));
            v1.get(prefix + "/:id").handler(Endpoints.of(this::get));
            v1.put(prefix + "/:id").handler(Endpoints.of(this::put));
            v1.delete(prefix + "/:id").handler(Endpoints.of(this::delete));
        }
    }

    private Object list(Call call) {
        Principal p = call.principal();
        api.authorizer().require(p, "execution_list");
        Paging page = Paging.parse(call, 100, api.settings().maxPageSize(), api.isAdmin(p));
        Fields fields = Fields.parse(call).allowExcluding(EXCLUDABLE).limitedTo(ATTRIBUTES);
        ExecutionsQuery q = ExecutionsQuery.parse(call);
        ExecutionViews.Options options = access.options(call);
        List<Execution> found = api.store()
                .executions()
                .find(Query.of(q.filter()).sorted(q.sort()).page(page.offset(), page.limit()));
        List<JsonNode> views = found.stream()
                .map(e -> fields.apply(ExecutionViews.execution(e, options)))
                .toList();
        return page.reply(views, api.store().executions().count(q.filter()));
    }

    private Object get(Call call) {
        Execution e = access.findWhole(call.path("id"));
        access.require(call.principal(), "execution_view", e);
        Fields fields = Fields.parse(call).allowExcluding(EXCLUDABLE).limitedTo(ATTRIBUTES);
        ObjectNode view = ExecutionViews.execution(e, access.options(call));
        Integer max = call.queryInt("max_result_size").orElse(null);
        if (max != null) {
            if (max <= 0) {
                throw ApiException.badRequest("max_result_size must be a positive number");
            }
            if (max > 14 * 1024 * 1024) {
                throw ApiException.badRequest("max_result_size query parameter must be smaller than 14 MB");
            }
            if (view.path("result_size").asInt(0) > max) {
                view.remove("result");
            }
        }
        return fields.apply(view);
    }

    private Object create(Call call) {
        Principal p = call.principal();
        ObjectNode body = call.bodyObject();
        ParameterValidation.problem(CREATE_SCHEMA, body, "field").ifPresent(m -> {
            throw ApiException.badRequest(m);
        });
        ObjectNode context = Json.objectOrEmpty(body.get("context")).deepCopy();
        call.header("st2-context").ifPresent(h -> context.setAll(headerContext(h)));
        Execution e = requests.requestRendered(
                p,
                body.get("action").asText(),
                Json.objectOrEmpty(body.get("parameters")),
                Json.object(),
                body.path("user").isTextual() ? body.get("user").asText() : null,
                context,
                Json.objectOrEmpty(body.get("notify")),
                body.path("delay").isIntegralNumber() ? body.get("delay").asInt() : null);
        return Reply.created(ExecutionViews.execution(e, access.options(call)));
    }

    /** The {@code st2-context} header: a JSON object merged into the request context. */
    static ObjectNode headerContext(String header) {
        JsonNode parsed;
        try {
            parsed = Json.mapper().readTree(header);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("Unable to convert st2-context from the headers into JSON.");
        }
        if (!(parsed instanceof ObjectNode o)) {
            throw ApiException.badRequest("Unable to convert st2-context from the headers into JSON (was "
                    + (parsed == null ? "null" : parsed.getNodeType().name().toLowerCase(java.util.Locale.ROOT))
                    + ").");
        }
        return o;
    }

    private Object put(Call call) {
        Principal p = call.principal();
        Execution e = access.find(call.path("id"));
        access.require(p, "execution_stop", e);
        ObjectNode body = call.bodyObject();
        ParameterValidation.problem(UPDATE_SCHEMA, body, "field").ifPresent(m -> {
            throw ApiException.badRequest(m);
        });
        ExecutionStatus target = ExecutionStatus.fromWire(body.get("status").asText());
        JsonNode result = body.get("result");
        Execution updated;
        try {
            updated = updates.apply(e.id(), current -> updates.statusChange(current, target, result, p.user()));
        } catch (IllegalTransitionException ex) {
            throw ApiException.badRequest("Failed updating execution. " + ex.getMessage());
        }
        return ExecutionViews.execution(access.whole(updated), access.options(call));
    }

    private Object delete(Call call) {
        Principal p = call.principal();
        Execution e = access.find(call.path("id"));
        access.require(p, "execution_stop", e);
        if (e.status() == ExecutionStatus.CANCELED) {
            return ExecutionViews.execution(access.whole(e), access.options(call));
        }
        return ExecutionViews.execution(access.whole(updates.cancel(e.id(), p.user())), access.options(call));
    }
}
