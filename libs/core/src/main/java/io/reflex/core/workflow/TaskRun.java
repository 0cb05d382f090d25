package io.reflex.core.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.reflex.core.execution.ExecutionStatus;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One run of a task in a workflow (an entry of orquesta's task sequence).
 *
 * @param task the task's name
 * @param route the route it runs on
 * @param taskExecutionId the id of this run (children carry it as {@code context.orquesta.task_execution_id})
 * @param ctxIn the indexes of the contexts merged, in order, into the task's input context
 * @param prev the inbound transitions that led here ({@code <task>__t<index>}) and the sequence index of their
 *     task
 * @param next for each outbound transition ({@code <target>__t<index>}), whether it was taken
 * @param status null until known, then the task's status (running while its action runs)
 * @param term whether the run ended its branch (no transition followed it)
 * @param retry the retry policy and how often it was used, when the task has one
 * @param attempt 0 for the first run, then 1, 2... for each retry
 * @param executionId the child execution of the current attempt (null for a task without action or with items)
 * @param result the task's result: the action's result, or the list of item results
 * @param items the items of a with-items task, in order (empty otherwise)
 * @param concurrency how many items may run at once (null: all)
 */
public record TaskRun(
        String task,
        int route,
        String taskExecutionId,
        List<Integer> ctxIn,
        Map<String, Integer> prev,
        Map<String, Boolean> next,
        ExecutionStatus status,
        boolean term,
        RetryState retry,
        int attempt,
        String executionId,
        JsonNode result,
        List<ItemRun> items,
        Integer concurrency) {
    public TaskRun {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(taskExecutionId, "task_execution_id");
        ctxIn = ctxIn == null ? List.of() : List.copyOf(ctxIn);
        prev = prev == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(prev));
        next = next == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(next));
        result = result == null ? NullNode.getInstance() : result;
        items = items == null ? List.of() : List.copyOf(items);
    }

    /**
     * A retry policy in use.
     *
     * @param when the condition (null: retry on failure)
     * @param count how many retries at most
     * @param delay seconds before each retry
     * @param tally retries so far
     */
    public record RetryState(String when, int count, int delay, int tally) {}

    /**
     * One item of a with-items task.
     *
     * @param status null until launched
     * @param executionId its child execution, once launched
     * @param result its result once completed
     */
    public record ItemRun(ExecutionStatus status, String executionId, JsonNode result) {
        public ItemRun {
            result = result == null ? NullNode.getInstance() : result;
        }
    }
}
