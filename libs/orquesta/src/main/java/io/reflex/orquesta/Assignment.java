package io.reflex.orquesta;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * {@code name: value}, one entry of {@code vars}, {@code output} or a transition's {@code publish}. The value
 * is any YAML value; strings in it may hold expressions, evaluated in order against the context so far.
 */
public record Assignment(String name, JsonNode value) {
    public Assignment {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
