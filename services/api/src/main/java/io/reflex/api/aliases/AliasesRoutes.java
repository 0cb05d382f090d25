package io.reflex.api.aliases;

import io.reflex.api.ApiContext;
import io.reflex.api.executions.ExecutionsRequests;
import io.reflex.api.web.Controller;
import io.reflex.rbac.ExecutionAccess;
import io.vertx.ext.web.Router;

/** The routes of action aliases: {@code /actionalias} (content, match, help) and {@code /aliasexecution}. */
public final class AliasesRoutes implements Controller {
    private final ApiContext api;
    private final ExecutionAccess access;
    private final ExecutionsRequests requests;

    public AliasesRoutes(ApiContext api, ExecutionAccess access, ExecutionsRequests requests) {
        this.api = api;
        this.access = access;
        this.requests = requests;
    }

    @Override
    public void mount(Router v1) {
        new ActionAliasesController(api).mount(v1);
        new AliasExecutionController(api, access, requests).mount(v1);
    }
}
