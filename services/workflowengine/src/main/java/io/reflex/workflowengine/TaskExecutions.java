package io.reflex.workflowengine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionContext;
import io.reflex.core.execution.ExecutionStateMachine;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.store.StateStore;
import io.reflex.core.workflow.TaskLaunch;
import io.reflex.core.workflow.WorkflowExecution;
import io.reflex.executions.ExecutionLauncher;
import io.reflex.executions.ExecutionResults;
import io.reflex.executions.ExecutionWriter;
import java.time.Clock;
import java.util.Optional;

/**
 * The workflow engine's one contact with executions: launching a task's child execution, reading a completed
 * child, and giving the workflow's own execution its final status and result. Every method is idempotent:
 * launching an id that exists finds it ({@link ExecutionLauncher} inserts if absent), finishing a completed
 * execution writes nothing. Blocking (store and bus calls).
 */
final class TaskExecutions {
    /** A child execution that completed: its workflow, status and whole result. */
    record Completion(String workflowId, ExecutionStatus status, JsonNode result) {}

    private final StateStore store;
    private final ExecutionLauncher launcher;
    private final ExecutionWriter writer;
    private final ExecutionResults results;
    private final Clock clock;

    TaskExecutions(
            StateStore store,
            ExecutionLauncher launcher,
            ExecutionWriter writer,
            ExecutionResults results,
            Clock clock) {
        this.store = store;
        this.launcher = launcher;
        this.writer = writer;
        this.results = results;
        this.clock = clock;
    }

    /** The completed child {@code id}, if it exists, ran a workflow task and completed. */
    Optional<Completion> completion(String id) {
        return store.executions()
                .get(id)
                .filter(e -> e.status().completed())
                .filter(e -> e.context().workflowExecutionId() != null)
                .map(e -> new Completion(e.context().workflowExecutionId(), e.status(), results.whole(e)));
    }

    /**
     * Requests the child execution of {@code launch} (with {@code context.orquesta} and {@code parent}), or finds
     * the one requested before.
     *
     * @throws ExecutionLauncher.Refused when the action cannot run (unknown, disabled, parameters refused)
     */
    void launch(WorkflowExecution workflow, TaskLaunch launch) {
        ObjectNode context = Json.object();
        ObjectNode parent = context.putObject("parent");
        parent.put("execution_id", workflow.id());
        parent.put("user", user(workflow));
        parent.put("pack", workflow.st2().path("pack").asText(""));
        ObjectNode orquesta = context.putObject("orquesta");
        orquesta.put("workflow_execution_id", workflow.id());
        orquesta.put("task_execution_id", launch.taskExecutionId());
        orquesta.put("task_name", launch.task());
        orquesta.put("task_id", launch.task());
        orquesta.put("task_route", launch.route());
        if (launch.item() != null) {
            orquesta.put("item_id", launch.item());
        }
        Integer delayMs = launch.delay() == null || launch.delay() <= 0 ? null : launch.delay() * 1000;
        launcher.launch(new ExecutionLauncher.Launch(
                launch.executionId(),
                launcher.resolver().resolve(launch.action()),
                launch.input(),
                user(workflow),
                ExecutionContext.of(context),
                null,
                delayMs,
                null));
    }

    /**
     * Gives the workflow's execution {@code status} and {@code result} unless it already completed.
     *
     * @return false when the execution does not exist
     */
    boolean finish(String id, ExecutionStatus status, JsonNode result) {
        if (store.executions().get(id).isEmpty()) {
            return false;
        }
        writer.apply(id, e -> {
            if (e.status().completed() || !ExecutionStateMachine.isLegal(e.status(), status)) {
                return e;
            }
            return e.transitionTo(status, Timestamps.now(clock)).withResult(result);
        });
        return true;
    }

    private static String user(WorkflowExecution workflow) {
        return workflow.st2().path("user").asText("stanley");
    }

    /** Whether {@code e} is an execution this adapter can read as a task (for tests). */
    static boolean isTask(Execution e) {
        return e.context().orquesta() != null;
    }
}
