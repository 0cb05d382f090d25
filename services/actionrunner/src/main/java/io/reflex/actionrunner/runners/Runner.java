package io.reflex.actionrunner.runners;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.execution.ExecutionStatus;
import java.util.Objects;

/**
 * One runner type (local-shell-cmd, python-script, http-request...). {@link #run} blocks until the action
 * finished, timed out or was canceled, streams output through the context while it runs, and reports the
 * status and result in StackStorm's shape. Runners hold no per-execution state; one instance serves all.
 */
public interface Runner {
    /** The runner type name, e.g. {@code local-shell-cmd}. */
    String name();

    Result run(RunContext context) throws Exception;

    /**
     * Whether a run needs the execution's temporary API token ({@code ST2_ACTION_AUTH_TOKEN} in its
     * environment); a runner that runs no action code and never calls the API says no, and none is made (a
     * store write and a delete spared per execution).
     */
    default boolean usesToken() {
        return true;
    }

    /** What a runner reports: the final (or, for inquiries, pending) status and the result. */
    record Result(ExecutionStatus status, JsonNode result) {
        public Result {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(result, "result");
        }
    }
}
