package io.reflex.api.webhooks;

import io.reflex.api.ApiContext;
import io.reflex.api.web.Controller;
import io.vertx.ext.web.Router;

/** The routes that dispatch triggers: {@code /webhooks} and the re-emit of {@code /triggerinstances}. */
public final class WebhooksRoutes implements Controller {
    private final ApiContext api;

    public WebhooksRoutes(ApiContext api) {
        this.api = api;
    }

    @Override
    public void mount(Router v1) {
        WebhooksController webhooks = new WebhooksController(api);
        webhooks.mount(v1);
        new TriggerInstancesController(api, webhooks).mount(v1);
    }
}
