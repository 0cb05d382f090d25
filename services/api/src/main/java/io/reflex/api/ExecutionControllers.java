package io.reflex.api;

import io.reflex.executions.ExecutionEvents;
import io.reflex.executions.ExecutionLauncher;
import io.reflex.executions.ExecutionWriter;
import io.reflex.executions.StoreDatastore;
import io.reflex.templates.ParameterRenderer;
import io.reflex.templates.Templates;
import java.util.List;

/** The controllers of one area of the API: executions, inquiries, webhooks, trigger instances, alias execution. */
final class ExecutionControllers {
    private ExecutionControllers() {}

    static List<Controller> all(ApiContext api, KeysSecrets secrets) {
        ExecutionsAccess access = new ExecutionsAccess(api);
        ExecutionEvents events = new ExecutionEvents(api.bus());
        ExecutionWriter writer = new ExecutionWriter(api.store().executions(), events);
        ExecutionsUpdates updates = new ExecutionsUpdates(writer, api.bus(), api.clock());
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
        ExecutionsRequests requests = new ExecutionsRequests(api, launcher, callerParameters);
        WebhooksDispatcher dispatcher = new WebhooksDispatcher(api);
        // The nested routes first: /executions/views/filters must win over /executions/:id.
        return List.of(
                new ExecutionsSubresources(api, access, requests),
                new ExecutionsController(api, access, requests, updates),
                new InquiriesController(api, updates),
                new WebhooksController(api, dispatcher),
                new TriggerInstancesController(api, dispatcher),
                new AliasExecutionController(api, access, requests));
    }
}
