package io.reflex.actionrunner.runners;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.execution.ExecutionStatus;
import java.util.Objects;

/** What a runner reports: the final (or, for inquiries, pending) status and the result. */
public record RunResult(ExecutionStatus status, JsonNode result) {
    public RunResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(result, "result");
    }
}
