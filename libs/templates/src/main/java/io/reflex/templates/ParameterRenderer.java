package io.reflex.templates;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders an action's parameters the way StackStorm does before running it: each value (given, else the
 * schema's default) may be a Jinja template over the context ({@code trigger}, {@code action_context},
 * {@code config_context}, {@code st2kv}) and over the other parameters by name, so parameters are rendered
 * in dependency order (a cycle is an error). Rendered values are cast back to the declared type.
 */
public final class ParameterRenderer {
    private static final Pattern BLOCK = Pattern.compile("\\{\\{(.*?)\\}\\}|\\{%(.*?)%\\}", Pattern.DOTALL);

    private final Templates templates;

    public ParameterRenderer(Templates templates) {
        this.templates = templates;
    }

    /**
     * @param schema parameter name → schema (action parameters merged over the runner's)
     * @param given the values supplied by the caller (a rule, the API, a workflow)
     * @param context template variables other than parameters and {@code st2kv}
     * @param user whose {@code st2kv.user} scope templates see
     * @throws TemplateException naming the parameter that failed and why
     */
    public ObjectNode render(
            ObjectNode schema, ObjectNode given, Map<String, Object> context, Datastore datastore, String user) {
        Map<String, JsonNode> raw = new LinkedHashMap<>();
        given.fields().forEachRemaining(e -> raw.put(e.getKey(), e.getValue()));
        schema.fields().forEachRemaining(e -> {
            if (!raw.containsKey(e.getKey()) && e.getValue().has("default")) {
                raw.put(e.getKey(), e.getValue().get("default"));
            }
        });
        StringBuilder allText = new StringBuilder();
        raw.values().forEach(v -> texts(v, allText));
        Map<String, Object> ctx = new HashMap<>(context);
        ctx.put("st2kv", KeyValueContext.build(allText.toString(), datastore, user));
        ObjectNode out = Json.object();
        for (String name : order(raw)) {
            Object value;
            try {
                value = renderValue(Values.toJava(raw.get(name)), ctx);
            } catch (TemplateException e) {
                throw new TemplateException("Failed to render parameter \"" + name + "\": " + e.getMessage(), e);
            }
            JsonNode typed =
                    cast(name, value, schema.path(name).path("type").asText(""), isTemplateValue(raw.get(name)));
            out.set(name, typed);
            ctx.put(name, Values.toJava(typed));
        }
        return out;
    }

    private Object renderValue(Object value, Map<String, Object> ctx) {
        if (value instanceof String s) {
            return Templates.isTemplate(s) ? templates.evaluate(s, ctx) : s;
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), renderValue(v, ctx)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(renderValue(v, ctx)));
            return out;
        }
        return value;
    }

    /** Parameters in an order where each comes after the parameters its templates mention. */
    static List<String> order(Map<String, JsonNode> raw) {
        Map<String, Set<String>> deps = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : raw.entrySet()) {
            StringBuilder text = new StringBuilder();
            texts(e.getValue(), text);
            Set<String> d = new LinkedHashSet<>();
            for (String other : raw.keySet()) {
                if (!other.equals(e.getKey()) && mentions(text.toString(), other)) {
                    d.add(other);
                }
            }
            deps.put(e.getKey(), d);
        }
        List<String> order = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        for (String name : raw.keySet()) {
            visit(name, deps, done, new LinkedHashSet<>(), order);
        }
        return order;
    }

    private static void visit(
            String name, Map<String, Set<String>> deps, Set<String> done, Set<String> path, List<String> order) {
        if (done.contains(name)) {
            return;
        }
        if (!path.add(name)) {
            List<String> cycle = new ArrayList<>(path);
            cycle.add(name);
            throw new TemplateException("Cyclic dependency found in parameters: "
                    + String.join(" -> ", cycle.subList(cycle.indexOf(name), cycle.size())));
        }
        for (String d : deps.get(name)) {
            visit(d, deps, done, path, order);
        }
        path.remove(name);
        done.add(name);
        order.add(name);
    }

    /** Whether a template's expressions name {@code param} as a variable. */
    static boolean mentions(String text, String param) {
        Pattern word = Pattern.compile("(?<![\\w.])" + Pattern.quote(param) + "(?![\\w])");
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String expr = m.group(1) != null ? m.group(1) : m.group(2);
            if (word.matcher(expr).find()) {
                return true;
            }
        }
        return false;
    }

    private static void texts(JsonNode node, StringBuilder out) {
        if (node == null) {
            return;
        }
        if (node.isTextual()) {
            out.append(node.asText()).append('\n');
        } else if (node.isContainerNode()) {
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                texts(it.next(), out);
            }
        }
    }

    private static boolean isTemplateValue(JsonNode raw) {
        StringBuilder sb = new StringBuilder();
        texts(raw, sb);
        return Templates.isTemplate(sb.toString());
    }

    /** Casts a rendered value to the declared type; literal (non-template) values are kept as given. */
    static JsonNode cast(String name, Object value, String type, boolean rendered) {
        if (value == null || DataFilters.NONE_MARKER.equals(value)) {
            return Json.mapper().nullNode();
        }
        if (!rendered || type.isEmpty()) {
            return Values.toJson(value);
        }
        String text = value instanceof String s ? s.trim() : null;
        try {
            return switch (type) {
                case "integer" ->
                    Json.mapper()
                            .getNodeFactory()
                            .numberNode(
                                    text != null
                                            ? Long.parseLong(text.replaceAll("\\.0+$", ""))
                                            : ((Number) value).longValue());
                case "number" ->
                    Json.mapper()
                            .getNodeFactory()
                            .numberNode(text != null ? Double.parseDouble(text) : ((Number) value).doubleValue());
                case "boolean" ->
                    Json.mapper().getNodeFactory().booleanNode(text != null ? bool(name, text) : (Boolean) value);
                case "object", "array" -> container(name, value, type);
                case "string" ->
                    Json.mapper()
                            .getNodeFactory()
                            .textNode(Values.isContainer(value) ? Json.write(value) : String.valueOf(value));
                default -> Values.toJson(value);
            };
        } catch (NumberFormatException | ClassCastException e) {
            throw new TemplateException("Failed to cast parameter \"" + name + "\" to " + type + ": '" + value + "'");
        }
    }

    private static boolean bool(String name, String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off", "" -> false;
            default ->
                throw new TemplateException("Failed to cast parameter \"" + name + "\" to boolean: '" + text + "'");
        };
    }

    private static JsonNode container(String name, Object value, String type) {
        JsonNode node;
        if (value instanceof String s) {
            try {
                node = Json.mapper().readTree(s);
            } catch (JsonProcessingException e) {
                throw new TemplateException(
                        "Failed to cast parameter \"" + name + "\" to " + type + ": not JSON: '" + s + "'");
            }
        } else {
            node = Values.toJson(value);
        }
        if (type.equals("object") != node.isObject() || type.equals("array") != node.isArray()) {
            throw new TemplateException("Failed to cast parameter \"" + name + "\" to " + type + ": got "
                    + node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return node;
    }
}
