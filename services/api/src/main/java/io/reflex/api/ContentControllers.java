package io.reflex.api;

import java.util.List;

/** The controllers of one area of the API: actions, packs, configs, rules, triggers, sensors, policies, aliases. */
final class ContentControllers {
    private ContentControllers() {}

    static List<Controller> all(ApiContext api) {
        PacksLocal packs = PacksLocal.of(api);
        PacksController packsController = new PacksController(api, packs);
        // Each controller mounts its fixed paths (views, help, match, index) before its {ref_or_id} routes;
        // the views controllers go before the resources whose {ref_or_id} they would otherwise hit.
        return List.of(
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
                new TracesController(api),
                new TriggerTypesController(api),
                new TriggersController(api),
                new SensorTypesController(api),
                new PolicyTypesController(api),
                new PoliciesController(api),
                new ActionAliasesController(api));
    }
}
