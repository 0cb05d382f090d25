package io.reflex.notifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.reflex.core.json.Json;
import io.reflex.templates.TemplateException;
import io.reflex.templates.TemplateLimits;
import io.reflex.templates.Templates;
import io.reflex.templates.Templates.RenderScope;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * StackStorm's {@code jinja.render_values}, which renders notify messages and data: each top-level value is
 * rendered as one template, lists and objects through their {@code json.dumps} text (and parsed back);
 * a value the template leaves unchanged keeps its original type, a changed string stays a string. The
 * context is also reachable as {@code __context}. A failure anywhere fails the whole mapping, as in
 * StackStorm, so the caller keeps the unrendered mapping.
 */
final class RenderValues {
    private final Templates templates;

    RenderValues(Templates templates) {
        this.templates = templates;
    }

    /**
     * @throws TemplateException naming the key that failed (undefined name, syntax error, bad JSON out)
     */
    ObjectNode render(ObjectNode mapping, Map<String, Object> context) {
        if (mapping.isEmpty() || context.isEmpty()) {
            return mapping;
        }
        Map<String, Object> superContext = new HashMap<>();
        superContext.put("__context", context);
        superContext.putAll(context);
        TemplateLimits limits = templates.limits();
        return RenderScope.call(
                limits.maxRenderTime(), limits.exceeded("notify data", TemplateLimits.MAX_RENDER_TIME), null, () -> {
                    ObjectNode out = Json.object();
                    for (Iterator<Map.Entry<String, JsonNode>> it = mapping.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> e = it.next();
                        out.set(e.getKey(), renderOne(e.getKey(), e.getValue(), superContext));
                    }
                    return out;
                });
    }

    /** One message template; the same rules as a mapping of one string. */
    String render(String template, Map<String, Object> context) {
        return render(Json.object().put("message", template), context)
                .path("message")
                .asText(template);
    }

    private JsonNode renderOne(String key, JsonNode value, Map<String, Object> context) {
        boolean container = value.isContainerNode();
        if (!container && !value.isTextual()) {
            return value; // str(value) of a number, boolean or None holds no template
        }
        String text = container ? PyFormat.jsonDumps(value) : value.asText();
        String rendered;
        try {
            rendered = templates.render(text, context);
        } catch (TemplateException ex) {
            throw new TemplateException("notify value '" + key + "': " + ex.getMessage(), ex);
        }
        if (rendered.equals(text)) {
            return value;
        }
        if (!container) {
            return TextNode.valueOf(rendered);
        }
        try {
            return Json.read(rendered, JsonNode.class);
        } catch (UncheckedIOException ex) {
            throw new TemplateException("notify value '" + key + "' did not render to JSON: " + rendered, ex);
        }
    }
}
