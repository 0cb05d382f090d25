package io.reflex.workflowengine.conductor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.workflow.WorkflowExecution;
import io.reflex.core.workflow.WorkflowRerun;
import io.reflex.orquesta.Assignment;
import io.reflex.orquesta.WorkflowInput;
import io.reflex.orquesta.WorkflowSpec;
import io.reflex.templates.Datastore;
import io.reflex.workflowengine.conductor.Board.Run;
import java.util.List;
import java.util.Objects;

/**
 * Runs orquesta workflows, purely: given a workflow's stored state and one event (the workflow was requested,
 * a task's action execution completed), it answers the next state, which carries what to do next (task
 * actions to launch, {@link WorkflowExecution#launches()}; the final status and {@code output}/{@code errors}
 * once the workflow completed, {@link #result}). No I/O except {@code st2kv} reads through the datastore; the
 * same state and event always give the same answer, so an event applied twice changes nothing the second time
 * (the answer is then the state given, the same instance).
 *
 * <p>The semantics are orquesta's: transitions are evaluated in order when a task completes and publish into a
 * new context for the tasks they lead to; a join waits for its inbound transitions ({@code all} or a count); a
 * task that failed fails the workflow unless a transition took care of it ({@code noop}, another task; not
 * {@code continue}); {@code fail} fails the workflow but still runs the tasks staged beside it; a workflow
 * completes when no task is active or ready, with the output rendered from the contexts of the tasks that
 * ended its branches.
 */
public final class Conductor {
    private final Evaluator evaluator;
    private final Datastore datastore;

    public Conductor(Evaluator evaluator, Datastore datastore) {
        this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
        this.datastore = Objects.requireNonNull(datastore, "datastore");
    }

    /** The workflow definition and its graph, read once per definition. */
    public record Workflow(WorkflowSpec spec, io.reflex.orquesta.WorkflowGraph graph) {}

    /**
     * Starts a {@code requested} workflow: renders its input defaults and vars, then starts the tasks nothing
     * leads to; a re-run ({@link WorkflowRerun}) starts the tasks it staged. Any other status: the state as it is.
     */
    public WorkflowExecution start(WorkflowExecution state, Workflow workflow) {
        if (state.status() != ExecutionStatus.REQUESTED) {
            return state;
        }
        Board board = new Board(state);
        Step step = new Step(board, workflow, evaluator, datastore, user(state));
        board.status = ExecutionStatus.RUNNING;
        if (WorkflowRerun.seeded(state)) {
            step.settle(); // a re-run: its contexts are the original's, its chosen tasks staged
            return board.freeze();
        }
        try {
            board.contexts.add(initialContext(state, workflow.spec(), step));
        } catch (EvaluationException e) {
            board.contexts.add(Json.object());
            board.error(e.getMessage(), null, null, null, null);
            board.fail(); // no task ran, so no output is rendered either
            return board.freeze();
        }
        for (String start : workflow.graph().starts()) {
            board.staged.add(new Board.Staged(start, 0, List.of(0), java.util.Map.of()));
        }
        step.settle();
        return board.freeze();
    }

    /**
     * The task action {@code executionId} completed with {@code status} and {@code result}. An execution the
     * state does not wait for (already applied, an older attempt, not a task of this workflow) changes nothing.
     */
    public WorkflowExecution taskCompleted(
            WorkflowExecution state, Workflow workflow, String executionId, ExecutionStatus status, JsonNode result) {
        if (!status.completed() || state.status() == ExecutionStatus.REQUESTED || state.closed()) {
            return state;
        }
        Board board = new Board(state);
        Step step = new Step(board, workflow, evaluator, datastore, user(state));
        if (!step.actionCompleted(executionId, status, result)) {
            return state;
        }
        step.settle();
        return board.freeze();
    }

    /**
     * The action {@code executionId} of a task paused or waits for an answer ({@code paused}, {@code pending}):
     * the task is held and the workflow pauses, {@code pausing} while other tasks still run. An action the
     * state does not wait for, or already knows is held, changes nothing.
     */
    public WorkflowExecution taskHeld(
            WorkflowExecution state, Workflow workflow, String executionId, ExecutionStatus status) {
        if (!Board.held(status) || state.status() == ExecutionStatus.REQUESTED || state.closed()) {
            return state;
        }
        Board board = new Board(state);
        Step step = new Step(board, workflow, evaluator, datastore, user(state));
        if (!step.actionHeld(executionId, status)) {
            return state;
        }
        step.settle();
        return board.freeze();
    }

