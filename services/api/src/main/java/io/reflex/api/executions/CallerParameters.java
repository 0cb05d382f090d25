package io.reflex.api.executions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.api.ApiContext;
import io.reflex.api.keys.KeysAccess;
import io.reflex.core.execution.ResolvedAction;
import io.reflex.core.model.Action;
import io.reflex.core.model.PackConfig;
import io.reflex.templates.Datastore;
import io.reflex.templates.ParameterRenderer;
import io.reflex.templates.Templates.Values;
import io.reflex.web.auth.Principal;
import java.util.HashMap;
import java.util.Map;

/**
 * Renders the parameters an API caller sends, once, when the execution is requested (StackStorm's
 * {@code render_live_params}): the caller's values are Jinja templates rendered with the caller's datastore
 * rights ({@link CallerKeyRights}); template defaults of the action are rendered with trusted rights. What
 * comes back is stored on the execution and is data from then on: the runner never renders it again.
 */
final class CallerParameters {
    private final ApiContext api;
    private final ParameterRenderer renderer;
    private final Datastore datastore;
    private final KeysAccess keys;

    CallerParameters(ApiContext api, ParameterRenderer renderer, Datastore datastore) {
        this.api = api;
        this.renderer = renderer;
        this.datastore = datastore;
        this.keys = new KeysAccess(api.authorizer());
    }

    /**
     * @param templates the values the caller wrote (templates)
     * @param data values that are data already (the parameters of an execution being re-run)
     * @param runAs the execution's user (whose {@code st2kv.user} scope templates see)
     * @param context the request context
     * @throws io.reflex.templates.TemplateException naming the parameter and why (a key the caller may not
     *     read or decrypt included)
     */
    ObjectNode render(
            Principal caller,
            ResolvedAction resolved,
            ObjectNode templates,
            ObjectNode data,
            String runAs,
            ObjectNode context) {
        Action action = resolved.action();
        ObjectNode schema = resolved.parameterSchema();
        ObjectNode actionContext = context.deepCopy();
        actionContext.put("user", runAs);
        actionContext.put("pack", action.pack());
        Map<String, Object> vars = new HashMap<>();
        vars.put("action_context", Values.toJava(actionContext));
        vars.put("config_context", Values.toJava(PackConfig.valuesOf(api.store(), action.pack())));
        return renderer.renderLive(schema, templates, data, vars, datastore, runAs, new CallerKeyRights(keys, caller));
    }
}
