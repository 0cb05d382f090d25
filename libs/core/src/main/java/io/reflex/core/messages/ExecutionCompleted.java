package io.reflex.core.messages;

import io.reflex.core.execution.ExecutionStatus;
import java.util.Objects;

/**
 * An execution reached a completed status (succeeded, failed, timeout, canceled, abandoned): notifications,
 * action triggers and retry policies follow from it. Published by whoever wrote the completing change; a
 * redelivery is harmless because what follows is keyed by the execution id. Version 1.
 */
public record ExecutionCompleted(String executionId, ExecutionStatus status) {
    public ExecutionCompleted {
        Objects.requireNonNull(executionId, "execution_id");
        Objects.requireNonNull(status, "status");
    }
}
