package io.reflex.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import java.util.List;
import java.util.Objects;

/** Null-to-default helpers for the model records' compact constructors. */
final class Defaults {
    private Defaults() {}

    static String text(String value) {
        return value == null ? "" : value;
    }

    static ObjectNode object(JsonNode value) {
        return Json.objectOrEmpty(value);
    }

    static <T> List<T> list(List<T> value) {
        return value == null ? List.of() : List.copyOf(value);
    }

    /** A pack or resource name usable inside a ref: non-empty, no dots, no white space. */
    static String refPart(String what, String value) {
        Objects.requireNonNull(value, what);
        if (!wordOf(value, true)) {
            throw new IllegalArgumentException(what + " '" + value + "' must be non-empty without '.' or spaces");
        }
        return value;
    }

    /**
     * A content name: non-empty, no white space. It may contain dots: a ref splits at its first dot
     * ({@link Refs}), so the pack part alone must be dot-free.
     */
    static String name(String what, String value) {
        Objects.requireNonNull(value, what);
        if (!wordOf(value, false)) {
            throw new IllegalArgumentException(what + " '" + value + "' must be non-empty without white space");
        }
        return value;
    }

    /**
     * Whether {@code value} is non-empty without white space (a regular expression's {@code \\s}: space, tab,
     * line feed, vertical tab, form feed, carriage return) and, when {@code noDots}, without '.'. Checked by hand:
     * every record read from the store or the bus goes through it.
     */
    private static boolean wordOf(String value, boolean noDots) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ' || (c >= '\t' && c <= '\r') || (noDots && c == '.')) {
                return false;
            }
        }
        return true;
    }

    static String required(String what, String value) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        return value;
    }
}
