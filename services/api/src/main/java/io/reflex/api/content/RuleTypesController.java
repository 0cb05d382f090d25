package io.reflex.api.content;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.api.ApiContext;
import io.reflex.api.web.Controller;
import io.reflex.core.json.Json;
import io.reflex.core.store.Ids;
import io.reflex.web.ApiException;
import io.reflex.web.Call;
import io.reflex.web.Endpoints;
import io.vertx.ext.web.Router;
import java.util.List;

/**
 * {@code /ruletypes}: StackStorm's two rule types, {@code standard} and {@code backstop}. They are fixed, so
 * they are served from code with ids derived from their names (the same on every node).
 */
final class RuleTypesController implements Controller {
    static final List<ObjectNode> TYPES = List.of(
            type("standard", "standard rule that is always applicable."),
            type("backstop", "Rule that applies when no other rule has matched for a specific Trigger."));

    private final ApiContext api;

    RuleTypesController(ApiContext api) {
        this.api = api;
    }

    @Override
    public void mount(Router v1) {
        v1.get("/ruletypes").handler(Endpoints.of(this::list));
        v1.get("/ruletypes/:id").handler(Endpoints.of(this::get));
    }

    private Object list(Call call) {
        api.authorizer().require(call.principal(), "rule_list");
        return TYPES;
    }

    /** By id (StackStorm) or by name (convenient, and unambiguous). */
    private Object get(Call call) {
        api.authorizer().require(call.principal(), "rule_view");
        String id = call.path("id");
        return TYPES.stream()
                .filter(t -> t.get("id").asText().equals(id)
                        || t.get("name").asText().equals(id))
                .findFirst()
                .orElseThrow(
                        () -> ApiException.notFound("Database lookup for id=\"" + id + "\" resulted in exception."));
    }

    private static ObjectNode type(String name, String description) {
        ObjectNode t = Json.object()
                .put("id", Ids.derived("rule_type", name))
                .put("name", name)
                .put("description", description)
                .put("enabled", true);
        t.putObject("parameters");
        return t;
    }
}
