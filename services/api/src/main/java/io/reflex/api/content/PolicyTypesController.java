package io.reflex.api.content;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.api.ApiContext;
import io.reflex.api.web.Controller;
import io.reflex.core.json.Json;
import io.reflex.core.model.PolicyType;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Store;
import io.reflex.web.Call;
import io.reflex.web.Endpoints;
import io.reflex.web.Fields;
import io.vertx.ext.web.Router;
import java.util.Map;

/** {@code /policytypes}: the policy types Reflex implements (registered from its catalogue), read-only. */
final class PolicyTypesController implements Controller {
    private static final Map<String, String> FILTERS =
            Map.of("id", "id", "name", "name", "resource_type", "resource_type");

    private final ApiContext api;
    private final Store<PolicyType> types;

    PolicyTypesController(ApiContext api) {
        this.api = api;
        this.types = api.store().store(Kinds.POLICY_TYPE);
    }

    @Override
    public void mount(Router v1) {
        v1.get("/policytypes").handler(Endpoints.of(this::list));
        v1.get("/policytypes/:ref_or_id").handler(Endpoints.of(this::get));
    }

    private Object list(Call call) {
        api.authorizer().require(call.principal(), "policy_type_list");
        return ContentResources.page(
                api,
                call,
                types,
                ContentResources.filters(call, FILTERS),
                ContentResources.sort(call, FILTERS, "resource_type", "name"),
                100,
                PolicyTypesController::view);
    }

    private Object get(Call call) {
        PolicyType t = ContentResources.byRefOrId(types, call.path("ref_or_id"));
        api.authorizer().require(call.principal(), "policy_type_view", t.uid());
        return Fields.parse(call).apply(view(t));
    }

    static ObjectNode view(PolicyType t) {
        return Json.mapper().valueToTree(t);
    }
}
