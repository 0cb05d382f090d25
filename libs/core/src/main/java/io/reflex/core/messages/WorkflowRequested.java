package io.reflex.core.messages;

import java.util.Objects;

/**
 * A workflow execution is running and its stored workflow state ({@link io.reflex.core.workflow.WorkflowExecution})
 * waits for a workflow engine to start or continue it. The state is the truth; a redelivery is harmless. Version 1.
 */
public record WorkflowRequested(String executionId) {
    public WorkflowRequested {
        Objects.requireNonNull(executionId, "execution_id");
    }
}
