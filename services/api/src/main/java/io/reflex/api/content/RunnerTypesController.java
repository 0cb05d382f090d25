package io.reflex.api.content;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.api.ApiContext;
import io.reflex.api.web.Controller;
import io.reflex.core.json.Json;
import io.reflex.core.model.RunnerType;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.core.store.Sort;
import io.reflex.core.store.Store;
import io.reflex.web.ApiException;
import io.reflex.web.Call;
import io.reflex.web.Endpoints;
import io.reflex.web.Fields;
import io.reflex.web.Paging;
import io.vertx.ext.web.Router;
import java.util.List;

/**
 * {@code /runnertypes}: list, get by name or id, and PUT (to enable or disable a runner). The pattern
 * other controllers follow: permission check, paging, field selection, StackStorm's JSON shape.
 */
final class RunnerTypesController implements Controller {
    private final ApiContext api;
    private final Store<RunnerType> runners;

    RunnerTypesController(ApiContext api) {
        this.api = api;
        this.runners = api.store().store(Kinds.RUNNER_TYPE);
    }

    @Override
    public void mount(Router v1) {
        v1.get("/runnertypes").handler(Endpoints.of(this::list));
        v1.get("/runnertypes/:name_or_id").handler(Endpoints.of(this::get));
        v1.put("/runnertypes/:name_or_id").handler(Endpoints.of(this::put));
    }

    private Object list(Call call) {
        api.authorizer().require(call.principal(), "runner_type_list");
        Paging page = Paging.parse(call, 0, api.settings().maxPageSize(), api.isAdmin(call.principal()));
        Fields fields = Fields.parse(call);
        Filter filter = call.query("name").map(n -> Filter.eq("name", n)).orElse(Filter.all());
        List<RunnerType> found =
                runners.find(Query.of(filter).sorted(Sort.by("name")).page(page.offset(), page.limit()));
        return page.reply(found.stream().map(r -> fields.apply(view(r))).toList(), runners.count(filter));
    }

    private Object get(Call call) {
        RunnerType r = find(call.path("name_or_id"));
        api.authorizer().require(call.principal(), "runner_type_view", r.uid());
        return Fields.parse(call).apply(view(r));
    }

    private Object put(Call call) {
        RunnerType r = find(call.path("name_or_id"));
        api.authorizer().require(call.principal(), "runner_type_modify", r.uid());
        ObjectNode body = call.bodyObject();
        if (body.has("enabled") && !body.get("enabled").isBoolean()) {
            throw ApiException.badRequest("'enabled' must be a boolean");
        }
        RunnerType updated = new RunnerType(
                r.id(),
                r.name(),
                body.path("description").asText(r.description()),
                body.path("enabled").asBoolean(r.enabled()),
                r.runnerPackage(),
                r.runnerModule(),
                r.runnerParameters(),
                r.outputKey(),
                r.outputSchema());
        runners.replace(updated);
        // launching checks the runner's enabled flag on the actions the rules engines cache
        return view(updated);
    }

    private RunnerType find(String nameOrId) {
        return runners.get(nameOrId)
                .or(() -> runners.findOne(Filter.eq("name", nameOrId)))
                .orElseThrow(
                        () -> ApiException.notFound("RunnerType with name or id \"" + nameOrId + "\" is not found"));
    }

    static ObjectNode view(RunnerType r) {
        ObjectNode o = Json.mapper().valueToTree(r);
        o.put("query_module", "");
        return o;
    }
}
