package io.reflex.core.execution;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.EnumSet;
import java.util.Set;

/** Execution statuses, with StackStorm's lower-case wire names and status groups. */
public enum ExecutionStatus {
    REQUESTED("requested"),
    SCHEDULED("scheduled"),
    DELAYED("delayed"),
    RUNNING("running"),
    SUCCEEDED("succeeded"),
    FAILED("failed"),
    TIMEOUT("timeout"),
    ABANDONED("abandoned"),
    CANCELING("canceling"),
    CANCELED("canceled"),
    PENDING("pending"),
    PAUSING("pausing"),
    PAUSED("paused"),
    RESUMING("resuming");

    public static final Set<ExecutionStatus> COMPLETED =
            Set.copyOf(EnumSet.of(SUCCEEDED, FAILED, TIMEOUT, CANCELED, ABANDONED));
    public static final Set<ExecutionStatus> FAILED_STATES = Set.copyOf(EnumSet.of(FAILED, TIMEOUT, ABANDONED));
    public static final Set<ExecutionStatus> CANCELABLE =
            Set.copyOf(EnumSet.of(REQUESTED, SCHEDULED, DELAYED, RUNNING, PAUSING, PAUSED, RESUMING));
    public static final Set<ExecutionStatus> RUNNABLE =
            Set.copyOf(EnumSet.of(REQUESTED, SCHEDULED, PAUSING, PAUSED, RESUMING));

    private final String wire;

    ExecutionStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public boolean completed() {
        return COMPLETED.contains(this);
    }

    /**
     * Parses a wire name.
     *
     * @throws IllegalArgumentException listing the valid names
     */
    @JsonCreator
    public static ExecutionStatus fromWire(String name) {
        for (ExecutionStatus s : values()) {
            if (s.wire.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown execution status '" + name + "'; valid: "
                + java.util.Arrays.stream(values()).map(ExecutionStatus::wire).toList());
    }

    @Override
    public String toString() {
        return wire;
    }
}
