package io.reflex.api.content;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.api.ApiContext;
import io.reflex.api.web.Controller;
import io.reflex.core.model.Action;
import io.reflex.core.model.Rule;
import io.reflex.core.model.Trigger;
import io.reflex.core.model.TriggerType;
import io.reflex.core.store.ContentQueries;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Store;
import io.reflex.web.Call;
import io.reflex.web.Endpoints;
import io.reflex.web.Fields;
import io.vertx.ext.web.Router;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code /rules/views[/{ref_or_id}]}: rules with the descriptions of their action and trigger added (the
 * trigger's own, else its trigger type's), which is what StackStorm's UI lists. Secrets are always masked.
 */
final class RulesViews implements Controller {
    private final ApiContext api;
    private final Store<Rule> rules;

    RulesViews(ApiContext api) {
        this.api = api;
        this.rules = api.store().store(Kinds.RULE);
    }

    @Override
    public void mount(Router v1) {
        v1.get("/rules/views").handler(Endpoints.of(this::list));
        v1.get("/rules/views/:ref_or_id").handler(Endpoints.of(this::get));
    }

    private Object list(Call call) {
        api.authorizer().require(call.principal(), "rule_list");
        Lookups lookups = new Lookups();
        return ContentResources.page(
                api,
                call,
                rules,
                ContentResources.filters(
                        call, Map.of("id", "id", "name", "name", "pack", "pack", "user", "context.user")),
                ContentResources.sort(call, RulesController.SORTS, "pack", "name"),
                0,
                lookups::view);
    }

    private Object get(Call call) {
        Rule r = ContentResources.byRefOrId(rules, call.path("ref_or_id"));
        api.authorizer().require(call.principal(), "rule_view", r.uid());
        return Fields.parse(call).apply(new Lookups().view(r));
    }

    /** Referenced records, each read once per request. */
    private final class Lookups {
        private final Map<String, String> actionDescriptions = new HashMap<>();
        private final Map<String, String> triggerDescriptions = new HashMap<>();
        private final Map<String, ObjectNode> schemas = new HashMap<>();

        ObjectNode view(Rule r) {
            Function<String, ObjectNode> schemaOf =
                    ref -> schemas.computeIfAbsent(ref, x -> ActionsViews.schemaOf(api.store(), x));
            ObjectNode out = RulesController.view(r, true, schemaOf);
            ((ObjectNode) out.get("action"))
                    .put(
                            "description",
                            actionDescriptions.computeIfAbsent(
                                    r.action().ref(),
                                    ref -> api.store()
                                            .store(Kinds.ACTION)
                                            .findOne(ContentQueries.byRef(ref))
                                            .map(Action::description)
                                            .orElse("")));
            ((ObjectNode) out.get("trigger"))
                    .put(
                            "description",
                            triggerDescriptions.computeIfAbsent(
                                    r.trigger().ref() + "|" + r.trigger().type(), k -> triggerDescription(r)));
            return out;
        }

        private String triggerDescription(Rule r) {
            String own = api.store()
                    .store(Kinds.TRIGGER)
                    .findOne(ContentQueries.byRef(r.trigger().ref()))
                    .map(Trigger::description)
                    .orElse("");
            if (!own.isEmpty()) {
                return own;
            }
            return api.store()
                    .store(Kinds.TRIGGER_TYPE)
                    .findOne(ContentQueries.byRef(r.trigger().type()))
                    .map(TriggerType::description)
                    .orElse("");
        }
    }
}
