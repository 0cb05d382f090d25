package io.reflex.api.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.api.ApiContext;
import io.reflex.api.web.Controller;
import io.reflex.content.ContentException;
import io.reflex.content.ItemDocuments;
import io.reflex.core.json.Json;
import io.reflex.core.model.Action;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Store;
import io.reflex.web.ApiException;
import io.reflex.web.Call;
import io.reflex.web.Endpoints;
import io.reflex.web.Fields;
import io.reflex.web.Reply;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /actions}: list, get, create, update, delete and clone (StackStorm's {@code ActionsController}).
 * Bodies are checked like pack files (schema, runner, parameters and their merge with the runner's) before
 * anything is written; actions of the {@code core} pack cannot be changed.
 */
final class ActionsController implements Controller {
    private static final Logger log = LoggerFactory.getLogger(ActionsController.class);
    static final Map<String, String> FILTERS = Map.of("id", "id", "name", "name", "pack", "pack", "tags", "tags.name");

    private final ApiContext api;
    private final Store<Action> actions;
    private final ActionsFiles files;

    ActionsController(ApiContext api, PacksLocal packs) {
        this.api = api;
        this.actions = api.store().store(Kinds.ACTION);
        this.files = new ActionsFiles(api, packs);
    }

    @Override
    public void mount(Router v1) {
        v1.get("/actions").handler(Endpoints.of(this::list));
        v1.post("/actions").handler(Endpoints.of(this::create));
        v1.get("/actions/:ref_or_id").handler(Endpoints.of(this::get));
        v1.put("/actions/:ref_or_id").handler(Endpoints.of(this::update));
        v1.delete("/actions/:ref_or_id").handler(Endpoints.of(this::delete));
        v1.post("/actions/:ref_or_id/clone").handler(Endpoints.of(this::cloneAction));
    }

    private Object list(Call call) {
        api.authorizer().require(call.principal(), "action_list");
        Fields.parse(call).allowExcluding(java.util.Set.of("parameters", "notify"));
        return ContentResources.page(
                api,
                call,
                actions,
                ContentResources.filters(call, FILTERS),
                ContentResources.sort(call, FILTERS, "pack", "name"),
                0,
                ActionsController::view);
    }

    private Object get(Call call) {
        Action a = ContentResources.byRefOrId(actions, call.path("ref_or_id"));
        api.authorizer().require(call.principal(), "action_view", a.uid());
        return Fields.parse(call).apply(view(a));
    }

    private Object create(Call call) {
        ObjectNode doc = ContentResources.document(call);
        List<ActionsFiles.DataFile> dataFiles = ActionsFiles.dataFiles(doc.remove("data_files"));
        String pack = ContentResources.packOf(doc, ContentResources.DEFAULT_PACK);
        api.authorizer()
                .require(
                        call.principal(),
                        "action_create",
                        "action:" + pack + ":" + doc.path("name").asText());
        Action action = validate(doc);
        ContentResources.requireNotSystemPack(action.pack());
        ContentResources.requirePackExists(api.store(), action.pack());
        ContentResources.requireUnique(actions, action.ref(), null);
        files.write(action, dataFiles);
        actions.insert(action);
        files.afterWrite(action, dataFiles);
        log.info(
                "action created action={} id={} user={}",
                action.ref(),
                action.id(),
                call.principal().user());
        return Reply.created(view(action));
    }

    private Object update(Call call) {
        Action existing = ContentResources.byRefOrId(actions, call.path("ref_or_id"));
        api.authorizer().require(call.principal(), "action_modify", existing.uid());
        ObjectNode doc = ContentResources.document(call);
        List<ActionsFiles.DataFile> dataFiles = ActionsFiles.dataFiles(doc.remove("data_files"));
        ContentResources.packOf(doc, existing.pack());
        doc.put("metadata_file", existing.metadataFile());
        Action action = ContentResources.withId(validate(doc), existing.id());
        ContentResources.requireNotSystemPack(existing.pack());
        ContentResources.requireNotSystemPack(action.pack());
        if (!action.pack().equals(existing.pack())) {
            ContentResources.requirePackExists(api.store(), action.pack());
        }
        ContentResources.requireUnique(actions, action.ref(), existing.id());
        files.write(action, dataFiles);
        actions.replace(action);
        files.afterWrite(action, dataFiles);
        log.info(
                "action updated action={} id={} user={}",
                action.ref(),
                action.id(),
                call.principal().user());
        return view(action);
    }

    private Object delete(Call call) {
        Action a = ContentResources.byRefOrId(actions, call.path("ref_or_id"));
        api.authorizer().require(call.principal(), "action_delete", a.uid());
        ContentResources.requireNotSystemPack(a.pack());
        JsonNode body = call.bodyJson();
        JsonNode removeFiles = body.path("remove_files");
        if (!removeFiles.isMissingNode() && !removeFiles.isBoolean()) {
            throw ApiException.badRequest("field 'remove_files': expected boolean, got " + Json.write(removeFiles));
        }
        actions.delete(a.id());
        if (removeFiles.asBoolean(false)) {
            files.remove(a);
        }
        log.info(
                "action deleted action={} id={} user={}",
                a.ref(),
                a.id(),
                call.principal().user());
        return Reply.noContent();
    }

    private Object cloneAction(Call call) {
        Action source = ContentResources.byRefOrId(actions, call.path("ref_or_id"));
        api.authorizer().require(call.principal(), "action_view", source.uid());
        ObjectNode body = call.bodyObject();
        String destPack = requiredText(body, "dest_pack");
        String destName = requiredText(body, "dest_action");
        JsonNode overwrite = body.path("overwrite");
        if (!overwrite.isMissingNode() && !overwrite.isBoolean()) {
            throw ApiException.badRequest("field 'overwrite': expected boolean");
        }
        String destRef = destPack + "." + destName;
        api.authorizer().require(call.principal(), "action_create", "action:" + destPack + ":" + destName);
        var existing = actions.findOne(io.reflex.core.store.ContentQueries.byRef(destRef));
        if (existing.isPresent()) {
            if (!overwrite.asBoolean(false)) {
                throw ApiException.badRequest("The requested destination action already exists");
            }
            api.authorizer()
                    .require(call.principal(), "action_delete", existing.get().uid());
        }
        Action cloned = files.cloneInto(source, destPack, destName, existing.orElse(null));
        log.info(
                "action cloned source={} action={} user={}",
                source.ref(),
                cloned.ref(),
                call.principal().user());
        return Reply.created(view(cloned));
    }

    private static String requiredText(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw ApiException.badRequest("missing required field '" + field + "' (a non-empty string)");
        }
        return v.asText();
    }

    private static Action validate(ObjectNode doc) {
        try {
            return ItemDocuments.action(doc);
        } catch (ContentException e) {
            throw ContentResources.invalid(e);
        }
    }

    static ObjectNode view(Action a) {
        return Json.mapper().valueToTree(a);
    }
}