    /**
     * Pauses a running workflow: no task starts any more, and it is {@code paused} once no task runs (held
     * ones aside). Any other status: the state as it is.
     */
    public WorkflowExecution pause(WorkflowExecution state, Workflow workflow) {
        if (state.status() != ExecutionStatus.RUNNING || state.closed()) {
            return state;
        }
        return control(state, workflow, Step::pauseWorkflow);
    }

    /**
     * Resumes a pausing or paused workflow: held tasks go on and what became ready starts (it may complete at
     * once). Any other status: the state as it is.
     */
    public WorkflowExecution resume(WorkflowExecution state, Workflow workflow) {
        if (state.status() != ExecutionStatus.PAUSING && state.status() != ExecutionStatus.PAUSED || state.closed()) {
            return state;
        }
        return control(state, workflow, Step::resumeWorkflow);
    }

    /**
     * Cancels a workflow not completed yet: {@code canceling} while its tasks' actions are being canceled,
     * {@code canceled} (with its output) once none is active. A canceling or completed workflow: as it is.
     */
    public WorkflowExecution cancel(WorkflowExecution state, Workflow workflow) {
        ExecutionStatus s = state.status();
        if (s.completed() || s == ExecutionStatus.CANCELING || s == ExecutionStatus.REQUESTED || state.closed()) {
            return state;
        }
        return control(state, workflow, Step::cancelWorkflow);
    }

    private WorkflowExecution control(
            WorkflowExecution state, Workflow workflow, java.util.function.Consumer<Step> how) {
        Board board = new Board(state);
        Step step = new Step(board, workflow, evaluator, datastore, user(state));
        how.accept(step);
        step.settle();
        return board.freeze();
    }

    /** Whether a task of the workflow is held (paused, or pending an answer). */
    public static boolean holdsTasks(WorkflowExecution state) {
        return state.sequence().stream()
                .anyMatch(r -> r.status() != null
                        && !r.status().completed()
                        && (Board.held(r.status())
                                || r.items().stream().anyMatch(i -> i.status() != null && Board.held(i.status()))));
    }

    /** The child executions of the workflow's active task runs and items (what a pause or cancel reaches). */
    public static List<String> activeChildren(WorkflowExecution state) {
        List<String> out = new java.util.ArrayList<>();
        for (var r : state.sequence()) {
            if (r.status() == null || r.status().completed()) {
                continue;
            }
            if (r.executionId() != null) {
                out.add(r.executionId());
            }
            r.items().stream()
                    .filter(i -> i.executionId() != null
                            && i.status() != null
                            && !i.status().completed())
                    .forEach(i -> out.add(i.executionId()));
        }
        return out;
    }

    /** Whether the workflow completed and its execution still has to be given the final status and result. */
    public static boolean finished(WorkflowExecution state) {
        return state.status().completed()
                && !state.closed()
                && state.sequence().stream()
                        .noneMatch(r -> r.status() != null && !r.status().completed());
    }

    /**
     * StackStorm's workflow result: {@code {output, errors}}; an empty output is null, and {@code errors} is
     * there only when the workflow abended (failed, timed out, abandoned, canceled): a task failure that a
     * transition handled is logged, but a workflow that succeeded reports no errors.
     */
    public static ObjectNode result(WorkflowExecution state) {
        ObjectNode result = Json.object();
        JsonNode output = state.output();
        result.set(
                "output",
                output.isContainerNode() && output.isEmpty() ? Json.mapper().nullNode() : output.deepCopy());
        if (ExecutionStatus.FAILED_STATES.contains(state.status()) || state.status() == ExecutionStatus.CANCELED) {
            result.set("errors", Json.mapper().valueToTree(state.errors()));
        }
        return result;
    }

    private ObjectNode initialContext(WorkflowExecution state, WorkflowSpec spec, Step step)
            throws EvaluationException {
        ObjectNode ctx = Json.object();
        ctx.set("st2", state.st2().deepCopy());
        for (WorkflowInput in : spec.input()) {
            if (state.input().has(in.name())) {
                ctx.set(in.name(), state.input().get(in.name()).deepCopy());
            } else if (in.defaultValue().isPresent()) {
                ctx.set(in.name(), evaluator.render(in.defaultValue().get(), step.scope(ctx, null, 0, null)));
            } else {
                ctx.putNull(in.name());
            }
        }
        for (Assignment var : spec.vars()) {
            ctx.set(var.name(), evaluator.render(var.value(), step.scope(ctx, null, 0, null)));
        }
        return ctx;
    }

    private static String user(WorkflowExecution state) {
        return state.st2().path("user").asText("");
    }

    /** Run for tests: the run of {@code task} on route 0 as the state holds it. */
    static Run run(WorkflowExecution state, String task) {
        return new Board(state).latest(task, 0);
    }
}
