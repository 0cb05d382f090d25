package io.reflex.orquesta;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The Draft-4 keywords orquesta's workflow schema is written with, and a validator that reports what
 * Python's {@code jsonschema} (the version StackStorm pins) reports: the same messages (Python reprs of
 * the offending value), the same instance path and the same schema path. Built once, then read only.
 */
final class JsonSchema {
    private List<String> types = List.of();
    private List<JsonNode> enumValues;
    private Integer minLength;
    private Pattern pattern;
    private String patternText;
    private BigDecimal minimum;
    private String minimumRepr;
    private Integer minItems;
    private boolean uniqueItems;
    private JsonSchema items;
    private final Map<String, JsonSchema> properties = new LinkedHashMap<>();
    private final Map<String, JsonSchema> patternProperties = new LinkedHashMap<>();
    private boolean closed;
    private List<String> required = List.of();
    private Integer minProperties;
    private Integer maxProperties;
    private List<JsonSchema> anyOf = List.of();
    private List<JsonSchema> oneOf = List.of();

    /** One violation: where in the document, where in the schema, and jsonschema's message. */
    record Violation(List<Object> path, List<String> schemaPath, String message) {}

    static JsonSchema of(String... types) {
        JsonSchema s = new JsonSchema();
        s.types = List.of(types);
        return s;
    }

    JsonSchema enumOf(List<JsonNode> values) {
        enumValues = List.copyOf(values);
        return this;
    }

    JsonSchema minLength(int n) {
        minLength = n;
        return this;
    }

