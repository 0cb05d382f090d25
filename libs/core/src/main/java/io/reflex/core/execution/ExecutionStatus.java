package io.reflex.core.execution;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Execution statuses, with StackStorm's lower-case wire names and status groups, and the one table of legal
 * status changes. Every status write in Reflex goes through {@link #check}; the store then applies it as a
 * compare-and-set, so a change is both legal and based on the latest record.
 *
 * <p>Completed statuses (succeeded, failed, timeout, canceled, abandoned) are final: a retry creates a new
 * execution. {@code abandoned} is reachable from every incomplete status because the process that owned
 * the execution can die at any point. Setting the status an execution already has is not a change and is
 * rejected, so callers notice lost races instead of silently writing twice.
 */
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

    /** Statuses a new execution may be created in. */
    public static final Set<ExecutionStatus> INITIAL = Set.copyOf(EnumSet.of(REQUESTED, DELAYED));

    private static final Map<ExecutionStatus, Set<ExecutionStatus>> LEGAL = new EnumMap<>(ExecutionStatus.class);

    static {
        allow(REQUESTED, SCHEDULED, DELAYED, CANCELING, CANCELED, FAILED, ABANDONED);
        allow(DELAYED, REQUESTED, SCHEDULED, CANCELING, CANCELED, FAILED, ABANDONED);
        allow(SCHEDULED, RUNNING, DELAYED, CANCELING, CANCELED, FAILED, ABANDONED);
        allow(RUNNING, SUCCEEDED, FAILED, TIMEOUT, ABANDONED, CANCELING, CANCELED, PENDING, PAUSING, PAUSED);
        allow(PENDING, SUCCEEDED, FAILED, TIMEOUT, CANCELING, CANCELED, ABANDONED, RUNNING);
        allow(PAUSING, PAUSED, SUCCEEDED, FAILED, TIMEOUT, CANCELING, CANCELED, ABANDONED);
        allow(PAUSED, RESUMING, CANCELING, CANCELED, ABANDONED);
        allow(RESUMING, RUNNING, SUCCEEDED, FAILED, TIMEOUT, CANCELING, CANCELED, ABANDONED);
        allow(CANCELING, CANCELED, ABANDONED);
        for (ExecutionStatus done : COMPLETED) {
            LEGAL.put(done, Set.of());
        }
    }

    private static void allow(ExecutionStatus from, ExecutionStatus... to) {
        LEGAL.put(from, Set.copyOf(EnumSet.of(to[0], to)));
    }

    public static boolean isLegal(ExecutionStatus from, ExecutionStatus to) {
        return from == null ? INITIAL.contains(to) : LEGAL.get(from).contains(to);
    }

    /**
     * Accepts a legal change and throws otherwise.
     *
     * @param from the current status, or null for a new execution
     * @throws IllegalTransitionException when the change is not in the table
     */
    public static void check(ExecutionStatus from, ExecutionStatus to) {
        if (!isLegal(from, to)) {
            throw new IllegalTransitionException(from, to);
        }
    }

    /** The statuses reachable in one step from {@code from}. */
    public static Set<ExecutionStatus> next(ExecutionStatus from) {
        return LEGAL.get(from);
    }

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
