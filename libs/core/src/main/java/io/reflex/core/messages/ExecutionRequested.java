package io.reflex.core.messages;

import java.util.Objects;

/**
 * An execution record in status {@code requested} exists and should be scheduled and run. The record is
 * the truth; this message only says where to look, so a redelivery is harmless. Version 1.
 */
public record ExecutionRequested(String executionId) {
    public ExecutionRequested {
        Objects.requireNonNull(executionId, "execution_id");
    }
}
