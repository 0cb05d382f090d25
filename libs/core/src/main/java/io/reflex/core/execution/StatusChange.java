package io.reflex.core.execution;

import io.reflex.core.json.Timestamps;
import java.time.Instant;
import java.util.Objects;

/** One entry of an execution's {@code log}: a status and when it was entered. */
public record StatusChange(Instant timestamp, ExecutionStatus status) {
    public StatusChange {
        timestamp = Timestamps.stored(Objects.requireNonNull(timestamp, "timestamp"));
        Objects.requireNonNull(status, "status");
    }
}
