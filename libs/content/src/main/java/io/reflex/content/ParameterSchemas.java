package io.reflex.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.execution.ResolvedAction;
import io.reflex.core.json.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * StackStorm parameter schemas: each parameter is a JSON-schema property plus {@code required},
 * {@code secret}, {@code immutable} and {@code position}. Checks them with messages that name the
 * parameter, and merges an action's parameters over its runner's (an action may override only
 * {@code default}, {@code description}, {@code enum}, {@code immutable} and {@code required}).
 */
public final class ParameterSchemas {
    public static final Set<String> TYPES = Set.of("array", "boolean", "integer", "null", "number", "object", "string");
    public static final Set<String> OVERRIDABLE = ResolvedAction.OVERRIDABLE;
    private static final Pattern NAME = Pattern.compile("^\\w+$");
    private static final List<String> BOOLEAN_ATTRS = List.of("required", "secret", "immutable");

    private ParameterSchemas() {}

    /** Checks the {@code parameters} mapping found at {@code base} (e.g. {@code [parameters]}) of {@code file}. */
    public static List<ContentError> check(YamlFile file, JsonNode parameters, List<Object> base) {
        List<ContentError> errors = new ArrayList<>();
        if (parameters == null || parameters.isNull() || parameters.isMissingNode()) {
            return errors;
        }
        Map<Long, String> positions = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = parameters.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            List<Object> at = path(base, p.getKey());
            if (!NAME.matcher(p.getKey()).matches()) {
                errors.add(file.errorAtKey(
                        at, "parameter '" + p.getKey() + "': name may contain only letters, digits and '_'"));
                continue;
            }
            if (!p.getValue().isObject()) {
                errors.add(file.errorAt(
                        at,
                        "parameter '" + p.getKey() + "': must be a mapping (a schema), got "
                                + ContentSchemas.jsonType(p.getValue())));
                continue;
            }
            checkOne(file, p.getKey(), p.getValue(), at, positions, errors);
        }
        return errors;
    }

    private static void checkOne(
            YamlFile file,
            String name,
            JsonNode schema,
            List<Object> at,
            Map<Long, String> positions,
            List<ContentError> errors) {
        JsonNode type = schema.get("type");
        if (type != null) {
            List<JsonNode> types = new ArrayList<>();
            if (type.isArray()) {
                type.forEach(types::add);
            } else {
                types.add(type);
            }
            for (JsonNode t : types) {
                if (!t.isTextual() || !TYPES.contains(t.asText())) {
                    errors.add(file.errorAt(
                            path(at, "type"),
                            "parameter '" + name + "': unknown type " + quoted(t)
                                    + " (valid: array, boolean, integer, null, number, object, string)"));
                }
            }
        }
        for (String attr : BOOLEAN_ATTRS) {
            JsonNode v = schema.get(attr);
            if (v != null && !v.isBoolean()) {
                errors.add(
                        file.errorAt(path(at, attr), "parameter '" + name + "': '" + attr + "' must be true or false"));
            }
        }
        JsonNode enumNode = schema.get("enum");
        if (enumNode != null && !enumNode.isArray()) {
            errors.add(file.errorAt(path(at, "enum"), "parameter '" + name + "': 'enum' must be a list"));
        }
        JsonNode position = schema.get("position");
        if (position != null) {
            if (!position.isIntegralNumber() || position.asLong() < 0) {
                errors.add(file.errorAt(
                        path(at, "position"), "parameter '" + name + "': 'position' must be a whole number >= 0"));
            } else {
                String other = positions.putIfAbsent(position.asLong(), name);
                if (other != null) {
                    errors.add(file.errorAt(
                            path(at, "position"),
                            "parameter '" + name + "': position " + position.asLong()
                                    + " is already used by parameter '" + other + "'"));
                }
            }
        }
    }

    /**
     * The effective parameter schema of an action: runner parameters with the action's parameters merged
     * over them. Attributes other than {@link #OVERRIDABLE} that differ from the runner's are errors.
     */
    public static ObjectNode merge(
            YamlFile file,
            List<Object> base,
            ObjectNode runnerParameters,
            ObjectNode actionParameters,
            List<ContentError> errors) {
        return ResolvedAction.mergeSchema(
                runnerParameters,
                actionParameters,
                o -> errors.add(file.errorAt(
                        path(path(base, o.parameter()), o.attribute()),
                        "parameter '" + o.parameter()
                                + "': cannot override '" + o.attribute()
                                + "' of the runner parameter (may override only "
                                + "default, description, enum, immutable, required)")));
    }

    /** A parameter schema as an object, or an empty object. */
    public static ObjectNode parameters(JsonNode node) {
        return Json.objectOrEmpty(node);
    }

    private static String quoted(JsonNode t) {
        return t.isTextual() ? "'" + t.asText() + "'" : t.toString();
    }

    private static List<Object> path(List<Object> base, Object next) {
        List<Object> p = new ArrayList<>(base);
        p.add(next);
        return p;
    }
}
