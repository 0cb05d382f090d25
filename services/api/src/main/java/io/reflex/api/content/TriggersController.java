package io.reflex.api.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.api.ApiContext;
import io.reflex.api.web.Controller;
import io.reflex.content.ContentException;
import io.reflex.content.ItemDocuments;
import io.reflex.core.json.Json;
import io.reflex.core.model.Names;
import io.reflex.core.model.Trigger;
import io.reflex.core.model.TriggerType;
import io.reflex.core.store.ContentQueries;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Store;
import io.reflex.web.ApiException;
import io.reflex.web.Call;
import io.reflex.web.Endpoints;
import io.reflex.web.Fields;
import io.reflex.web.Reply;
import io.vertx.ext.web.Router;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /triggers}: concrete triggers (a trigger type plus parameters), by id. A new trigger's
 * parameters must fit its type's {@code parameters_schema}; one without a name gets a UUID (StackStorm's
 * naming of parameterised triggers) or, for a type without parameters, the type's own name.
 */
final class TriggersController implements Controller {
    private static final Logger log = LoggerFactory.getLogger(TriggersController.class);
    private static final Set<String> FIELDS =
            Set.of("id", "uid", "ref", "name", "pack", "type", "parameters", "description");

    private final ApiContext api;
    private final Store<Trigger> triggers;
    private final Store<TriggerType> types;

    TriggersController(ApiContext api) {
        this.api = api;
        this.triggers = api.store().store(Kinds.TRIGGER);
        this.types = api.store().store(Kinds.TRIGGER_TYPE);
    }

    @Override
    public void mount(Router v1) {
        v1.get("/triggers").handler(Endpoints.of(this::list));
        v1.post("/triggers").handler(Endpoints.of(this::create));
        v1.get("/triggers/:trigger_id").handler(Endpoints.of(this::get));
        v1.put("/triggers/:trigger_id").handler(Endpoints.of(this::update));
        v1.delete("/triggers/:trigger_id").handler(Endpoints.of(this::delete));
    }

    private Object list(Call call) {
        api.authorizer().require(call.principal(), "trigger_list");
        Map<String, String> filters = Map.of("id", "id", "name", "name", "pack", "pack", "type", "type");
        return ContentResources.page(
                api,
                call,
                triggers,
                ContentResources.filters(call, filters),
                ContentResources.sort(call, Map.of("name", "name", "pack", "pack", "ref", "ref"), "ref"),
                0,
                TriggersController::view);
    }

    private Object get(Call call) {
        Trigger t = find(call);
        api.authorizer().require(call.principal(), "trigger_view", t.uid());
        return Fields.parse(call).apply(view(t));
    }

    private Object create(Call call) {
        ObjectNode doc = ContentResources.document(call);
        Trigger t = validate(doc, null);
        api.authorizer().require(call.principal(), "trigger_create", t.uid());
        ContentResources.requireUnique(triggers, t.ref(), null);
        triggers.insert(t);
        log.info(
                "trigger created trigger={} id={} user={}",
                t.ref(),
                t.id(),
                call.principal().user());
        return Reply.created(view(t));
    }

    private Object update(Call call) {
        Trigger existing = find(call);
        api.authorizer().require(call.principal(), "trigger_modify", existing.uid());
        Trigger t = validate(ContentResources.document(call), existing);
        ContentResources.requireUnique(triggers, t.ref(), existing.id());
        triggers.replace(t);
        log.info(
                "trigger updated trigger={} id={} user={}",
                t.ref(),
                t.id(),
                call.principal().user());
        return view(t);
    }

    private Object delete(Call call) {
        Trigger t = find(call);
        api.authorizer().require(call.principal(), "trigger_delete", t.uid());
        triggers.delete(t.id());
        log.info(
                "trigger deleted trigger={} id={} user={}",
                t.ref(),
                t.id(),
                call.principal().user());
        return Reply.noContent();
    }

    private Trigger find(Call call) {
        String id = call.path("trigger_id");
        return triggers.get(id)
                .or(() -> triggers.findOne(ContentQueries.byRef(id)))
                .orElseThrow(() -> ApiException.notFound("Unable to identify resource with id \"" + id + "\"."));
    }

    /** The trigger a document describes; its type must exist and accept its parameters. */
    private Trigger validate(ObjectNode doc, Trigger existing) {
        doc.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                throw ApiException.badRequest("unknown field '" + f + "'");
            }
        });
        String typeRef = text(doc, "type", existing == null ? null : existing.type());
        TriggerType type = types.findOne(ContentQueries.byRef(typeRef))
                .orElseThrow(
                        () -> ApiException.badRequest("field 'type': trigger type '" + typeRef + "' does not exist"));
        JsonNode params = doc.path("parameters");
        if (!params.isMissingNode() && !params.isNull() && !params.isObject()) {
            throw ApiException.badRequest("field 'parameters': expected object");
        }
        ObjectNode parameters = Json.objectOrEmpty(params);
        try {
            ItemDocuments.triggerParameters(type, parameters);
        } catch (ContentException e) {
            throw ContentResources.invalid(e);
        }
        String fallbackName = existing != null
                ? existing.name()
                : type.parameterised() ? UUID.randomUUID().toString() : type.name();
        String name = Names.check("name", text(doc, "name", fallbackName));
        String pack = Names.check("pack", text(doc, "pack", existing == null ? type.pack() : existing.pack()));
        String id = existing != null ? existing.id() : Ids.derived("trigger", pack, name);
        try {
            return new Trigger(id, name, pack, typeRef, parameters, text(doc, "description", ""));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private static String text(ObjectNode doc, String field, String fallback) {
        JsonNode v = doc.get(field);
        if (v == null || v.isNull()) {
            if (fallback == null) {
                throw ApiException.badRequest("missing required field '" + field + "'");
            }
            return fallback;
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest("field '" + field + "': expected string");
        }
        return v.asText();
    }

    static ObjectNode view(Trigger t) {
        return Json.mapper().valueToTree(t);
    }
}
