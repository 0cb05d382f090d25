package io.reflex.core.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import java.util.Objects;

/**
 * A task action the workflow decided to run, stored until its child execution is known to be requested.
 *
 * @param executionId the child execution's id, derived from the workflow, task run, item and attempt
 * @param taskExecutionId the task run ({@link TaskRun#taskExecutionId()})
 * @param task the task's name
 * @param route the task's route
 * @param item the item index of a with-items task, null otherwise
 * @param action the action ref, rendered
 * @param input the action's parameters, rendered
 * @param delay seconds to wait before the action runs (task {@code delay} or retry delay), null for none
 */
public record TaskLaunch(
        String executionId,
        String taskExecutionId,
        String task,
        int route,
        Integer item,
        String action,
        ObjectNode input,
        Integer delay) {
    public TaskLaunch {
        Objects.requireNonNull(executionId, "execution_id");
        Objects.requireNonNull(taskExecutionId, "task_execution_id");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(action, "action");
        input = Json.objectOrEmpty(input);
    }
}
