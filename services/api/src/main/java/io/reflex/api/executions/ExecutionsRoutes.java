package io.reflex.api.executions;

import io.reflex.api.ApiContext;
import io.reflex.api.keys.KeysSecrets;
import io.reflex.api.web.Controller;
import io.reflex.executions.ExecutionLauncher;
import io.reflex.executions.ExecutionViews;
import io.reflex.executions.ExecutionWriter;
import io.reflex.executions.StoreDatastore;
import io.reflex.rbac.ExecutionAccess;
import io.reflex.templates.ParameterRenderer;
import io.reflex.templates.Templates;
import io.vertx.ext.web.Router;

/**
 * The routes of {@code /executions} and its sub-resources, and the pieces other features run executions
 * with: who may read an execution ({@link #access}), how one is requested ({@link #requests}) and how its
 * status changes ({@link #updates}).
 */
public final class ExecutionsRoutes implements Controller {
    private final ApiContext api;
    private final ExecutionAccess access;
    private final ExecutionsRequests requests;
    private final ExecutionsUpdates updates;

    public ExecutionsRoutes(ApiContext api, KeysSecrets secrets) {
        this.api = api;
        this.access = new ExecutionAccess(
                api.store(),
                api.authorizer(),
                new ExecutionViews.Options(
                        api.settings().maskSecrets(), api.settings().webUiBaseUrl()));
        ExecutionWriter writer = new ExecutionWriter(api.store().executions(), api.bus());
        this.updates = new ExecutionsUpdates(writer, api.bus(), api.clock());
        ExecutionLauncher launcher = new ExecutionLauncher(
                api.store(),
                api.bus(),
                writer,
                api.clock(),
                api.authorizer().enabled() ? api.authorizer()::roles : null);
        StoreDatastore datastore = new StoreDatastore(api.store(), secrets.cipher(), api.clock());
        CallerParameters callerParameters = new CallerParameters(
                api,
                new ParameterRenderer(new Templates(datastore, api.settings().templateLimits())),
                datastore);
        this.requests = new ExecutionsRequests(api, launcher, callerParameters);
    }

    public ExecutionAccess access() {
        return access;
    }

    public ExecutionsRequests requests() {
        return requests;
    }

    public ExecutionsUpdates updates() {
        return updates;
    }

    @Override
    public void mount(Router v1) {
        // The nested routes first: /executions/views/filters must win over /executions/:id.
        new ExecutionsSubresources(api, access, requests).mount(v1);
        new ExecutionsController(api, access, requests, updates).mount(v1);
    }
}
