package io.reflex.api.aliases;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import io.reflex.web.ApiException;
import java.util.Locale;
import java.util.Map;

/**
 * StackStorm's {@code cast_params} for alias executions: values extracted from a chat command are text and
 * are cast to the type of the action parameter they fill ({@code integer}, {@code number},
 * {@code boolean}, {@code object}; {@code array} as a comma-separated list, the alias override). Values of
 * parameters without a schema or type are left as text. Pure.
 */
final class AliasExecutionCasts {
    /** StackStorm's marker for "this value is None". */
    static final String NONE_MAGIC_VALUE = "%*****__%NONE%__*****%";

    private AliasExecutionCasts() {}

    /**
     * @param schemas the action's parameter schemas merged over its runner's
     * @throws ApiException 400 {@code Failed to cast value ...} when a value does not convert
     */
    static ObjectNode cast(Map<String, JsonNode> extracted, ObjectNode schemas) {
        ObjectNode out = Json.object();
        extracted.forEach((name, value) -> {
            String type = schemas.path(name).path("type").asText("");
            out.set(name, value.isTextual() ? castOne(name, value.asText(), type) : value);
        });
        return out;
    }

    private static JsonNode castOne(String name, String text, String type) {
        if (text.equals(NONE_MAGIC_VALUE)) {
            return Json.mapper().nullNode();
        }
        try {
            return switch (type) {
                case "integer" -> LongNode.valueOf(Long.parseLong(text.trim()));
                case "number" -> DoubleNode.valueOf(Double.parseDouble(text.trim()));
                case "boolean" -> bool(text);
                case "array" -> array(text);
                case "object" -> Json.mapper().readTree(text);
                default -> Json.mapper().getNodeFactory().textNode(text);
            };
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw ApiException.badRequest("Failed to cast value \"" + text + "\" (type: str) for parameter \"" + name
                    + "\" of type \"" + type + "\": " + reason(e) + ". Perhaps the value is of an invalid type?");
        }
    }

    private static JsonNode bool(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> BooleanNode.TRUE;
            case "false" -> BooleanNode.FALSE;
            default -> throw new IllegalArgumentException("malformed node or string: '" + text + "'");
        };
    }

    /** A JSON array as is; otherwise comma-separated items, trimmed (StackStorm's {@code cast_array}). */
    private static JsonNode array(String text) throws JsonProcessingException {
        if (text.trim().startsWith("[")) {
            return Json.mapper().readTree(text);
        }
        ArrayNode out = Json.mapper().createArrayNode();
        for (String item : text.split(",", -1)) {
            out.add(item.strip());
        }
        return out;
    }

    private static String reason(Exception e) {
        if (e instanceof JsonProcessingException j) {
            return j.getOriginalMessage();
        }
        return e instanceof NumberFormatException ? "not a number" : e.getMessage();
    }
}
