package io.reflex.workflowengine.conductor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.workflow.StagedTask;
import io.reflex.core.workflow.TaskLaunch;
import io.reflex.core.workflow.TaskRun;
import io.reflex.core.workflow.TaskRun.ItemRun;
import io.reflex.core.workflow.TaskRun.RetryState;
import io.reflex.core.workflow.WorkflowError;
import io.reflex.core.workflow.WorkflowExecution;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The conductor's working copy of a {@link WorkflowExecution}: mutable while one event is applied, then frozen
 * into the next version ({@link #freeze}). Never shared between threads.
 */
final class Board {
    final WorkflowExecution stored;
    ExecutionStatus status;
    final List<ObjectNode> contexts;
    final List<List<String>> routes;
    final List<Run> runs = new ArrayList<>();
    final List<Staged> staged = new ArrayList<>();
    final List<WorkflowError> errors;
    JsonNode output;
    final List<TaskLaunch> launches;

    /** A task run being changed (see {@link TaskRun} for the fields). */
    static final class Run {
        final String task;
        final int route;
        final String taskExecutionId;
        final List<Integer> ctxIn;
        final Map<String, Integer> prev;
        final Map<String, Boolean> next;
        ExecutionStatus status;
        boolean term;
        RetryState retry;
        int attempt;
        String executionId;
        JsonNode result;
        final List<ItemRun> items;
        Integer concurrency;
        /** Engine commands ({@code noop}, {@code fail}, {@code continue}) are runs too: they end a branch. */
        final boolean command;

        Run(
                String task,
                int route,
                String taskExecutionId,
                List<Integer> ctxIn,
                Map<String, Integer> prev,
                boolean command) {
            this.task = task;
            this.route = route;
            this.taskExecutionId = taskExecutionId;
            this.ctxIn = new ArrayList<>(ctxIn);
            this.prev = new LinkedHashMap<>(prev);
            this.next = new LinkedHashMap<>();
            this.items = new ArrayList<>();
            this.result = NullNode.getInstance();
            this.command = command;
        }

        boolean active() {
            return status != null && !status.completed();
        }

        /** Active and not waiting (a paused subworkflow, a pending inquiry, items held by a pause). */
        boolean running() {
            return active() && !held(status);
        }

        TaskRun freeze() {
            return new TaskRun(
                    command ? "__" + task : task,
                    route,
                    taskExecutionId,
                    ctxIn,
                    prev,
                    next,
                    status,
                    term,
                    retry,
                    attempt,
                    executionId,
                    result,
                    items,
                    concurrency);
        }

        static Run thaw(TaskRun r) {
            boolean command = r.task().startsWith("__");
            Run run = new Run(
                    command ? r.task().substring(2) : r.task(),
                    r.route(),
                    r.taskExecutionId(),
                    r.ctxIn(),
                    r.prev(),
                    command);
            run.next.putAll(r.next());
            run.status = r.status();
            run.term = r.term();
            run.retry = r.retry();
            run.attempt = r.attempt();
            run.executionId = r.executionId();
            run.result = r.result();
            run.items.addAll(r.items());
            run.concurrency = r.concurrency();
            return run;
        }
    }

    /** A staged task being changed (see {@link StagedTask}). */
    static final class Staged {
        final String task;
        final int route;
        final List<Integer> ctxIn;
        final Map<String, Integer> prev;
        boolean runOnFail;
        /** A re-run's kept items of a with-items task (see {@link StagedTask#items}). */
        List<ItemRun> items = List.of();

        Staged(String task, int route, List<Integer> ctxIn, Map<String, Integer> prev) {
            this.task = task;
            this.route = route;
            this.ctxIn = new ArrayList<>(ctxIn);
            this.prev = new LinkedHashMap<>(prev);
        }
    }

    Board(WorkflowExecution stored) {
        this.stored = stored;
        this.status = stored.status();
        this.contexts = new ArrayList<>(stored.contexts());
        this.routes = new ArrayList<>(stored.routes());
        stored.sequence().forEach(r -> runs.add(Run.thaw(r)));
        stored.staged().forEach(s -> {
            Staged st = new Staged(s.task(), s.route(), s.ctxIn(), s.prev());
            st.runOnFail = s.runOnFail();
            st.items = s.items();
            staged.add(st);
        });
        this.errors = new ArrayList<>(stored.errors());
        this.output = stored.output();
        this.launches = new ArrayList<>(stored.launches());
    }

    WorkflowExecution freeze() {
        return stored.next(
                status,
                contexts,
                routes,
                runs.stream().map(Run::freeze).toList(),
                staged.stream()
                        .map(s -> new StagedTask(s.task, s.route, s.ctxIn, s.prev, s.runOnFail, s.items))
                        .toList(),
                errors,
                output,
                launches,
                stored.closed());
    }

    /** The contexts {@code indexes} merged in order (later values win). */
    ObjectNode context(List<Integer> indexes) {
        ObjectNode out = Json.object();
        for (int i : indexes) {
            out.setAll(contexts.get(i).deepCopy());
        }
        return out;
    }

    /** The latest run of {@code task} on {@code route}, or null. */
    Run latest(String task, int route) {
        for (int i = runs.size() - 1; i >= 0; i--) {
            Run r = runs.get(i);
            if (!r.command && r.task.equals(task) && r.route == route) {
                return r;
            }
        }
        return null;
    }

    Staged stagedTask(String task, int route) {
        return staged.stream()
                .filter(s -> s.task.equals(task) && s.route == route)
                .findFirst()
                .orElse(null);
    }

    boolean hasActiveRuns() {
        return runs.stream().anyMatch(Run::active);
    }

    boolean hasRunningRuns() {
        return runs.stream().anyMatch(Run::running);
    }

    /** Whether a task or item in {@code status} waits for someone else: paused, or pending an answer. */
    static boolean held(ExecutionStatus status) {
        return status == ExecutionStatus.PAUSED || status == ExecutionStatus.PENDING;
    }

    /** The workflow fails, unless it is being canceled: a canceled workflow ends canceled whatever else fails. */
    void fail() {
        if (status != ExecutionStatus.CANCELING && status != ExecutionStatus.CANCELED) {
            status = ExecutionStatus.FAILED;
        }
    }

    void error(String message, String task, Integer route, String transition, JsonNode result) {
        WorkflowError e = new WorkflowError("error", message, task, route, transition, result);
        if (!errors.contains(e)) {
            errors.add(e);
        }
    }
}
