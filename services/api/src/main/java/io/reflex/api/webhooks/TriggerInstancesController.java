package io.reflex.api.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.api.ApiContext;
import io.reflex.api.web.Controller;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.model.Trigger;
import io.reflex.core.model.TriggerInstance;
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
import io.reflex.web.auth.Principal;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /triggerinstances}: list (filters {@code trigger}, {@code trigger_type}, {@code timestamp_gt},
 * {@code timestamp_lt}, {@code status}, {@code id}; newest first), get, and {@code re_emit} (also
 * {@code re_send}), which dispatches the trigger again with a copy of the payload plus
 * {@code __context.original_id}. StackStorm checks no permission here; Reflex requires
 * {@code trigger_list}/{@code trigger_view}, and for re-emitting also {@code webhook_send} on
 * {@code webhook:st2}, since it is the same as firing the trigger through {@code /webhooks/st2}.
 */
final class TriggerInstancesController implements Controller {
    private final ApiContext api;
    private final Store<TriggerInstance> instances;
    private final WebhooksController dispatcher;

    TriggerInstancesController(ApiContext api, WebhooksController dispatcher) {
        this.api = api;
        this.instances = api.store().store(Kinds.TRIGGER_INSTANCE);
        this.dispatcher = dispatcher;
    }

    @Override
    public void mount(Router v1) {
        v1.get("/triggerinstances").handler(Endpoints.of(this::list));
        v1.get("/triggerinstances/:id").handler(Endpoints.of(this::get));
        v1.post("/triggerinstances/:id/re_emit").handler(Endpoints.of(this::reEmit));
        v1.post("/triggerinstances/:id/re_send").handler(Endpoints.of(this::reEmit));
    }

    private Object list(Call call) {
        Principal p = call.principal();
        api.authorizer().require(p, "trigger_list");
        Paging page = Paging.parse(call, 100, api.settings().maxPageSize(), api.isAdmin(p));
        Fields fields = Fields.parse(call);
        Filter filter = filter(call);
        List<TriggerInstance> found =
                instances.find(Query.of(filter).sorted(sort(call)).page(page.offset(), page.limit()));
        List<JsonNode> views =
                found.stream().map(t -> fields.apply(Json.tree(t))).toList();
        return page.reply(views, instances.count(filter));
    }

    private Filter filter(Call call) {
        List<Filter> filters = new ArrayList<>();
        List<String> triggers = new ArrayList<>(call.queryList("trigger"));
        List<String> types = call.queryList("trigger_type");
        if (!types.isEmpty()) {
            List<String> ofType = api.store().store(Kinds.TRIGGER).find(Query.of(Filter.in("type", types))).stream()
                    .map(Trigger::ref)
                    .toList();
            filters.add(Filter.in("trigger", ofType));
        }
        if (!triggers.isEmpty()) {
            filters.add(Filter.in("trigger", triggers));
        }
        if (!call.queryList("status").isEmpty()) {
            filters.add(Filter.in("status", call.queryList("status")));
        }
        if (!call.queryList("id").isEmpty()) {
            filters.add(Filter.in("id", call.queryList("id")));
        }
        call.query("timestamp_gt")
                .ifPresent(v -> filters.add(Filter.gt("occurrence_time", instant("timestamp_gt", v))));
        call.query("timestamp_lt")
                .ifPresent(v -> filters.add(Filter.lt("occurrence_time", instant("timestamp_lt", v))));
        return filters.isEmpty() ? Filter.all() : Filter.and(filters);
    }

    private static Sort sort(Call call) {
        List<String> keys = new ArrayList<>();
        for (String key : call.queryList("sort")) {
            String name = key.replaceFirst("^[-+]", "");
            String field = switch (name) {
                case "trigger", "status" -> name;
                case "timestamp_gt", "timestamp_lt", "occurrence_time" -> "occurrence_time";
                default -> null;
            };
            if (field != null) {
                keys.add((key.startsWith("-") ? "-" : "") + field);
            }
        }
        return keys.isEmpty() ? Sort.by("-occurrence_time", "trigger") : Sort.by(keys.toArray(String[]::new));
    }

    private Object get(Call call) {
        TriggerInstance t = find(call.path("id"));
        api.authorizer().require(call.principal(), "trigger_view", uid(t.trigger()));
        return Fields.parse(call).apply(Json.tree(t));
    }

    private Object reEmit(Call call) {
        Principal p = call.principal();
        TriggerInstance t = find(call.path("id"));
        api.authorizer().require(p, "trigger_view", uid(t.trigger()));
        api.authorizer().require(p, "webhook_send", "webhook:st2");
        ObjectNode payload = t.payload().deepCopy();
        payload.putObject("__context").put("original_id", t.id());
        dispatcher.dispatch(t.trigger(), payload, "");
        ObjectNode out = Json.object();
        out.put("message", "Trigger instance " + t.id() + " succesfully re-sent.");
        out.set("payload", payload);
        return out;
    }

    private TriggerInstance find(String id) {
        return instances
                .get(id)
                .orElseThrow(() -> ApiException.notFound("Unable to identify resource with id \"" + id + "\"."));
    }

    /** {@code pack.name} → {@code trigger:pack:name}. */
    static String uid(String triggerRef) {
        return io.reflex.core.model.Refs.parse(triggerRef)
                .map(r -> "trigger:" + r.pack() + ":" + r.name())
                .orElse("trigger:" + triggerRef);
    }

    private static java.time.Instant instant(String parameter, String value) {
        try {
            return Timestamps.parse(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("query parameter '" + parameter + "': invalid timestamp '" + value + "'");
        }
    }
}
