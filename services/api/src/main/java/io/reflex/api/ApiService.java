package io.reflex.api;

import io.reflex.api.aliases.AliasesRoutes;
import io.reflex.api.auth.AuthRoutes;
import io.reflex.api.content.ContentRoutes;
import io.reflex.api.executions.ExecutionsRoutes;
import io.reflex.api.inquiries.InquiriesController;
import io.reflex.api.keys.KeysController;
import io.reflex.api.keys.KeysSecrets;
import io.reflex.api.traces.TracesController;
import io.reflex.api.web.Controller;
import io.reflex.api.webhooks.WebhooksRoutes;
import io.reflex.api.workflows.WorkflowInspectionController;
import io.reflex.runtime.backend.Backends;
import io.reflex.runtime.config.Config;
import io.reflex.runtime.config.ConfigKeys;
import io.reflex.runtime.content.ContentSettings;
import io.reflex.runtime.content.PackContent;
import io.reflex.runtime.lifecycle.Lifecycle;
import io.reflex.runtime.service.Service;
import io.reflex.runtime.service.ServiceContext;
import io.reflex.runtime.service.StandardParts;
import io.reflex.runtime.templates.TemplateSettings;
import io.reflex.runtime.web.WebParts;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** The api service (StackStorm's st2api), assembled in one function. */
public final class ApiService implements Service {
    @Override
    public String name() {
        return "api";
    }

    @Override
    public void assemble(ServiceContext ctx, Lifecycle lifecycle) {
        Config config = ctx.config();
        Optional<Path> ui = WebUi.dir(config);
        // 1. backends
        Backends backends = StandardParts.backends(ctx, lifecycle);
        // 2. components
        StandardParts.registration(ctx, lifecycle, backends);
        lifecycle.push("packs", new PackContent(config, backends.store()));
        ApiContext api = new ApiContext(
                backends.store(),
                backends.bus(),
                backends.coordinator(),
                WebParts.authorizer(config),
                Clock.systemUTC(),
                new ApiContext.Settings(
                        config.get(ConfigKeys.API_MAX_PAGE_SIZE),
                        config.get(ConfigKeys.API_MASK_SECRETS),
                        WebParts.publicApiUrl(config),
                        config.get(ConfigKeys.WEBUI_BASE_URL),
                        config.get(ConfigKeys.AUTH_ADMIN_USER),
                        WebParts.cryptoKeyFile(config),
                        WebParts.credentialHeaders(config),
                        TemplateSettings.limits(config)),
                ContentSettings.from(config));
        // 3. http
        Router root = WebParts.root(ctx.vertx(), config);
        root.get("/healthz")
                .handler(StandardParts.healthEndpoint(ctx, backends, List.of(ContentHealth.of(backends.store()))));
        ui.ifPresent(dir -> WebUi.mount(root, dir));
        ApiRoutes.mount(ctx.vertx(), root, WebParts.authHandler(config, backends.store()), controllers(api));
        StandardParts.http(
                ctx,
                lifecycle,
                root,
                "REST API (StackStorm /api/v1); health: /healthz"
                        + ui.map(d -> "; web UI: / from " + d).orElse(""));
    }

    /** Every resource the API serves, one routes class per feature. */
    static List<Controller> controllers(ApiContext api) {
        KeysSecrets secrets = KeysSecrets.open(api.settings().cryptoKeyFile());
        ExecutionsRoutes executions = new ExecutionsRoutes(api, secrets);
        return List.of(
                new AuthRoutes(api),
                new ContentRoutes(api),
                new TracesController(api),
                executions,
                new InquiriesController(api, executions.updates()),
                new WebhooksRoutes(api),
                new AliasesRoutes(api, executions.access(), executions.requests()),
                new KeysController(api, secrets),
                new ServiceRegistryController(api),
                new OpenApiController(),
                new WorkflowInspectionController(api));
    }
}
