package io.reflex.rulesengine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.templates.Datastore;
import io.reflex.templates.KeyRights;
import io.reflex.templates.ParameterRenderer;
import io.reflex.templates.RenderScope;
import io.reflex.templates.TemplateLimits;
import io.reflex.templates.Templates;
import io.reflex.templates.Values;
import java.util.HashMap;
import java.util.Map;

/**
 * Renders a rule's {@code action.parameters} as StackStorm's {@code render_live_params} does for the rule
 * enforcer: Jinja over {@code trigger} (the payload), {@code action_context} (the execution context),
 * {@code config_context} (the pack config), {@code st2kv} and the other parameters by name, cast to the
 * declared types. The result holds the parameters the rule gave plus those whose default is a template
 * (rendered, unless immutable); plain defaults are left to the runner, as in StackStorm, so an immutable
 * runner parameter is never sent as if the rule had overridden it. The rule's values are templates of a
 * trusted author (the system's datastore rights); the trigger payload is data in their context, never parsed
 * itself, and the result is stored as data (the runner does not render it again).
 */
final class RuleParameters {
    private final ParameterRenderer renderer;
    private final Datastore datastore;
    private final TemplateLimits limits;

    RuleParameters(Templates templates, Datastore datastore) {
        this.renderer = new ParameterRenderer(templates);
        this.limits = templates.limits();
        this.datastore = datastore;
    }

    /**
     * @param schema the action's parameter schemas merged over its runner's
     * @throws io.reflex.templates.TemplateException naming the parameter that failed and why; all the
     *     parameters together get {@code templates.max_render_time}
     */
    ObjectNode render(
            ObjectNode schema,
            ObjectNode given,
            ObjectNode payload,
            ObjectNode actionContext,
            ObjectNode packConfig,
            String user) {
        Map<String, Object> context = new HashMap<>();
        context.put("trigger", Values.toJava(payload));
        context.put("action_context", Values.toJava(actionContext));
        context.put("config_context", Values.toJava(packConfig));
        return RenderScope.call(
                limits.maxRenderTime(),
                limits.exceeded("rule parameters", TemplateLimits.MAX_RENDER_TIME),
                null,
                () -> renderer.renderLive(schema, given, context, datastore, user, KeyRights.TRUSTED));
    }

    /** Whether any text a rendering would see mentions {@code config_context} (so the config must be read). */
    static boolean mentionsConfig(ObjectNode schema, ObjectNode given) {
        return given.toString().contains("config_context") || schema.toString().contains("config_context");
    }
}
