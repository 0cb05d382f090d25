package io.reflex.orquesta;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code retry}: run the task again while {@link #when} holds (no condition: on failure), at most
 * {@link #count} times, {@link #delay} seconds apart. Count and delay are integers or expressions.
 */
public record RetrySpec(Optional<String> when, JsonNode count, Optional<JsonNode> delay) {
    public RetrySpec {
        Objects.requireNonNull(when, "when");
        Objects.requireNonNull(count, "count");
        Objects.requireNonNull(delay, "delay");
    }
}
