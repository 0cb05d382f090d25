package io.reflex.api.content;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.api.ApiContext;
import io.reflex.api.web.Controller;
import io.reflex.content.ContentException;
import io.reflex.content.ItemDocuments;
import io.reflex.content.RuleTriggers;
import io.reflex.core.json.Json;
import io.reflex.core.model.Action;
import io.reflex.core.model.Rule;
import io.reflex.core.model.TriggerType;
import io.reflex.core.secrets.Masking;
import io.reflex.core.store.ContentQueries;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Store;
import io.reflex.web.ApiException;
import io.reflex.web.Call;
import io.reflex.web.Endpoints;
import io.reflex.web.Fields;
import io.reflex.web.Reply;
import io.reflex.web.auth.Principal;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code /rules}: list, get, create, update, delete (StackStorm's {@code RuleController}). Rules created
 * through the API are disabled unless they say {@code enabled: true}; {@code context.user} records who
 * wrote them. A parameterised trigger is resolved to its Trigger (created for a new parameter set) after
 * the rule is fully validated; a parameterised Trigger no rule uses any more (after a delete or a change of
 * trigger) is deleted with it, as in StackStorm. Secret action parameters are masked unless an administrator asks for
 * {@code show_secrets}.
 */
final class RulesController implements Controller {
    static final Map<String, String> SORTS = Map.of("name", "name", "pack", "pack", "id", "id");

    private final ApiContext api;
    private final Store<Rule> rules;
    private final Store<Action> actions;
    private final Store<TriggerType> triggerTypes;
    private final RuleTriggers triggers;
    private final ContentWrites<Rule> writes;

    RulesController(ApiContext api) {
        this.api = api;
        this.rules = api.store().store(Kinds.RULE);
        this.actions = api.store().store(Kinds.ACTION);
        this.triggerTypes = api.store().store(Kinds.TRIGGER_TYPE);
        this.triggers = new RuleTriggers(api.store());
        this.writes = new ContentWrites<>(
                api, rules, "rule", "rule", ContentResources.DEFAULT_PACK, "rule", new ContentWrites.Kind<>() {
                    @Override
                    public Rule validate(ObjectNode doc, Call call) {
                        return RulesController.this.validate(doc, call.principal());
                    }

                    @Override
                    public Rule prepare(Rule rule) {
                        return resolve(rule);
                    }

                    @Override
                    public void changed(String change, Rule rule) {
                        if (change.equals("delete")) {
                            triggers.release(List.of(rule.trigger().ref()));
                        }
                    }

                    @Override
                    public void changed(String change, Rule rule, Rule before) {
                        if (!before.trigger().ref().equals(rule.trigger().ref())) {
                            triggers.release(List.of(before.trigger().ref()));
                        }
                    }
                });
    }

    @Override
    public void mount(Router v1) {
        v1.get("/rules").handler(Endpoints.of(this::list));
        v1.post("/rules").handler(Endpoints.of(this::create));
        v1.get("/rules/:ref_or_id").handler(Endpoints.of(this::get));
        v1.put("/rules/:rule_ref_or_id").handler(Endpoints.of(this::update));
        v1.delete("/rules/:rule_ref_or_id").handler(Endpoints.of(this::delete));
    }

    private Object list(Call call) {
        api.authorizer().require(call.principal(), "rule_list");
        boolean mask = mask(call);
        Function<String, ObjectNode> schemas = schemaCache();
        return ContentResources.page(
                api,
                call,
                rules,
                filter(call),
                ContentResources.sort(call, SORTS, "pack", "name"),
                0,
                r -> view(r, mask, schemas));
    }

    /** StackStorm's rule filters; {@code trigger} matches the concrete trigger's ref or the trigger type. */
    static Filter filter(Call call) {
        List<Filter> out = new ArrayList<>();
        out.add(ContentResources.filters(
                call,
                Map.of("id", "id", "name", "name", "pack", "pack", "action", "action.ref", "user", "context.user")));
        call.query("trigger")
                .ifPresent(t -> out.add(Filter.or(Filter.eq("trigger.ref", t), Filter.eq("trigger.type", t))));
        call.query("enabled").ifPresent(e -> out.add(Filter.eq("enabled", call.queryBool("enabled", true))));
        return Filter.and(out);
    }

    private Object get(Call call) {
        Rule r = ContentResources.byRefOrId(rules, call.path("ref_or_id"));
        api.authorizer().require(call.principal(), "rule_view", r.uid());
        return Fields.parse(call).apply(view(r, mask(call), schemaCache()));
    }

    private Object create(Call call) {
        return Reply.created(view(writes.create(call), true, schemaCache()));
    }

    private Object update(Call call) {
        return view(writes.update(call, call.path("rule_ref_or_id")), true, schemaCache());
    }

    private Object delete(Call call) {
        writes.delete(call, call.path("rule_ref_or_id"));
        return Reply.noContent();
    }

    /**
     * Validates the document and checks the caller may use what the rule refers to: running its action
     * ({@code action_execute}) and, for webhooks, creating the webhook ({@code webhook_create}).
     */
    private Rule validate(ObjectNode doc, Principal principal) {
        ObjectNode context = doc.get("context") instanceof ObjectNode c ? c : doc.putObject("context");
        context.put("user", principal.user());
        Rule rule;
        try {
            rule = ItemDocuments.rule(
                    doc,
                    ref -> actions.findOne(ContentQueries.byRef(ref)).isPresent(),
                    ref -> triggerTypes.findOne(ContentQueries.byRef(ref)));
        } catch (ContentException e) {
            throw ContentResources.invalid(e);
        }
        String actionUid = actions.findOne(ContentQueries.byRef(rule.action().ref()))
                .map(Action::uid)
                .orElseThrow();
        api.authorizer().require(principal, "action_execute", actionUid);
        if (rule.trigger().type().equals("core.st2.webhook")) {
            api.authorizer()
                    .require(
                            principal,
                            "webhook_create",
                            "webhook:" + rule.trigger().parameters().path("url").asText());
        }
        return rule;
    }

    private Rule resolve(Rule rule) {
        TriggerType type = triggerTypes
                .findOne(ContentQueries.byRef(rule.trigger().type()))
                .orElseThrow(() -> ApiException.badRequest(
                        "Trigger \"" + rule.trigger().type() + "\" defined in the rule does not exist in system"));
        return triggers.resolve(rule, type);
    }

    private boolean mask(Call call) {
        boolean show = call.queryBool("show_secrets", false);
        if (show && !api.isAdmin(call.principal())) {
            throw ApiException.forbidden("Administrator access required to use show_secrets.");
        }
        return api.settings().maskSecrets() && !show;
    }

    /** Parameter schemas of actions by ref, looked up once per request. */
    private Function<String, ObjectNode> schemaCache() {
        Map<String, ObjectNode> cache = new HashMap<>();
        return ref -> cache.computeIfAbsent(ref, r -> ActionsViews.schemaOf(api.store(), r));
    }

    static ObjectNode view(Rule r, boolean mask, Function<String, ObjectNode> schemas) {
        ObjectNode out = Json.mapper().valueToTree(r);
        if (mask && !r.action().parameters().isEmpty()) {
            ObjectNode action = (ObjectNode) out.get("action");
            action.set(
                    "parameters",
                    Masking.parameters(
                            r.action().parameters(), schemas.apply(r.action().ref())));
        }
        return out;
    }
}
