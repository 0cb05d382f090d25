package io.reflex.core.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.store.Entity;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The stored state of one orquesta workflow run; its id is the workflow's execution id. It changes only by
 * compare-and-set on {@code version} (see {@link #next}), so any workflow engine may continue any workflow:
 * each change is computed from the state read and written only if nobody wrote in between.
 *
 * <p>The conductor's state follows orquesta's: {@code contexts} (index 0 is the workflow's input and vars,
 * later ones what transitions published), {@code routes} (route 0 is the main one; a task reached again below a
 * split starts a new route), {@code sequence} (every task run, in the order started), {@code staged} (tasks
 * reached but not started: a join waiting for its inbound transitions). {@code launches} are the task actions
 * decided but not yet known to be requested: stored with the change that decided them and cleared once
 * launched, so an engine that dies in between leaves them for the next one (launching is idempotent: the child
 * id is derived). {@code closed} is set once the workflow's execution carries the final status and result.
 *
 * @param spec the workflow definition as loaded from its YAML
 * @param input the workflow's input (the execution's action parameters)
 * @param st2 what {@code ctx(st2)} shows (execution id, user, pack, api url...)
 * @param output the rendered output, once the workflow completed (null before, or when it has none)
 */
public record WorkflowExecution(
        String id,
        long version,
        ExecutionStatus status,
        String action,
        JsonNode spec,
        ObjectNode input,
        ObjectNode st2,
        List<ObjectNode> contexts,
        List<List<String>> routes,
        List<TaskRun> sequence,
        List<StagedTask> staged,
        List<WorkflowError> errors,
        JsonNode output,
        List<TaskLaunch> launches,
        boolean closed,
        Instant createdAt)
        implements Entity {
    public WorkflowExecution {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        action = action == null ? "" : action;
        spec = spec == null ? NullNode.getInstance() : spec;
        input = Json.objectOrEmpty(input);
        st2 = Json.objectOrEmpty(st2);
        contexts = contexts == null ? List.of() : List.copyOf(contexts);
        routes = routes == null
                ? List.of(List.of())
                : routes.stream().map(List::copyOf).toList();
        sequence = sequence == null ? List.of() : List.copyOf(sequence);
        staged = staged == null ? List.of() : List.copyOf(staged);
        errors = errors == null ? List.of() : List.copyOf(errors);
        output = output == null ? NullNode.getInstance() : output;
        launches = launches == null ? List.of() : List.copyOf(launches);
        createdAt = Timestamps.stored(Objects.requireNonNull(createdAt, "created_at"));
    }

    /** A workflow about to start: status {@code requested}, version 0, nothing run yet. */
    public static WorkflowExecution requested(
            String id, String action, JsonNode spec, ObjectNode input, ObjectNode st2, Instant at) {
        return new WorkflowExecution(
                id,
                0,
                ExecutionStatus.REQUESTED,
                action,
                spec,
                input,
                st2,
                List.of(),
                List.of(List.of()),
                List.of(),
                List.of(),
                List.of(),
                null,
                List.of(),
                false,
                at);
    }

    /**
     * The next version of this state: what a conductor step computed ({@code status} ... {@code launches}) on
     * top of this one, version + 1. Identity, action, definition, input and creation time never change.
     */
    public WorkflowExecution next(
            ExecutionStatus newStatus,
            List<ObjectNode> newContexts,
            List<List<String>> newRoutes,
            List<TaskRun> newSequence,
            List<StagedTask> newStaged,
            List<WorkflowError> newErrors,
            JsonNode newOutput,
            List<TaskLaunch> newLaunches,
            boolean newClosed) {
        return new WorkflowExecution(
                id,
                version + 1,
                newStatus,
                action,
                spec,
                input,
                st2,
                newContexts,
                newRoutes,
                newSequence,
                newStaged,
                newErrors,
                newOutput,
                newLaunches,
                newClosed,
                createdAt);
    }

    /** This state without the launches of {@code executionIds} (version + 1). */
    public WorkflowExecution withoutLaunches(java.util.Collection<String> executionIds) {
        return next(
                status,
                contexts,
                routes,
                sequence,
                staged,
                errors,
                output,
                launches.stream()
                        .filter(l -> !executionIds.contains(l.executionId()))
                        .toList(),
                closed);
    }

    /** This state marked closed: the workflow's execution carries its final status (version + 1). */
    public WorkflowExecution asClosed() {
        return next(status, contexts, routes, sequence, staged, errors, output, launches, true);
    }
}
