package io.reflex.api.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.api.ApiContext;
import io.reflex.api.web.Controller;
import io.reflex.core.execution.Execution;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.model.RuleEnforcement;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Store;
import io.reflex.web.ApiException;
import io.reflex.web.Call;
import io.reflex.web.Endpoints;
import io.reflex.web.Fields;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code /ruleenforcements} and {@code /ruleenforcements/views}: what the rules engine recorded when a rule
 * matched (default page 50, newest first). The views add the trigger instance and a summary of the
 * execution, as StackStorm's UI expects.
 */
final class RuleEnforcementsController implements Controller {
    static final Map<String, String> FILTERS = Map.of(
            "id", "id",
            "rule_ref", "rule.ref",
            "rule_id", "rule.id",
            "execution", "execution_id",
            "trigger_instance", "trigger_instance_id");
    private static final Map<String, String> SORTS = Map.of("enforced_at", "enforced_at", "rule_ref", "rule.ref");

    private final ApiContext api;
    private final Store<RuleEnforcement> enforcements;

    RuleEnforcementsController(ApiContext api) {
        this.api = api;
        this.enforcements = api.store().store(Kinds.RULE_ENFORCEMENT);
    }

    @Override
    public void mount(Router v1) {
        v1.get("/ruleenforcements").handler(Endpoints.of(call -> list(call, false)));
        v1.get("/ruleenforcements/views").handler(Endpoints.of(call -> list(call, true)));
        v1.get("/ruleenforcements/views/:id").handler(Endpoints.of(call -> get(call, true)));
        v1.get("/ruleenforcements/:id").handler(Endpoints.of(call -> get(call, false)));
    }

    private Object list(Call call, boolean views) {
        api.authorizer().require(call.principal(), "rule_enforcement_list");
        Function<RuleEnforcement, JsonNode> view = views ? this::detailed : RuleEnforcementsController::view;
        return ContentResources.page(
                api,
                call,
                enforcements,
                filter(call),
                ContentResources.sort(call, SORTS, "-enforced_at", "rule.ref"),
                50,
                view);
    }

    private Object get(Call call, boolean views) {
        String id = call.path("id");
        RuleEnforcement e = enforcements
                .get(id)
                .orElseThrow(() -> ApiException.notFound("Unable to identify resource with id \"" + id + "\"."));
        api.authorizer()
                .require(call.principal(), "rule_enforcement_view", e.rule().uid());
        return Fields.parse(call).apply(views ? detailed(e) : view(e));
    }

    static Filter filter(Call call) {
        List<Filter> out = new ArrayList<>();
        out.add(ContentResources.filters(call, FILTERS));
        call.query("enforced_at").ifPresent(v -> out.add(Filter.eq("enforced_at", time(v, "enforced_at"))));
        call.query("enforced_at_gt").ifPresent(v -> out.add(Filter.gt("enforced_at", time(v, "enforced_at_gt"))));
        call.query("enforced_at_lt").ifPresent(v -> out.add(Filter.lt("enforced_at", time(v, "enforced_at_lt"))));
        return Filter.and(out);
    }

    static java.time.Instant time(String value, String param) {
        try {
            return Timestamps.parse(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("query parameter '" + param + "': invalid timestamp '" + value + "'");
        }
    }

    static ObjectNode view(RuleEnforcement e) {
        return Json.mapper().valueToTree(e);
    }

    /** With {@code trigger_instance} and {@code execution} (a summary), empty objects when unknown. */
    private ObjectNode detailed(RuleEnforcement e) {
        ObjectNode out = view(e);
        out.set(
                "trigger_instance",
                api.store()
                        .store(Kinds.TRIGGER_INSTANCE)
                        .get(e.triggerInstanceId())
                        .map(t -> (JsonNode) Json.mapper().valueToTree(t))
                        .orElse(Json.object()));
        ObjectNode execution = Json.object();
        if (e.executionId() != null) {
            api.store().executions().get(e.executionId()).ifPresent(x -> summary(x, execution));
        }
        out.set("execution", execution);
        return out;
    }

    private static void summary(Execution x, ObjectNode out) {
        out.put("id", x.id());
        out.putObject("action")
                .put("ref", x.actionRef())
                .set("parameters", x.action().parameters().deepCopy());
        out.putObject("runner")
                .put("name", x.runner().name())
                .set("runner_parameters", x.runner().runnerParameters().deepCopy());
        out.set("parameters", x.parameters());
        out.put("status", x.status().wire());
    }
}
