package io.reflex.api.content;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.api.ApiContext;
import io.reflex.api.web.Controller;
import io.reflex.content.ParameterSchemas;
import io.reflex.content.YamlFile;
import io.reflex.core.json.Json;
import io.reflex.core.model.Action;
import io.reflex.core.model.Pack;
import io.reflex.core.model.RunnerType;
import io.reflex.core.store.ContentQueries;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Store;
import io.reflex.web.ApiException;
import io.reflex.web.Call;
import io.reflex.web.Endpoints;
import io.reflex.web.Fields;
import io.reflex.web.Reply;
import io.vertx.ext.web.Router;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Map;

/**
 * {@code /actions/views/*}: parameters merged with the runner's ({@code parameters}), actions with merged
 * parameters ({@code overview}), and the raw entry point file ({@code entry_point}), read from the pack
 * version that is registered.
 */
final class ActionsViews implements Controller {
    /** The largest entry point served: pack archives are bounded, this keeps one answer bounded too. */
    static final long MAX_ENTRY_POINT_BYTES = 16L * 1024 * 1024;

    private static final YamlFile NO_FILE = YamlFile.parse("runner parameters", "{}");

    private final ApiContext api;
    private final PacksLocal packs;
    private final Store<Action> actions;
    private final Store<RunnerType> runners;

    ActionsViews(ApiContext api, PacksLocal packs) {
        this.api = api;
        this.packs = packs;
        this.actions = api.store().store(Kinds.ACTION);
        this.runners = api.store().store(Kinds.RUNNER_TYPE);
    }

    @Override
    public void mount(Router v1) {
        v1.get("/actions/views/parameters/:ref_or_id").handler(Endpoints.of(this::parameters));
        v1.get("/actions/views/overview").handler(Endpoints.of(this::overviewList));
        v1.get("/actions/views/overview/:ref_or_id").handler(Endpoints.of(this::overview));
        v1.get("/actions/views/entry_point/:ref_or_id").handler(Endpoints.of(this::entryPoint));
    }

    private Object parameters(Call call) {
        Action a = find(call);
        return Map.of("parameters", merged(a, new java.util.HashMap<>()));
    }

    private Object overviewList(Call call) {
        api.authorizer().require(call.principal(), "action_list");
        Map<String, ObjectNode> runnerParams = new java.util.HashMap<>();
        return ContentResources.page(
                api,
                call,
                actions,
                ContentResources.filters(call, Map.of("id", "id", "name", "name", "pack", "pack")),
                ContentResources.sort(call, ActionsController.FILTERS, "pack", "name"),
                0,
                a -> ActionsController.view(a).set("parameters", merged(a, runnerParams)));
    }

    private Object overview(Call call) {
        Action a = find(call);
        ObjectNode view = ActionsController.view(a);
        view.set("parameters", merged(a, new java.util.HashMap<>()));
        return Fields.parse(call).apply(view);
    }

    private Object entryPoint(Call call) {
        Action a = find(call);
        if (a.entryPoint().isEmpty()) {
            throw ApiException.notFound("Action \"" + a.ref() + "\" has no entry point");
        }
        Pack pack = api.store()
                .store(Kinds.PACK)
                .findOne(ContentQueries.byRef(a.pack()))
                .orElseThrow(() -> ApiException.notFound("Pack \"" + a.pack() + "\" is not registered"));
        byte[] bytes;
        try {
            bytes = PacksLocal.read(packs.content(pack), "actions/" + a.entryPoint(), MAX_ENTRY_POINT_BYTES);
        } catch (ApiException e) {
            throw e.status() == 404 ? ApiException.notFound("File \"" + a.entryPoint() + "\" not found") : e;
        }
        return Reply.text(200, text(bytes), contentType(a.entryPoint()));
    }

    private Action find(Call call) {
        Action a = ContentResources.byRefOrId(actions, call.path("ref_or_id"));
        api.authorizer().require(call.principal(), "action_view", a.uid());
        return a;
    }

    /** Runner parameters with the action's merged over them (runners looked up once per request). */
    private ObjectNode merged(Action a, Map<String, ObjectNode> runnerParams) {
        ObjectNode runner = runnerParams.computeIfAbsent(
                a.runnerType(),
                name -> runners.findOne(Filter.eq("name", name))
                        .map(RunnerType::runnerParameters)
                        .orElse(Json.object()));
        return ParameterSchemas.merge(NO_FILE, java.util.List.of(), runner, a.parameters(), new ArrayList<>());
    }

    /** The effective parameter schema of action {@code ref} (runner's merged with the action's); empty when unknown. */
    static ObjectNode schemaOf(io.reflex.core.store.StateStore store, String ref) {
        return store.store(Kinds.ACTION)
                .findOne(ContentQueries.byRef(ref))
                .map(a -> {
                    ObjectNode runner = store.store(Kinds.RUNNER_TYPE)
                            .findOne(Filter.eq("name", a.runnerType()))
                            .map(RunnerType::runnerParameters)
                            .orElse(Json.object());
                    return ParameterSchemas.merge(
                            NO_FILE, java.util.List.of(), runner, a.parameters(), new ArrayList<>());
                })
                .orElse(Json.object());
    }

    private static String text(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("Entry point file is not UTF-8 text");
        }
    }

    private static String contentType(String entryPoint) {
        if (entryPoint.endsWith(".yaml") || entryPoint.endsWith(".yml")) {
            return "application/x-yaml; charset=utf-8";
        }
        if (entryPoint.endsWith(".py")) {
            return "text/x-python; charset=utf-8";
        }
        return entryPoint.endsWith(".sh") ? "application/x-sh; charset=utf-8" : "text/plain; charset=utf-8";
    }
}
