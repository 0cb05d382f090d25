package io.reflex.core.workflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One entry of a workflow's {@code errors}, in orquesta's shape: {@code {type: error, message, task_id, route,
 * task_transition_id, result}}; absent parts are left out of the JSON.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkflowError(
        String type, String message, String taskId, Integer route, String taskTransitionId, JsonNode result) {
    public WorkflowError {
        type = type == null ? "error" : type;
        Objects.requireNonNull(message, "message");
    }

    public static WorkflowError of(String message) {
        return new WorkflowError("error", message, null, null, null, null);
    }
}
