package io.reflex.api.content;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.api.ApiContext;
import io.reflex.api.web.Controller;
import io.reflex.content.ContentException;
import io.reflex.content.ItemDocuments;
import io.reflex.content.RuleTriggers;
import io.reflex.core.json.Json;
import io.reflex.core.model.TriggerType;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Store;
import io.reflex.web.Call;
import io.reflex.web.Endpoints;
import io.reflex.web.Fields;
import io.reflex.web.Reply;
import io.vertx.ext.web.Router;
import java.util.Map;

/**
 * {@code /triggertypes}: list, get, create, update, delete. A trigger type without parameters gets its one
 * ("shadow") Trigger when created, which goes again when the type is deleted. Types of the {@code core}
 * pack (the system triggers) cannot be changed. Permissions are StackStorm's {@code trigger_*}.
 */
final class TriggerTypesController implements Controller {
    private static final Map<String, String> FILTERS = Map.of("id", "id", "name", "name", "pack", "pack");

    private final ApiContext api;
    private final Store<TriggerType> types;
    private final RuleTriggers triggers;
    private final ContentWrites<TriggerType> writes;

    TriggerTypesController(ApiContext api) {
        this.api = api;
        this.types = api.store().store(Kinds.TRIGGER_TYPE);
        this.triggers = new RuleTriggers(api.store());
        this.writes = new ContentWrites<>(
                api, types, "trigger", "trigger_type", ContentResources.DEFAULT_PACK, "trigger_type", new Writes());
    }

    /** Types of the system pack are read-only; a type without parameters has its one shadow Trigger. */
    private final class Writes implements ContentWrites.Kind<TriggerType> {
        @Override
        public TriggerType validate(ObjectNode doc, Call call) {
            try {
                return ItemDocuments.triggerType(doc);
            } catch (ContentException e) {
                throw ContentResources.invalid(e);
            }
        }

        @Override
        public void guard(TriggerType t) {
            ContentResources.requireNotSystemPack(t.pack());
        }

        @Override
        public void changed(String change, TriggerType t) {
            if (!change.equals("delete")) {
                triggers.ensureSimple(t);
            } else if (!t.parameterised()) {
                api.store().store(Kinds.TRIGGER).delete(Ids.derived("trigger", t.pack(), t.name()));
            }
        }
    }

    @Override
    public void mount(Router v1) {
        v1.get("/triggertypes").handler(Endpoints.of(this::list));
        v1.post("/triggertypes").handler(Endpoints.of(this::create));
        v1.get("/triggertypes/:triggertype_ref_or_id").handler(Endpoints.of(this::get));
        v1.put("/triggertypes/:triggertype_ref_or_id").handler(Endpoints.of(this::update));
        v1.delete("/triggertypes/:triggertype_ref_or_id").handler(Endpoints.of(this::delete));
    }

    private Object list(Call call) {
        api.authorizer().require(call.principal(), "trigger_list");
        return ContentResources.page(
                api,
                call,
                types,
                ContentResources.filters(call, FILTERS),
                ContentResources.sort(call, Map.of("name", "name", "pack", "pack", "ref", "ref"), "ref"),
                100,
                TriggerTypesController::view);
    }

    private Object get(Call call) {
        TriggerType t = ContentResources.byRefOrId(types, call.path("triggertype_ref_or_id"));
        api.authorizer().require(call.principal(), "trigger_view", t.uid());
        return Fields.parse(call).apply(view(t));
    }

    private Object create(Call call) {
        return Reply.created(view(writes.create(call)));
    }

    private Object update(Call call) {
        return view(writes.update(call, call.path("triggertype_ref_or_id")));
    }

    private Object delete(Call call) {
        writes.delete(call, call.path("triggertype_ref_or_id"));
        return Reply.noContent();
    }

    static ObjectNode view(TriggerType t) {
        return Json.mapper().valueToTree(t);
    }
}
