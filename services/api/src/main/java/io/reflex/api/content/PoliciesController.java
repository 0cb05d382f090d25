package io.reflex.api.content;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.api.ApiContext;
import io.reflex.api.web.Controller;
import io.reflex.content.ContentException;
import io.reflex.content.ItemDocuments;
import io.reflex.core.json.Json;
import io.reflex.core.model.Policy;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Store;
import io.reflex.web.Call;
import io.reflex.web.Endpoints;
import io.reflex.web.Fields;
import io.reflex.web.Reply;
import io.vertx.ext.web.Router;
import java.util.Map;

/**
 * {@code /policies}: list, get, create, update, delete. A policy must name an existing action, a known
 * policy type and parameters that fit that type.
 */
final class PoliciesController implements Controller {
    private static final Map<String, String> FILTERS = Map.of(
            "id", "id", "name", "name", "pack", "pack", "resource_ref", "resource_ref", "policy_type", "policy_type");

    private final ApiContext api;
    private final Store<Policy> policies;
    private final ContentWrites<Policy> writes;

    PoliciesController(ApiContext api) {
        this.api = api;
        this.policies = api.store().store(Kinds.POLICY);
        this.writes = new ContentWrites<>(
                api,
                policies,
                "policy",
                "policy",
                ContentResources.DEFAULT_PACK,
                "policy",
                (doc, call) -> validate(doc));
    }

    @Override
    public void mount(Router v1) {
        v1.get("/policies").handler(Endpoints.of(this::list));
        v1.post("/policies").handler(Endpoints.of(this::create));
        v1.get("/policies/:ref_or_id").handler(Endpoints.of(this::get));
        v1.put("/policies/:ref_or_id").handler(Endpoints.of(this::update));
        v1.delete("/policies/:ref_or_id").handler(Endpoints.of(this::delete));
    }

    private Object list(Call call) {
        api.authorizer().require(call.principal(), "policy_list");
        return ContentResources.page(
                api,
                call,
                policies,
                ContentResources.filters(call, FILTERS),
                ContentResources.sort(call, FILTERS, "pack", "name"),
                100,
                PoliciesController::view);
    }

    private Object get(Call call) {
        Policy p = ContentResources.byRefOrId(policies, call.path("ref_or_id"));
        api.authorizer().require(call.principal(), "policy_view", p.uid());
        return Fields.parse(call).apply(view(p));
    }

    private Object create(Call call) {
        return Reply.created(view(writes.create(call)));
    }

    private Object update(Call call) {
        return view(writes.update(call, call.path("ref_or_id")));
    }

    private Object delete(Call call) {
        writes.delete(call, call.path("ref_or_id"));
        return Reply.noContent();
    }

    private Policy validate(ObjectNode doc) {
        try {
            return ItemDocuments.policy(
                    doc,
                    ref -> api.store()
                            .store(Kinds.ACTION)
                            .findOne(Filter.eq("ref", ref))
                            .isPresent());
        } catch (ContentException e) {
            throw ContentResources.invalid(e);
        }
    }

    static ObjectNode view(Policy p) {
        return Json.mapper().valueToTree(p);
    }
}
