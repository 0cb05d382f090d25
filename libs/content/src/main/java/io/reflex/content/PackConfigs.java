package io.reflex.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import io.reflex.core.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Pack configuration: {@code config.schema.yaml} (a mapping of key → property schema, with StackStorm's
 * {@code required: true} on the property) and the operator's {@code configs/<pack>.yaml}, validated
 * against it with defaults applied.
 */
final class PackConfigs {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);

    private PackConfigs() {}

    /** Checks the schema file's shape; returns the problems found. */
    static List<ContentError> checkSchema(YamlFile file) {
        List<ContentError> errors = new ArrayList<>();
        if (!file.root().isObject()) {
            errors.add(file.errorAt(List.of(), "expected a mapping of config keys to schemas"));
            return errors;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = file.root().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isObject()) {
                errors.add(file.errorAt(
                        List.of(e.getKey()), "config key '" + e.getKey() + "': must be a mapping (a schema)"));
            }
        }
        if (errors.isEmpty()) {
            try {
                REGISTRY.getSchema(toJsonSchema((ObjectNode) file.root()));
            } catch (RuntimeException e) {
                errors.add(file.errorAt(List.of(), "not a valid schema: " + e.getMessage()));
            }
        }
        return errors;
    }

    /**
     * The config with defaults filled in, after checking it against the schema. Errors go to
     * {@code errors}; the result is still the best-effort config.
     */
    static ObjectNode apply(ObjectNode schema, YamlFile configFile, List<ContentError> errors) {
        ObjectNode config = configFile == null
                ? Json.object()
                : Json.objectOrEmpty(configFile.root()).deepCopy();
        if (configFile != null
                && !configFile.root().isObject()
                && !configFile.root().isNull()) {
            errors.add(configFile.errorAt(List.of(), "expected a mapping of config keys"));
            return config;
        }
        fillDefaults(schema, config);
        if (configFile == null) {
            return config; // no config yet: missing required keys are the operator's to add, not a content error
        }
        for (Error e : REGISTRY.getSchema(toJsonSchema(schema)).validate(config)) {
            List<Object> path = new ArrayList<>();
            NodePath loc = e.getInstanceLocation();
            for (int i = 0; i < loc.getNameCount(); i++) {
                path.add(loc.getElement(i));
            }
            String field = ContentSchemas.fieldName(path);
            String what = "required".equals(e.getKeyword())
                    ? "missing required config key '" + (field.isEmpty() ? "" : field + ".") + e.getProperty() + "'"
                    : "config key '" + field + "': " + e.getMessage().replaceFirst("^\\$[^:]*: ", "");
            errors.add(configFile.errorAt(path, what));
        }
        return config;
    }

    /** StackStorm's property map (draft-3 style {@code required: true}) → a draft-7 object schema. */
    static ObjectNode toJsonSchema(ObjectNode properties) {
        ObjectNode schema = Json.object();
        schema.put("type", "object");
        ObjectNode props = schema.putObject("properties");
        ArrayNode required = Json.mapper().createArrayNode();
        properties.fields().forEachRemaining(e -> {
            if (!e.getValue().isObject()) {
                return;
            }
            ObjectNode p = ((ObjectNode) e.getValue()).deepCopy();
            if (p.path("required").isBoolean()) {
                if (p.get("required").asBoolean()) {
                    required.add(e.getKey());
                }
                p.remove("required");
            }
            p.remove("secret");
            if (p.get("properties") instanceof ObjectNode nested) {
                ObjectNode converted = toJsonSchema(nested);
                p.set("properties", converted.get("properties"));
                if (converted.has("required")) {
                    p.set("required", converted.get("required"));
                }
            }
            props.set(e.getKey(), p);
        });
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        return schema;
    }

    private static void fillDefaults(ObjectNode schema, ObjectNode config) {
        schema.fields().forEachRemaining(e -> {
            JsonNode p = e.getValue();
            if (!config.has(e.getKey()) && p.has("default")) {
                config.set(e.getKey(), p.get("default").deepCopy());
            }
            if (p.get("properties") instanceof ObjectNode nested
                    && config.get(e.getKey()) instanceof ObjectNode inner) {
                fillDefaults(nested, inner);
            }
        });
    }
}
