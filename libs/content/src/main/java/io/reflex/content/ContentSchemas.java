package io.reflex.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import io.reflex.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON schemas of pack content (bundled under {@code io/reflex/content/schemas}), checked with a real
 * JSON-schema validator, with errors turned into located, readable messages.
 */
public final class ContentSchemas {
    /** The content kinds that have a schema. */
    public enum Kind {
        PACK("pack.json"),
        ACTION("action.json"),
        SENSOR("sensor.json"),
        TRIGGER_TYPE("trigger_type.json"),
        RULE("rule.json"),
        POLICY("policy.json"),
        ALIAS("alias.json");

        private final String resource;

        Kind(String resource) {
            this.resource = resource;
        }
    }

    private static final Map<Kind, Schema> SCHEMAS = load();

    private ContentSchemas() {}

    private static Map<Kind, Schema> load() {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
        Map<Kind, Schema> out = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            try (InputStream in = ContentSchemas.class.getResourceAsStream("schemas/" + k.resource)) {
                JsonNode node = Json.mapper().readTree(in);
                out.put(k, registry.getSchema(node));
            } catch (IOException e) {
                throw new UncheckedIOException("bundled schema " + k.resource, e);
            }
        }
        return out;
    }

    /**
     * What checking a document found. {@code errors} keep it out; {@code warnings} are the unknown keys when
     * they are tolerated; {@code cleaned} is a copy of the document without null descriptions and without the
     * tolerated unknown keys: what the item is built from.
     */
    public record Checked(List<ContentError> errors, List<ContentError> warnings, JsonNode cleaned) {
        public Checked {
            errors = List.copyOf(errors);
            warnings = List.copyOf(warnings);
        }
    }

    /** Checks the whole document of {@code file} against {@code kind}'s schema; unknown keys are errors. */
    public static List<ContentError> check(Kind kind, YamlFile file) {
        return check(kind, file, false).errors();
    }

    /**
     * Checks the whole document of {@code file} against {@code kind}'s schema. A null {@code description}
     * (anywhere) counts as absent, as StackStorm treats it. With {@code tolerateUnknownKeys}, a key the
     * schema does not know is a located warning and is dropped from {@link Checked#cleaned()}, as StackStorm
     * ignores keys it does not know in pack files; wrong types and missing required fields stay errors.
     */
    public static Checked check(Kind kind, YamlFile file, boolean tolerateUnknownKeys) {
        JsonNode cleaned = withoutNullDescriptions(file.root().deepCopy());
        List<ContentError> errors = new ArrayList<>();
        List<ContentError> warnings = new ArrayList<>();
        List<List<Object>> unknown = new ArrayList<>();
        for (Error e : SCHEMAS.get(kind).validate(cleaned)) {
            List<Object> path = path(List.of(), e);
            boolean unknownKey = "additionalProperties".equals(e.getKeyword()) && e.getProperty() != null;
            if (unknownKey && tolerateUnknownKeys) {
                warnings.add(file.errorAtKey(
                        append(path, e.getProperty()),
                        "unknown field '" + join(fieldName(path), e.getProperty()) + "' ignored"));
                unknown.add(append(path, e.getProperty()));
            } else {
                errors.add(describe(file, path, 0, e));
            }
        }
        unknown.forEach(p -> remove(cleaned, p));
        return new Checked(errors, warnings, cleaned);
    }

    /** Checks {@code node}, found at {@code base} inside {@code file}, against {@code kind}'s schema. */
    public static List<ContentError> check(Kind kind, YamlFile file, JsonNode node, List<Object> base) {
        List<ContentError> out = new ArrayList<>();
        for (Error e : SCHEMAS.get(kind).validate(withoutNullDescriptions(node.deepCopy()))) {
            out.add(describe(file, path(base, e), base.size(), e));
        }
        return out;
    }

    private static List<Object> path(List<Object> base, Error e) {
        List<Object> path = new ArrayList<>(base);
        NodePath loc = e.getInstanceLocation();
        for (int i = 0; i < loc.getNameCount(); i++) {
            path.add(loc.getElement(i));
        }
        return path;
    }

    private static List<Object> append(List<Object> path, Object last) {
        List<Object> out = new ArrayList<>(path);
        out.add(last);
        return out;
    }

    private static void remove(JsonNode root, List<Object> keyPath) {
        JsonNode at = root;
        for (Object step : keyPath.subList(0, keyPath.size() - 1)) {
            at = step instanceof Integer i ? at.path(i) : at.path(String.valueOf(step));
        }
        if (at instanceof ObjectNode o) {
            o.remove(String.valueOf(keyPath.get(keyPath.size() - 1)));
        }
    }

    /** {@code node} with every {@code description: null} removed (the node itself is changed). */
    static JsonNode withoutNullDescriptions(JsonNode node) {
        if (node instanceof ObjectNode o) {
            JsonNode d = o.get("description");
            if (d != null && d.isNull()) {
                o.remove("description");
            }
            o.forEach(ContentSchemas::withoutNullDescriptions);
        } else if (node != null && node.isArray()) {
            node.forEach(ContentSchemas::withoutNullDescriptions);
        }
        return node;
    }

    private static ContentError describe(YamlFile file, List<Object> path, int baseSize, Error e) {
        String field = fieldName(path.subList(baseSize, path.size()));
        String property = e.getProperty();
        return switch (e.getKeyword()) {
            case "required" -> file.errorAt(path, "missing required field '" + join(field, property) + "'");
            case "additionalProperties" -> {
                List<Object> keyPath = new ArrayList<>(path);
                keyPath.add(property);
                yield file.errorAtKey(keyPath, "unknown field '" + join(field, property) + "'");
            }
            case "type" ->
                file.errorAt(
                        path,
                        "field '" + field + "': expected " + expectedType(e) + ", got "
                                + jsonType(e.getInstanceNode()));
            case "enum" ->
                file.errorAt(
                        path, "field '" + field + "': " + e.getInstanceNode() + " is not one of " + e.getSchemaNode());
            case "pattern" ->
                file.errorAt(path, "field '" + field + "': " + e.getInstanceNode() + " " + patternHint(field));
            case "anyOf", "oneOf" -> file.errorAt(path, "field '" + field + "': has none of the allowed shapes");
            default -> file.errorAt(path, "field '" + field + "': " + stripLocation(e.getMessage()));
        };
    }

    private static String patternHint(String field) {
        if (field.equals("version")) {
            return "is not a semantic version (MAJOR.MINOR.PATCH, e.g. 1.0.0)";
        }
        if (field.equals("ref")) {
            return "must contain only lower-case letters, digits and '_'";
        }
        if (field.equals("email")) {
            return "is not an e-mail address";
        }
        if (field.equals("class_name")) {
            return "must not contain '.' or white space";
        }
        return "must not contain white space";
    }

    private static String expectedType(Error e) {
        JsonNode type = e.getSchemaNode();
        if (type != null && type.isTextual()) {
            return type.asText();
        }
        return type == null ? "another type" : type.toString();
    }

    static String jsonType(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return "null";
        }
        if (n.isTextual()) {
            return "string";
        }
        if (n.isIntegralNumber()) {
            return "integer";
        }
        if (n.isNumber()) {
            return "number";
        }
        if (n.isBoolean()) {
            return "boolean";
        }
        return n.isArray() ? "array" : "object";
    }

    private static String stripLocation(String message) {
        int colon = message.indexOf(": ");
        return message.startsWith("$") && colon > 0 ? message.substring(colon + 2) : message;
    }

    private static String join(String field, String property) {
        if (property == null) {
            return field;
        }
        return field.isEmpty() ? property : field + "." + property;
    }

    /** {@code [parameters, cmd, type]} → {@code parameters.cmd.type}; indexes as {@code [0]}. */
    static String fieldName(List<Object> path) {
        StringBuilder sb = new StringBuilder();
        for (Object o : path) {
            if (o instanceof Integer i) {
                sb.append('[').append(i).append(']');
            } else {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(o);
            }
        }
        return sb.toString();
    }
}
