package io.reflex.templates;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import io.reflex.templates.Templates.Values;
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
 * Renders an action's parameters the way StackStorm does, with one rule on top: a value is rendered once,
 * and only where a trusted author or the caller wrote it as a template. Templates see the context
 * ({@code trigger}, {@code action_context}, {@code config_context}, {@code st2kv}) and the other parameters
 * by name, so they are rendered in dependency order (a cycle is an error); rendered values are cast back to
 * the declared type. Values that are data (already rendered, or from outside) are never parsed: template
 * text in them reaches the action as text.
 *
 * <ul>
 *   <li>{@link #render}: the given values are templates of a trusted author (a workflow's task parameters).
 *   <li>{@link #renderLive}: the given values are templates of an author with {@code rights} (a rule: the
 *       system; the API: the caller); the result is what is stored on the execution (StackStorm's
 *       {@code render_live_params}).
 *   <li>{@link #renderFinal}: the given values are data (the stored parameters); only the defaults of the
 *       missing parameters are rendered, as templates of the action's author (StackStorm's
 *       {@code render_final_params}).
 * </ul>
 *
 * Defaults are always templates of the action's (or runner's) author and render with trusted rights.
 */
public final class ParameterRenderer {
    private static final String CONFIG_CONTEXT = "config_context";
    private static final Pattern BLOCK = Pattern.compile("\\{\\{(.*?)\\}\\}|\\{%(.*?)%\\}", Pattern.DOTALL);

    private final Templates templates;

    public ParameterRenderer(Templates templates) {
        this.templates = templates;
    }

    /**
     * Whether rendering {@code given} over {@code schema} may read the pack's config: some text in them (a value,
     * a default, a key) names {@code config_context}, the only way a template reaches it. Callers read the
     * config only then, so an execution whose templates never name it does not wait on the store for it.
     */
    public static boolean readsConfig(ObjectNode schema, ObjectNode given) {
        return mentions(given, CONFIG_CONTEXT) || mentions(schema, CONFIG_CONTEXT);
    }

    /** Whether a text value or a field name anywhere in {@code node} contains {@code word}. */
    private static boolean mentions(JsonNode node, String word) {
        if (node.isTextual()) {
            return node.textValue().contains(word);
        }
        if (node.isObject()) {
            for (var field : node.properties()) {
                if (field.getKey().contains(word) || mentions(field.getValue(), word)) {
                    return true;
                }
            }
            return false;
        }
        for (JsonNode element : node) {
            if (mentions(element, word)) {
                return true;
            }
        }
        return false;
    }

    /** One parameter before rendering: a template written by someone with {@code rights}, or data (null rights). */
    private record Raw(JsonNode value, KeyRights rights) {
        boolean template() {
            return rights != null;
        }
    }

    /**
     * All parameters, the given ones as templates of a trusted author.
     *
     * @param schema parameter name → schema (action parameters merged over the runner's)
     * @param given the values written by a trusted author (a workflow)
     * @param context template variables other than parameters and {@code st2kv}
     * @param user whose {@code st2kv.user} scope templates see
     * @throws TemplateException naming the parameter that failed and why
     */
    public ObjectNode render(
            ObjectNode schema, ObjectNode given, Map<String, Object> context, Datastore datastore, String user) {
        return renderAll(schema, given, given, KeyRights.TRUSTED, context, datastore, user);
    }

    /**
     * The parameters to store on a new execution: the given ones rendered as templates of an author with
     * {@code rights}, plus the non-immutable parameters whose default is a template (rendered with trusted
     * rights); plain defaults are left to {@link #renderFinal}.
     *
     * @throws TemplateException naming the parameter that failed and why (a datastore key the author may not
     *     read or decrypt included)
     */
    public ObjectNode renderLive(
            ObjectNode schema,
            ObjectNode given,
            Map<String, Object> context,
            Datastore datastore,
            String user,
            KeyRights rights) {
        return renderLive(schema, given, Json.object(), context, datastore, user, rights);
    }

    /**
     * {@link #renderLive} with further values that are data already (the parameters of an execution being
     * run again): they are kept as they are and are visible to the templates by name.
     */
    public ObjectNode renderLive(
            ObjectNode schema,
            ObjectNode given,
            ObjectNode data,
            Map<String, Object> context,
            Datastore datastore,
            String user,
            KeyRights rights) {
        ObjectNode all = data.deepCopy();
        all.setAll(given);
        return live(renderAll(schema, all, given, rights, context, datastore, user), all, schema);
    }

    /**
     * The parameters an execution runs with: {@code values} (already rendered) as they are, and the defaults
     * of the other parameters, rendered as templates of the action's author.
     *
     * @throws TemplateException naming the default that failed and why
     */
    public ObjectNode renderFinal(
            ObjectNode schema, ObjectNode values, Map<String, Object> context, Datastore datastore, String user) {
        return renderAll(schema, values, Json.object(), null, context, datastore, user);
    }

