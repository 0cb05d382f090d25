package io.reflex.core.model;

import io.reflex.core.json.Timestamps;
import io.reflex.core.store.Entity;
import java.time.Instant;
import java.util.Objects;

/** One chunk (usually a line) of an execution's output: {@code output_type} is stdout, stderr or output. */
public record ExecutionOutput(
        String id,
        String executionId,
        String actionRef,
        String runnerRef,
        Instant timestamp,
        String outputType,
        String data,
        Integer delay)
        implements Entity {
    public ExecutionOutput {
        Objects.requireNonNull(id, "id");
        Defaults.required("execution_id", executionId);
        actionRef = Defaults.text(actionRef);
        runnerRef = Defaults.text(runnerRef);
        timestamp = Timestamps.stored(Objects.requireNonNull(timestamp, "timestamp"));
        outputType = outputType == null ? "output" : outputType;
        data = Defaults.text(data);
    }
}
