package io.reflex.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns {@code key=value} arguments into typed parameters the way {@code st2 run} does, from the parameter
 * schema ({@code name -> {type, items, ...}}): integers and numbers are parsed, booleans are {@code true}
 * or {@code false}, objects are JSON or {@code k1=v1,k2=v2}, arrays are JSON or a comma-separated list (each
 * item cast to {@code items.type}; repeating the key appends), strings and unknown parameters stay text.
 * {@code @key=path} sends a file's content. The first argument without '=' starts the {@code cmd}
 * parameter, made of it and every argument after it, when the schema has one.
 */
public final class ParameterCasts {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

    private ParameterCasts() {}

    /** @throws ClientException (usage) naming the parameter whose value does not fit its type */
    public static ObjectNode cast(List<String> args, JsonNode schema, Path workingDir) {
        ObjectNode result = Json.object();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                if (schema.has("cmd") && !result.has("cmd")) {
                    result.put("cmd", String.join(" ", args.subList(i, args.size())));
                    return result;
                }
                throw ClientException.usage("expected a parameter as key=value, got '" + arg + "'");
            }
            String key = arg.substring(0, eq);
            String value = arg.substring(eq + 1);
            if (key.startsWith("@")) {
                key = key.substring(1);
                result.put(key, readFile(workingDir.resolve(value), key));
                continue;
            }
            JsonNode spec = schema.path(key);
            JsonNode cast = value(key, value, spec);
            if (cast.isArray() && result.get(key) instanceof ArrayNode earlier) {
                earlier.addAll((ArrayNode) cast);
            } else {
                result.set(key, cast);
            }
        }
        return result;
    }

    static JsonNode value(String key, String value, JsonNode spec) {
        return switch (type(spec)) {
            case "integer" -> integer(key, value);
            case "number" -> number(key, value);
            case "boolean" -> bool(key, value);
            case "object" -> object(key, value);
            case "array" -> array(key, value, spec.path("items"));
            default -> NODES.textNode(value);
        };
    }

    /** The declared type; the first non-null one of a type list; "string" when none is declared. */
    private static String type(JsonNode spec) {
        JsonNode t = spec.path("type");
        if (t.isArray()) {
            for (JsonNode each : t) {
                if (!each.asText().equals("null")) {
                    return each.asText();
                }
            }
        }
        return t.isTextual() ? t.asText() : "string";
    }

    private static JsonNode integer(String key, String value) {
        String v = value.strip();
        if (!INTEGER.matcher(v).matches()) {
            throw bad(key, value, "an integer");
        }
        try {
            long n = Long.parseLong(v);
            // the node JSON parsing gives the same number, so casts compare equal to parsed documents
            return n == (int) n ? NODES.numberNode((int) n) : NODES.numberNode(n);
        } catch (NumberFormatException e) {
            return NODES.numberNode(new java.math.BigInteger(v));
        }
    }

    private static JsonNode number(String key, String value) {
        String v = value.strip();
        if (INTEGER.matcher(v).matches()) {
            return integer(key, v);
        }
        try {
            double d = Double.parseDouble(v);
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw bad(key, value, "a finite number");
            }
            return NODES.numberNode(d);
        } catch (NumberFormatException e) {
            throw bad(key, value, "a number");
        }
    }

    private static JsonNode bool(String key, String value) {
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> NODES.booleanNode(true);
            case "false" -> NODES.booleanNode(false);
            default -> throw bad(key, value, "a boolean (true or false)");
        };
    }

    private static JsonNode object(String key, String value) {
        if (value.strip().startsWith("{")) {
            JsonNode json = json(key, value, "a JSON object");
            if (!json.isObject()) {
                throw bad(key, value, "a JSON object");
            }
            return json;
        }
        ObjectNode o = Json.object();
        for (String pair : value.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw bad(key, value, "a JSON object or k1=v1,k2=v2");
            }
            o.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
        return o;
    }

    private static JsonNode array(String key, String value, JsonNode items) {
        if (value.strip().startsWith("[")) {
            JsonNode json = json(key, value, "a JSON array");
            if (!json.isArray()) {
                throw bad(key, value, "a JSON array");
            }
            return json;
        }
        ArrayNode a = NODES.arrayNode();
        if (value.isBlank()) {
            return a;
        }
        for (String item : value.split(",")) {
            a.add(value(key, item.strip(), items));
        }
        return a;
    }

    private static JsonNode json(String key, String value, String expected) {
        try {
            return Json.mapper().readTree(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw bad(key, value, expected + " (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw bad(key, value, expected);
        }
    }

    private static String readFile(Path file, String key) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ClientException.usage("parameter '" + key + "': cannot read file " + file + ": " + e.getMessage());
        }
    }

    private static ClientException bad(String key, String value, String expected) {
        return ClientException.usage("parameter '" + key + "': '" + value + "' is not " + expected);
    }
}
