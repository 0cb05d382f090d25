package io.reflex.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** Null-to-default helpers for the model records' compact constructors. */
final class Defaults {
    private static final Pattern REF_PART = Pattern.compile("^[^.\\s]+$");
    private static final Pattern NAME = Pattern.compile("^[^\\s]+$");

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
        if (!REF_PART.matcher(value).matches()) {
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
        if (!NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " '" + value + "' must be non-empty without white space");
        }
        return value;
    }

    static String required(String what, String value) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        return value;
    }
}
