package io.reflex.api.content;

import io.reflex.api.ApiContext;
import io.reflex.api.web.Controller;
import io.vertx.ext.web.Router;
import java.util.List;

/**
 * The routes of pack content: runners, actions, packs, configs, rules, rule types and enforcements,
 * triggers, trigger types, timers, sensors, policies and policy types.
 */
public final class ContentRoutes implements Controller {
    private final List<Controller> controllers;

    public ContentRoutes(ApiContext api) {
        PacksLocal packs = PacksLocal.of(api);
        PacksController packsController = new PacksController(api, packs);
        // Each controller mounts its fixed paths (views, help, match, index) before its {ref_or_id} routes;
        // the views controllers go before the resources whose {ref_or_id} they would otherwise hit.
        this.controllers = List.of(
                new RunnerTypesController(api),
                new ActionsViews(api, packs),
                new ActionsController(api, packs),
                new PacksViews(api, packs, packsController),
                new PacksOperations(api, packs),
                packsController,
                new ConfigsController(api, packs),
                new RulesViews(api),
                new RulesController(api),
                new RuleTypesController(api),
                new RuleEnforcementsController(api),
                ContentKinds.triggerTypes(api),
                new TriggersController(api),
                new TimersController(api),
                ContentKinds.sensorTypes(api),
                ContentKinds.policyTypes(api),
                ContentKinds.policies(api));
    }

    @Override
    public void mount(Router v1) {
        controllers.forEach(c -> c.mount(v1));
    }
}
