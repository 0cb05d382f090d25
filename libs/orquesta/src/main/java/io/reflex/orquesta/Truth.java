package io.reflex.orquesta;

import com.fasterxml.jackson.databind.JsonNode;

/** Python's truth of a JSON value, as orquesta's conditions and joins read it: null, false, 0, "" and empty collections are false. */
public final class Truth {
    private Truth() {}

    public static boolean of(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return false;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isNumber()) {
            return v.doubleValue() != 0;
        }
        if (v.isTextual()) {
            return !v.textValue().isEmpty();
        }
        return !v.isEmpty();
    }
}
