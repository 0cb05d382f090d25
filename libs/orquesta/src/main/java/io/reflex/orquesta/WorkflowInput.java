package io.reflex.orquesta;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;

/**
 * One workflow input: {@code - name} (no default: absent unless given at run time) or
 * {@code - name: default} (the default may be an expression over earlier inputs).
 */
public record WorkflowInput(String name, Optional<JsonNode> defaultValue) {
    public WorkflowInput {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(defaultValue, "defaultValue");
    }
}
