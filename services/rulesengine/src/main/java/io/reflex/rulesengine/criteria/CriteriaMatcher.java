package io.reflex.rulesengine.criteria;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import io.reflex.templates.Datastore;
import io.reflex.templates.KeyValueContext;
import io.reflex.templates.TemplateException;
import io.reflex.templates.TemplateLimits;
import io.reflex.templates.Templates;
import io.reflex.templates.Templates.RenderScope;
import io.reflex.templates.Templates.Values;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a rule's criteria against a trigger payload, StackStorm's way: keys are jsonpath
 * expressions over {@code {"trigger": payload}} (first match; anything after {@code #} ignored), string
 * patterns are Jinja-rendered first (a lone {@code {{ expr }}} keeps its type), all criteria must match,
 * a criterion without {@code type} never matches, and criteria never match an empty payload.
 */
public final class CriteriaMatcher {
    private static final Configuration JSONPATH =
            Configuration.defaultConfiguration().addOptions(Option.SUPPRESS_EXCEPTIONS);

    private final Templates templates;
    private final Datastore datastore;

    public CriteriaMatcher(Templates templates, Datastore datastore) {
        this.templates = templates;
        this.datastore = datastore;
    }

    /**
     * @throws CriteriaException when a criterion cannot be evaluated (the rule then has a failed enforcement),
     *     among others when its patterns together take longer than {@code templates.max_render_time}
     */
    public boolean matches(JsonNode criteria, JsonNode payload) {
        TemplateLimits limits = templates.limits();
        return RenderScope.call(
                limits.maxRenderTime(),
                limits.exceeded("rule criteria", TemplateLimits.MAX_RENDER_TIME),
                null,
                () -> matchesAll(criteria, payload));
    }

    private boolean matchesAll(JsonNode criteria, JsonNode payload) {
        if (criteria == null || criteria.isEmpty()) {
            return true;
        }
        if (payload == null || payload.isEmpty()) {
            return false;
        }
        Map<String, Object> document = Map.of("trigger", Values.toJava(payload));
        for (Iterator<Map.Entry<String, JsonNode>> it = criteria.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> c = it.next();
            if (!test(c.getKey(), c.getValue(), document)) {
                return false;
            }
        }
        return true;
    }

    private boolean test(String rawKey, JsonNode criterion, Map<String, Object> document) {
        if (!criterion.hasNonNull("type")) {
            return false;
        }
        String type = criterion.get("type").asText();
        if (!Operators.known(type)) {
            throw new CriteriaException("Invalid operator: " + type);
        }
        String key = rawKey.contains("#") ? rawKey.substring(0, rawKey.indexOf('#')) : rawKey;
        Object value = lookup(document, key);
        if (type.equals("exists")) {
            return value != null;
        }
        if (type.equals("nexists")) {
            return value == null;
        }
        Object pattern = pattern(criterion.get("pattern"), document);
        if (pattern == null) {
            return false;
        }
        try {
            if (type.equals("search")) {
                return search(value, pattern, criterion.path("condition").asText(""));
            }
            return Operators.get(type).orElseThrow().test(value, pattern);
        } catch (IllegalArgumentException e) {
            throw new CriteriaException("criterion '" + rawKey + "' (" + type + "): " + e.getMessage(), e);
        }
    }

    private Object pattern(JsonNode node, Map<String, Object> document) {
        Object p = Values.toJava(node);
        if (p instanceof String s && Templates.isTemplate(s)) {
            Map<String, Object> ctx = new HashMap<>(document);
            ctx.put("st2kv", KeyValueContext.build(s, datastore, ""));
            try {
                return templates.evaluate(s, ctx);
            } catch (TemplateException e) {
                throw new CriteriaException("pattern '" + s + "': " + e.getMessage(), e);
            }
        }
        return p;
    }

    /** The first value at the jsonpath {@code key}, or null. */
    static Object lookup(Object document, String key) {
        String path = key.startsWith("$") ? key : "$." + key;
        try {
            Object v = JsonPath.using(JSONPATH).parse(document).read(path);
            if (v instanceof List<?> l && !JsonPath.isPathDefinite(path)) {
                return l.isEmpty() ? null : l.get(0);
            }
            return v;
        } catch (InvalidPathException e) {
            throw new CriteriaException("invalid key '" + key + "': " + e.getMessage(), e);
        }
    }

    /** {@code search}: sub-criteria keyed {@code item.<path>} applied to each list element. */
    private boolean search(Object value, Object pattern, String condition) {
        List<?> items = value instanceof List<?> l ? l : value instanceof Map<?, ?> m ? List.of(m) : List.of();
        if (!(pattern instanceof Map<?, ?> subs)) {
            throw new IllegalArgumentException("search pattern must be a mapping of item criteria");
        }
        List<Boolean[]> results = new ArrayList<>();
        for (Object item : items) {
            Map<String, Object> doc = new HashMap<>();
            doc.put("item", item);
            Boolean[] r = new Boolean[subs.size()];
            int i = 0;
            for (Map.Entry<?, ?> e : subs.entrySet()) {
                r[i++] = test(String.valueOf(e.getKey()), Values.toJson(e.getValue()), doc);
            }
            results.add(r);
        }
        return switch (condition) {
            case "any" -> results.stream().anyMatch(CriteriaMatcher::all);
            case "all" -> !results.isEmpty() && results.stream().allMatch(CriteriaMatcher::all);
            case "all2any" -> !results.isEmpty() && results.stream().allMatch(CriteriaMatcher::any);
            case "any2any" -> results.stream().anyMatch(CriteriaMatcher::any);
            default ->
                throw new IllegalArgumentException(
                        "unknown search condition '" + condition + "' (use any, all, all2any or any2any)");
        };
    }

    private static boolean all(Boolean[] r) {
        for (Boolean b : r) {
            if (!b) {
                return false;
            }
        }
        return true;
    }

    private static boolean any(Boolean[] r) {
        for (Boolean b : r) {
            if (b) {
                return true;
            }
        }
        return false;
    }
}
