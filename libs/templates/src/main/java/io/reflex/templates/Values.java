package io.reflex.templates;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.json.Json;
import java.util.List;
import java.util.Map;

/** Conversions between JSON trees and the plain Java values templates work on (maps, lists, strings, numbers). */
public final class Values {
    private Values() {}

    /** A JSON tree as nested {@code Map}/{@code List}/scalars (null for JSON null). */
    public static Object toJava(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        return Json.mapper().convertValue(node, Object.class);
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> toMap(JsonNode node) {
        Object v = toJava(node);
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    public static JsonNode toJson(Object value) {
        return Json.mapper().valueToTree(value);
    }

    /** Whether a value is a collection-like or scalar a template produced. */
    static boolean isContainer(Object v) {
        return v instanceof Map<?, ?> || v instanceof List<?>;
    }
}