    /** {@code text} is the pattern as Python writes it (messages print it); {@code regex} the same for Java. */
    JsonSchema pattern(String regex, String text) {
        pattern = Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS);
        patternText = text;
        return this;
    }

    /** {@code repr} is how Python prints the bound: {@code 0} and {@code 0.0} differ in messages. */
    JsonSchema minimum(BigDecimal value, String repr) {
        minimum = value;
        minimumRepr = repr;
        return this;
    }

    JsonSchema minItems(int n) {
        minItems = n;
        return this;
    }

    JsonSchema uniqueItems() {
        uniqueItems = true;
        return this;
    }

    JsonSchema items(JsonSchema s) {
        items = s;
        return this;
    }

    JsonSchema property(String name, JsonSchema s) {
        properties.put(name, s);
        return this;
    }

    JsonSchema patternProperty(String regex, JsonSchema s) {
        patternProperties.put(regex, s);
        return this;
    }

    /** {@code additionalProperties: false}. */
    JsonSchema closed() {
        closed = true;
        return this;
    }

    JsonSchema required(String... names) {
        required = List.of(names);
        return this;
    }

    JsonSchema minProperties(int n) {
        minProperties = n;
        return this;
    }

    JsonSchema maxProperties(int n) {
        maxProperties = n;
        return this;
    }

    static JsonSchema anyOf(JsonSchema... alternatives) {
        JsonSchema s = new JsonSchema();
        s.anyOf = List.of(alternatives);
        return s;
    }

    static JsonSchema oneOf(JsonSchema... alternatives) {
        JsonSchema s = new JsonSchema();
        s.oneOf = List.of(alternatives);
        return s;
    }

    /** Adds {@code anyOf} alternatives to this schema (both keywords then apply). */
    JsonSchema alsoAnyOf(JsonSchema... alternatives) {
        anyOf = List.of(alternatives);
        return this;
    }

    /** Every violation of {@code instance}, in the order jsonschema finds them. */
    List<Violation> validate(JsonNode instance) {
        List<Violation> out = new ArrayList<>();
        check(instance, new ArrayList<>(), new ArrayList<>(), out);
        return out;
    }

    boolean valid(JsonNode instance) {
        return validate(instance).isEmpty();
    }

    private void check(JsonNode v, List<Object> path, List<String> at, List<Violation> out) {
        if (!types.isEmpty() && types.stream().noneMatch(t -> isType(v, t))) {
            String reprs = types.stream().map(PyText::repr).collect(Collectors.joining(", "));
            add(out, path, at, "type", PyText.repr(v) + " is not of type " + reprs);
        }
        if (enumValues != null && enumValues.stream().noneMatch(e -> pyEquals(e, v))) {
            String list = "[" + enumValues.stream().map(PyText::repr).collect(Collectors.joining(", ")) + "]";
            add(out, path, at, "enum", PyText.repr(v) + " is not one of " + list);
        }
        if (v.isTextual()) {
            String s = v.textValue();
            if (minLength != null && s.codePointCount(0, s.length()) < minLength) {
                add(
                        out,
                        path,
                        at,
                        "minLength",
                        PyText.repr(v) + (minLength == 1 ? " should be non-empty" : " is too short"));
            }
            if (pattern != null && !pattern.matcher(s).find()) {
                add(out, path, at, "pattern", PyText.repr(v) + " does not match " + PyText.repr(patternText));
            }
        }
        if (minimum != null && isType(v, "number") && v.decimalValue().compareTo(minimum) < 0) {
            add(out, path, at, "minimum", PyText.repr(v) + " is less than the minimum of " + minimumRepr);
        }
        if (v.isArray()) {
            checkArray(v, path, at, out);
        }
        if (v.isObject()) {
            checkObject(v, path, at, out);
        }
        if (!anyOf.isEmpty() && anyOf.stream().noneMatch(s -> s.valid(v))) {
            add(out, path, at, "anyOf", PyText.repr(v) + " is not valid under any of the given schemas");
        }
        // orquesta's oneOf alternatives exclude each other (string or list, "all" or integer), so "valid under
        // each of" cannot happen and is not reported.
        if (!oneOf.isEmpty() && oneOf.stream().noneMatch(s -> s.valid(v))) {
            add(out, path, at, "oneOf", PyText.repr(v) + " is not valid under any of the given schemas");
        }
    }

    private void checkArray(JsonNode v, List<Object> path, List<String> at, List<Violation> out) {
        if (minItems != null && v.size() < minItems) {
            add(out, path, at, "minItems", PyText.repr(v) + (minItems == 1 ? " should be non-empty" : " is too short"));
        }
        if (uniqueItems && !unique(v)) {
            add(out, path, at, "uniqueItems", PyText.repr(v) + " has non-unique elements");
        }
        if (items != null) {
            for (int i = 0; i < v.size(); i++) {
                items.check(v.get(i), plus(path, i), plus(at, "items"), out);
            }
        }
    }

    private void checkObject(JsonNode v, List<Object> path, List<String> at, List<Violation> out) {
        for (Map.Entry<String, JsonSchema> p : properties.entrySet()) {
            if (v.has(p.getKey())) {
                p.getValue()
                        .check(
                                v.get(p.getKey()),
                                plus(path, p.getKey()),
                                plus(plus(at, "properties"), p.getKey()),
                                out);
            }
        }
        for (Map.Entry<String, JsonSchema> p : patternProperties.entrySet()) {
            Pattern regex = Pattern.compile(p.getKey(), Pattern.UNICODE_CHARACTER_CLASS);
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                if (regex.matcher(e.getKey()).find()) {
                    p.getValue()
                            .check(
                                    e.getValue(),
                                    plus(path, e.getKey()),
                                    plus(plus(at, "patternProperties"), p.getKey()),
                                    out);
                }
            }
        }
        if (closed) {
            TreeSet<String> extras = new TreeSet<>();
            for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!properties.containsKey(k)
                        && patternProperties.keySet().stream()
                                .noneMatch(r -> Pattern.compile(r, Pattern.UNICODE_CHARACTER_CLASS)
                                        .matcher(k)
                                        .find())) {
                    extras.add(k);
                }
            }
            if (!extras.isEmpty()) {
                String joined = extras.stream().map(PyText::repr).collect(Collectors.joining(", "));
                String message = patternProperties.isEmpty()
                        ? "Additional properties are not allowed (" + joined + (extras.size() == 1 ? " was" : " were")
                                + " unexpected)"
                        : joined + (extras.size() == 1 ? " does" : " do") + " not match any of the regexes: "
                                + patternProperties.keySet().stream()
                                        .sorted()
                                        .map(PyText::repr)
                                        .collect(Collectors.joining(", "));
                add(out, path, at, "additionalProperties", message);
            }
        }
        for (String name : required) {
            if (!v.has(name)) {
                add(out, path, at, "required", PyText.repr(name) + " is a required property");
            }
        }
        if (minProperties != null && v.size() < minProperties) {
            add(
                    out,
                    path,
                    at,
                    "minProperties",
                    PyText.repr(v)
                            + (minProperties == 1 ? " should be non-empty" : " does not have enough properties"));
        }
        if (maxProperties != null && v.size() > maxProperties) {
            add(
                    out,
                    path,
                    at,
                    "maxProperties",
                    PyText.repr(v) + (maxProperties == 0 ? " is expected to be empty" : " has too many properties"));
        }
    }

    private static void add(List<Violation> out, List<Object> path, List<String> at, String keyword, String message) {
        out.add(new Violation(List.copyOf(path), plus(at, keyword), message));
    }

    private static <T> List<T> plus(List<T> list, T item) {
        List<T> copy = new ArrayList<>(list.size() + 1);
        copy.addAll(list);
        copy.add(item);
        return copy;
    }

    /** Draft 4's types as Python sees the loaded YAML: booleans are not numbers, 1.0 is not an integer. */
    static boolean isType(JsonNode v, String type) {
        return switch (type) {
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "string" -> v.isTextual();
            case "integer" -> v.isIntegralNumber();
            case "number" -> v.isNumber();
            case "boolean" -> v.isBoolean();
            case "null" -> v.isNull();
            default -> throw new IllegalArgumentException("unknown schema type " + type);
        };
    }

    private static boolean unique(JsonNode array) {
        for (int i = 0; i < array.size(); i++) {
            for (int j = i + 1; j < array.size(); j++) {
                if (pyEquals(array.get(i), array.get(j))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Python's {@code ==} on loaded YAML, with jsonschema's rule that booleans never equal numbers. */
    static boolean pyEquals(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!pyEquals(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Map.Entry<String, JsonNode> e : a.properties()) {
                if (!b.has(e.getKey()) || !pyEquals(e.getValue(), b.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }
}
