package io.reflex.executions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import io.reflex.core.json.Json;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Checks values against StackStorm schemas the way {@code st2common.util.schema.validate} does with
 * {@code use_default=True, allow_default_none=True}: draft-3 style {@code required: true} on a property is
 * honoured, a property's {@code default} fills a missing or null value before checking (so a required
 * parameter with a default is satisfied), and an optional property, or one whose default is null, also
 * accepts null; {@code format} is not asserted (a date-time field holding any string is accepted). Messages are python-jsonschema's ({@code 'cmd' is a required property}), with the field
 * path appended when the message does not already name it. Pure and thread-safe; compiled schemas are
 * cached.
 */
public final class ParameterValidation {
    /** {@code format} annotates and never refuses: StackStorm validates without a format checker. */
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_7,
            b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder()
                    .formatAssertionsEnabled(false)
                    .build()));

    private static final Map<JsonNode, Schema> COMPILED = bounded();

    /**
     * What {@link #COMPILED} answers, by the very instance of the schema asked about (the merged parameters for
     * {@link #parameterProblem}). The schemas asked about again and again are the content caches' (an action's
     * merged parameters, a trigger type's payload schema), which nobody changes: found by identity, they are
     * neither prepared again nor hashed and compared whole on every check. A schema built per call misses here
     * and is found by equality as before.
     */
    private static final Map<Same, Prepared> BY_INSTANCE = bounded();

    /** A schema by identity, and whether it was asked about as an action's merged parameters. */
    private record Same(ObjectNode schema, boolean parameters) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Same other && other.schema == schema && other.parameters == parameters;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(schema) * 31 + Boolean.hashCode(parameters);
        }
    }

    /** A schema as checked: prepared (draft-3 moved to draft-7, nulls allowed) and compiled. */
    private record Prepared(ObjectNode schema, Schema compiled) {}

    private static <K, V> Map<K, V> bounded() {
        return Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > 512;
            }
        });
    }

    private ParameterValidation() {}

    /**
     * The schema StackStorm builds for an action's parameters ({@code get_schema_for_resource_parameters}):
     * an object with the merged parameter schemas as properties and no other properties allowed. With no
     * parameters at all it is the empty schema, which accepts anything, as in StackStorm.
     */
    public static ObjectNode forParameters(ObjectNode mergedParameters) {
        ObjectNode schema = Json.object();
        if (mergedParameters.isEmpty()) {
            return schema;
        }
        schema.put("type", "object");
        ObjectNode props = schema.putObject("properties");
        mergedParameters
                .properties()
                .forEach(e -> props.set(e.getKey(), e.getValue().isObject() ? e.getValue() : Json.object()));
        schema.put("additionalProperties", false);
        return schema;
    }

    /**
     * The first problem of {@code value} against {@code schema}, described for a person.
     *
     * @param what how a field is named in messages, e.g. {@code parameter}
     */
    public static Optional<String> problem(ObjectNode schema, JsonNode value, String what) {
        return problem(prepared(new Same(schema, false), () -> schema), value, what);
    }

    /**
     * The first problem of an action's parameters against its merged parameter schema ({@link #forParameters}),
     * described for a person.
     */
    public static Optional<String> parameterProblem(ObjectNode mergedParameters, JsonNode parameters) {
        return problem(
                prepared(new Same(mergedParameters, true), () -> forParameters(mergedParameters)),
                parameters,
                "parameter");
    }

    private static Optional<String> problem(Prepared schema, JsonNode value, String what) {
        List<Error> errors = schema.compiled().validate(withDefaults(value, schema.schema()));
        return errors.isEmpty() ? Optional.empty() : Optional.of(describe(errors.get(0), what));
    }

    private static Prepared prepared(Same key, Supplier<ObjectNode> schema) {
        Prepared found = BY_INSTANCE.get(key);
        if (found == null) {
            ObjectNode prepared = prepare(schema.get());
            found = new Prepared(prepared, COMPILED.computeIfAbsent(prepared, REGISTRY::getSchema));
            BY_INSTANCE.put(key, found);
        }
        return found;
    }

    /** Draft-3 {@code required: true} moved to draft-7 arrays and null allowed where StackStorm allows it. */
    public static ObjectNode prepare(ObjectNode schema) {
        ObjectNode out = schema.deepCopy();
        convert(out);
        return out;
    }

    private static void convert(ObjectNode schema) {
        if (schema.get("properties") instanceof ObjectNode props) {
            ArrayNode required =
                    schema.get("required") instanceof ArrayNode a ? a : JsonNodeFactory.instance.arrayNode();
            props.properties().forEach(e -> {
                if (!(e.getValue() instanceof ObjectNode p)) {
                    return;
                }
                boolean listed = contains(required, e.getKey());
                boolean isRequired = listed || p.path("required").asBoolean(false);
                if (isRequired && !listed) {
                    required.add(e.getKey());
                }
                boolean defaultIsNull =
                        p.path("default").isNull() || p.path("default").isMissingNode();
                if ((!isRequired || p.has("default")) && defaultIsNull) {
                    allowNull(p);
                }
                convert(p);
            });
            if (!required.isEmpty()) {
                schema.set("required", required);
            }
        }
        if (schema.path("required").isBoolean()) {
            schema.remove("required");
        }
        if (schema.get("items") instanceof ObjectNode items) {
            convert(items);
        }
    }

    /** StackStorm's {@code modify_schema_allow_default_none}; a property without a type already accepts null. */
    private static void allowNull(ObjectNode p) {
        JsonNode type = p.get("type");
        if (type != null && type.isTextual() && !type.asText().equals("null")) {
            p.set(
                    "type",
                    JsonNodeFactory.instance.arrayNode().add(type.asText()).add("null"));
        } else if (type instanceof ArrayNode types && !contains(types, "null")) {
            types.add("null");
        } else if (p.get("anyOf") instanceof ArrayNode any && !nullable(any)) {
            any.addObject().put("type", "null");
        } else if (p.get("oneOf") instanceof ArrayNode one && !nullable(one)) {
            one.addObject().put("type", "null");
        }
    }

    private static boolean nullable(ArrayNode alternatives) {
        for (JsonNode a : alternatives) {
            if ("null".equals(a.path("type").asText())) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(ArrayNode types, String type) {
        for (JsonNode t : types) {
            if (t.asText().equals(type)) {
                return true;
            }
        }
        return false;
    }

    /** StackStorm's {@code assign_default_values}: a copy with defaults set where the value is missing or null. */
    public static JsonNode withDefaults(JsonNode value, JsonNode schema) {
        if (!(value instanceof ObjectNode obj) || !(schema.get("properties") instanceof ObjectNode props)) {
            return value;
        }
        ObjectNode out = obj.deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            JsonNode current = out.get(p.getKey());
            if (p.getValue().has("default") && (current == null || current.isNull())) {
                out.set(p.getKey(), p.getValue().get("default").deepCopy());
            }
            if (out.get(p.getKey()) instanceof ObjectNode nested) {
                out.set(p.getKey(), withDefaults(nested, p.getValue()));
            }
        }
        return out;
    }

    private static String describe(Error e, String what) {
        String path = path(e);
        String message = switch (e.getKeyword()) {
            case "required" -> PyRepr.of(e.getProperty()) + " is a required property";
            case "additionalProperties" ->
                "Additional properties are not allowed (" + PyRepr.of(e.getProperty()) + " was unexpected)";
            case "type" -> PyRepr.of(e.getInstanceNode()) + " is not of type " + typeNames(e.getSchemaNode());
            case "enum" -> PyRepr.of(e.getInstanceNode()) + " is not one of " + PyRepr.of(e.getSchemaNode());
            case "anyOf", "oneOf" -> PyRepr.of(e.getInstanceNode()) + " is not valid under any of the given schemas";
            default -> e.getMessage().replaceFirst("^\\$[^:]*: ", "");
        };
        if (path.isEmpty()
                || e.getKeyword().equals("required") && e.getInstanceLocation().getNameCount() == 0) {
            return message;
        }
        return message + " (" + what + " '" + path + "')";
    }

    private static String typeNames(JsonNode type) {
        if (type == null) {
            return "another type";
        }
        if (type.isTextual()) {
            return PyRepr.of(type);
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode t : type) {
            sb.append(sb.isEmpty() ? "" : ", ").append(PyRepr.of(t));
        }
        return sb.toString();
    }

    private static String path(Error e) {
        StringBuilder sb = new StringBuilder();
        var loc = e.getInstanceLocation();
        for (int i = 0; i < loc.getNameCount(); i++) {
            Object el = loc.getElement(i);
            if (el instanceof Integer idx) {
                sb.append('[').append(idx).append(']');
            } else {
                sb.append(sb.isEmpty() ? "" : ".").append(el);
            }
        }
        return sb.toString();
    }

    /** Python's {@code repr} of JSON values, so messages read like StackStorm's. */
    public static final class PyRepr {
        private PyRepr() {}

        public static String of(String s) {
            return s == null ? "None" : "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
        }

        public static String of(JsonNode n) {
            if (n == null || n.isNull() || n.isMissingNode()) {
                return "None";
            }
            if (n.isTextual()) {
                return of(n.asText());
            }
            if (n.isBoolean()) {
                return n.asBoolean() ? "True" : "False";
            }
            if (n.isArray()) {
                StringBuilder sb = new StringBuilder("[");
                n.forEach(v -> sb.append(sb.length() > 1 ? ", " : "").append(of(v)));
                return sb.append(']').toString();
            }
            if (n.isObject()) {
                StringBuilder sb = new StringBuilder("{");
                n.properties()
                        .forEach(e -> sb.append(sb.length() > 1 ? ", " : "")
                                .append(of(e.getKey()))
                                .append(": ")
                                .append(of(e.getValue())));
                return sb.append('}').toString();
            }
            return n.asText();
        }
    }
}
