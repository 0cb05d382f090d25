package io.reflex.core.execution;

/** A status change the execution state machine does not allow. */
public class IllegalTransitionException extends IllegalStateException {
    private final ExecutionStatus from;
    private final ExecutionStatus to;

    public IllegalTransitionException(ExecutionStatus from, ExecutionStatus to) {
        super(
                from == null
                        ? "an execution cannot start in status '" + to + "'"
                        : "illegal execution status change '" + from + "' -> '" + to + "'");
        this.from = from;
        this.to = to;
    }

    /** The current status, or null for a new execution. */
    public ExecutionStatus from() {
        return from;
    }

    public ExecutionStatus to() {
        return to;
    }
}
