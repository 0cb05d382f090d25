package io.reflex.api.content;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.api.ApiContext;
import io.reflex.api.web.Controller;
import io.reflex.core.json.Json;
import io.reflex.core.model.Trigger;
import io.reflex.core.store.ContentQueries;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.core.store.Sort;
import io.reflex.core.store.Store;
import io.reflex.web.ApiException;
import io.reflex.web.Call;
import io.reflex.web.Endpoints;
import io.reflex.web.Fields;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.Set;

/**
 * {@code /timers}: the triggers of the three timer trigger types (made when rules using a timer are
 * registered), as StackStorm's TimersController lists them: {@code TriggerAPI} objects, optionally of one
 * {@code timer_type}. Read from the store, so every api node answers the same.
 */
final class TimersController implements Controller {
    static final List<String> TIMER_TYPES =
            List.of("core.st2.IntervalTimer", "core.st2.DateTimer", "core.st2.CronTimer");

    private final ApiContext api;
    private final Store<Trigger> triggers;

    TimersController(ApiContext api) {
        this.api = api;
        this.triggers = api.store().store(Kinds.TRIGGER);
    }

    @Override
    public void mount(Router v1) {
        v1.get("/timers").handler(Endpoints.of(this::list));
        v1.get("/timers/:ref_or_id").handler(Endpoints.of(this::get));
    }

    private Object list(Call call) {
        api.authorizer().require(call.principal(), "timer_list");
        Fields fields = Fields.parse(call).knowing(Set.of("description"));
        Filter filter = call.query("timer_type")
                .map(type -> {
                    if (!TIMER_TYPES.contains(type)) {
                        throw ApiException.badRequest("Timer type " + type + " not in supported types - ['"
                                + String.join("', '", TIMER_TYPES) + "'].");
                    }
                    return Filter.eq("type", type);
                })
                .orElse(Filter.in("type", TIMER_TYPES));
        return triggers.find(Query.of(filter).sorted(Sort.by("type", "pack", "name"))).stream()
                .map(t -> fields.apply(view(t)))
                .toList();
    }

    private Object get(Call call) {
        String refOrId = call.path("ref_or_id");
        Filter timers = Filter.in("type", TIMER_TYPES);
        Trigger t = triggers.findOne(Filter.and(Filter.eq("id", refOrId), timers))
                .or(() -> triggers.findOne(Filter.and(ContentQueries.byRef(refOrId), timers)))
                .orElseThrow(
                        () -> ApiException.notFound("Resource with a reference or id \"" + refOrId + "\" not found"));
        api.authorizer().require(call.principal(), "timer_view", "timer:" + t.pack() + ":" + t.name());
        return Fields.parse(call).knowing(Set.of("description")).apply(view(t));
    }

    /** StackStorm's {@code TriggerAPI}: {@code id, uid, ref, name, pack, type, parameters, description}. */
    static ObjectNode view(Trigger t) {
        ObjectNode o = Json.object();
        o.put("id", t.id());
        o.put("uid", t.uid());
        o.put("ref", t.ref());
        o.put("name", t.name());
        o.put("pack", t.pack());
        o.put("type", t.type());
        o.set("parameters", t.parameters());
        if (!t.description().isEmpty()) {
            o.put("description", t.description());
        }
        return o;
    }
}