    /**
     * @param given every given value
     * @param templates the given values that are templates (rendered with {@code givenRights}); the others are data
     */
    private ObjectNode renderAll(
            ObjectNode schema,
            ObjectNode given,
            ObjectNode templates,
            KeyRights givenRights,
            Map<String, Object> context,
            Datastore datastore,
            String user) {
        Map<String, Raw> raw = raw(schema, given, templates, givenRights);
        Map<String, Object> ctx = new HashMap<>(context);
        Map<String, JsonNode> templated = new LinkedHashMap<>();
        ObjectNode out = Json.object();
        raw.forEach((name, r) -> {
            if (r.template() && isTemplateValue(r.value())) {
                templated.put(name, r.value());
            } else {
                out.set(name, r.value());
                ctx.put(name, Values.toJava(r.value()));
            }
        });
        for (String name : order(templated)) {
            Raw r = raw.get(name);
            StringBuilder text = new StringBuilder();
            texts(r.value(), text);
            Map<String, Object> own = new HashMap<>(ctx);
            Object value;
            try {
                own.put("st2kv", KeyValueContext.build(text.toString(), datastore, user, r.rights()));
                value = renderValue(Values.toJava(r.value()), own);
            } catch (TemplateException e) {
                throw new TemplateException("Failed to render parameter \"" + name + "\": " + e.getMessage(), e);
            }
            JsonNode typed = cast(name, value, schema.path(name).path("type").asText(""), true);
            out.set(name, typed);
            ctx.put(name, Values.toJava(typed));
        }
        ObjectNode ordered = Json.object();
        raw.keySet().forEach(name -> ordered.set(name, out.get(name)));
        return ordered;
    }

    /** Every given value (a template of {@code givenRights} if named in {@code templates}), then the defaults. */
    private static Map<String, Raw> raw(
            ObjectNode schema, ObjectNode given, ObjectNode templates, KeyRights givenRights) {
        Map<String, Raw> raw = new LinkedHashMap<>();
        given.properties()
                .forEach(e ->
                        raw.put(e.getKey(), new Raw(e.getValue(), templates.has(e.getKey()) ? givenRights : null)));
        schema.properties().forEach(e -> {
            if (!raw.containsKey(e.getKey()) && e.getValue().has("default")) {
                raw.put(e.getKey(), new Raw(e.getValue().get("default"), KeyRights.TRUSTED));
            }
        });
        return raw;
    }

    /** StackStorm's {@code _cast_params_from} selection: given names, then non-immutable template defaults. */
    private static ObjectNode live(ObjectNode rendered, ObjectNode given, ObjectNode schema) {
        ObjectNode out = Json.object();
        given.fieldNames().forEachRemaining(name -> out.set(name, rendered.get(name)));
        schema.properties().forEach(p -> {
            JsonNode spec = p.getValue();
            String name = p.getKey();
            if (given.has(name) || spec.path("immutable").asBoolean(false) || !spec.has("default")) {
                return;
            }
            JsonNode def = spec.get("default");
            if (def.isTextual() && Templates.isTemplate(def.asText()) && rendered.has(name)) {
                out.set(name, rendered.get(name));
            }
        });
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

    /** The declared types a text value is cast to by {@link #castTexts}. */
    private static final java.util.Set<String> CAST_FROM_TEXT =
            java.util.Set.of("object", "array", "integer", "number", "boolean");

    /**
     * StackStorm's cast of text values to the type their parameter declares, for values that were evaluated
     * already (a workflow task's input: a Jinja block evaluates to text, e.g. {@code "{'a': 1}"} for an
     * {@code object} parameter): {@code object} and {@code array} from JSON or a Python literal, {@code integer},
     * {@code number} and {@code boolean} from their text. Other values, and parameters without a type, are
     * kept as they are.
     *
     * @param schema parameter name → schema (action parameters merged over the runner's)
     * @throws TemplateException naming the parameter whose text does not cast
     */
    public static ObjectNode castTexts(ObjectNode schema, ObjectNode values) {
        ObjectNode out = values.deepCopy();
        values.properties().forEach(e -> {
            String type = schema.path(e.getKey()).path("type").asText("");
            if (e.getValue().isTextual() && CAST_FROM_TEXT.contains(type)) {
                out.set(e.getKey(), cast(e.getKey(), e.getValue().asText(), type, true));
            }
        });
        return out;
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
                case "string" -> Json.mapper().getNodeFactory().textNode(PyText.str(value));
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

    /** StackStorm's cast of text to an object or array: JSON, or else a Python literal ({@code ast.literal_eval}). */
    private static JsonNode parseContainer(String name, String type, String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (JsonProcessingException notJson) {
            try {
                return Values.toJson(PyLiteral.parse(text));
            } catch (IllegalArgumentException | TemplateException e) {
                throw new TemplateException("Failed to cast parameter \"" + name + "\" to " + type
                        + ": neither JSON nor a Python literal (" + e.getMessage() + "): '" + text + "'");
            }
        }
    }

    private static JsonNode container(String name, Object value, String type) {
        JsonNode node;
        if (value instanceof String s) {
            node = parseContainer(name, type, s);
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
