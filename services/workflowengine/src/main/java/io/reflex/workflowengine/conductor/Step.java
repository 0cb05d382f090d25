package io.reflex.workflowengine.conductor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.store.Ids;
import io.reflex.core.workflow.TaskRun.ItemRun;
import io.reflex.core.workflow.TaskRun.RetryState;
import io.reflex.orquesta.Assignment;
import io.reflex.orquesta.EngineCommand;
import io.reflex.orquesta.Join;
import io.reflex.orquesta.TaskSpec;
import io.reflex.orquesta.WorkflowGraph.GraphTransition;
import io.reflex.templates.Datastore;
import io.reflex.workflowengine.conductor.Board.Run;
import io.reflex.workflowengine.conductor.Board.Staged;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One event applied to a {@link Board}: a task's completion (with its retry, transitions, publishes, routes
 * and joins) and then {@link #settle}: starting what became ready ({@link Starter}) and completing the workflow
 * when nothing is left to run.
 */
final class Step {
    /** Most tasks one event may complete in a row (tasks without action complete at once; a loop of them ends here). */
    static final int MAX_STEPS = 10_000;

    static final String FAILED_MESSAGE = "Execution failed. See result for details.";

    final Board board;
    final Conductor.Workflow workflow;
    final Evaluator evaluator;
    private final Datastore datastore;
    private final String user;
    private final Starter starter;
    private int steps;

    Step(Board board, Conductor.Workflow workflow, Evaluator evaluator, Datastore datastore, String user) {
        this.board = board;
        this.workflow = workflow;
        this.evaluator = evaluator;
        this.datastore = datastore;
        this.user = user;
        this.starter = new Starter(this);
    }

    Scope scope(ObjectNode vars, String task, int route, JsonNode result) {
        return new Scope(
                vars,
                task,
                route,
                result,
                null,
                new BoardRuns(
                        board,
                        t -> workflow.spec()
                                .task(t)
                                .map(spec -> spec.with().isPresent())
                                .orElse(false)),
                datastore,
                user);
    }

    /** Applies the completion of the action {@code executionId}; false when the state does not wait for it. */
    boolean actionCompleted(String executionId, ExecutionStatus status, JsonNode result) {
        ExecutionStatus taskStatus = taskStatus(status);
        for (Run run : board.runs) {
            if (!run.active()) {
                continue;
            }
            if (run.items.isEmpty() && executionId.equals(run.executionId)) {
                completeTask(run, taskStatus, result);
                return true;
            }
            for (int i = 0; i < run.items.size(); i++) {
                ItemRun item = run.items.get(i);
                if (executionId.equals(item.executionId())
                        && (item.status() == null || !item.status().completed())) {
                    run.items.set(i, new ItemRun(taskStatus, executionId, result));
                    starter.itemCompleted(run);
                    return true;
                }
            }
        }
        return false;
    }

    /** A task's status from its action's: a timeout or an abandoned action fails the task, as in orquesta. */
    static ExecutionStatus taskStatus(ExecutionStatus action) {
        return switch (action) {
            case SUCCEEDED -> ExecutionStatus.SUCCEEDED;
            case CANCELED -> ExecutionStatus.CANCELED;
            default -> ExecutionStatus.FAILED;
        };
    }

    /** The task run completed: retry it, or follow its transitions and update the workflow's status. */
    void completeTask(Run run, ExecutionStatus status, JsonNode result) {
        if (++steps > MAX_STEPS) {
            board.error(
                    "The workflow completed more than " + MAX_STEPS + " tasks at once; it is stopped.",
                    run.task,
                    run.route,
                    null,
                    null);
            board.fail();
            run.status = status;
            return;
        }
        run.status = status;
        run.result = result;
        ObjectNode ctx = board.context(run.ctxIn);
        Scope scope = scope(ctx, run.task, run.route, result);
        if (live() && retries(run, scope)) {
            run.retry = new RetryState(run.retry.when(), run.retry.count(), run.retry.delay(), run.retry.tally() + 1);
            run.attempt++;
            starter.relaunch(run);
            return;
        }
        if (status == ExecutionStatus.FAILED) {
            board.error(FAILED_MESSAGE, run.task, null, null, result);
        }
        boolean remediated = transitions(run, ctx, scope);
        if (status == ExecutionStatus.CANCELED && live()) {
            board.status = ExecutionStatus.CANCELING; // a canceled task cancels its workflow, as in orquesta
        } else if (status != ExecutionStatus.SUCCEEDED && !remediated && live()) {
            board.fail();
        }
        if (board.status.completed()) {
            run.term = true; // as orquesta: the task that ended the workflow ended its branch (its output reads it)
        }
    }

    /** Whether the workflow still goes on: running, or pausing or paused (which a failure still ends). */
    boolean live() {
        return board.status == ExecutionStatus.RUNNING
                || board.status == ExecutionStatus.PAUSING
                || board.status == ExecutionStatus.PAUSED;
    }

    /**
     * The action {@code executionId} of an active task run paused or waits for an answer ({@code paused},
     * {@code pending}): its run (or item) is held, and the workflow pauses once nothing else runs. False when
     * the state does not wait for that action or already knows it is held.
     */
    boolean actionHeld(String executionId, ExecutionStatus status) {
        ExecutionStatus held = status == ExecutionStatus.PENDING ? ExecutionStatus.PENDING : ExecutionStatus.PAUSED;
        for (Run run : board.runs) {
            if (!run.active()) {
                continue;
            }
            if (run.items.isEmpty() && executionId.equals(run.executionId)) {
                if (run.status == held) {
                    return false;
                }
                run.status = held;
                pauseWorkflow();
                return true;
            }
            for (int i = 0; i < run.items.size(); i++) {
                ItemRun item = run.items.get(i);
                if (executionId.equals(item.executionId()) && item.status() == ExecutionStatus.RUNNING) {
                    run.items.set(i, new ItemRun(held, executionId, item.result()));
                    if (run.items.stream().noneMatch(x -> x.status() == ExecutionStatus.RUNNING)) {
                        run.status = ExecutionStatus.PAUSED;
                    }
                    pauseWorkflow();
                    return true;
                }
            }
        }
        return false;
    }

    /** A running workflow starts pausing ({@link #settle} makes it paused once nothing runs). */
    void pauseWorkflow() {
        if (board.status == ExecutionStatus.RUNNING) {
            board.status = ExecutionStatus.PAUSING;
        }
    }

    /**
     * A pausing or paused workflow runs again: held runs and items go on (their actions are resumed by the
     * engine), with-items tasks launch the items the pause held back, and {@link #settle} starts what is staged.
     */
    void resumeWorkflow() {
        board.status = ExecutionStatus.RUNNING;
        for (Run run : List.copyOf(board.runs)) {
            if (!run.active()) {
                continue;
            }
            for (int i = 0; i < run.items.size(); i++) {
                ItemRun item = run.items.get(i);
                if (item.status() != null && Board.held(item.status())) {
                    run.items.set(i, new ItemRun(ExecutionStatus.RUNNING, item.executionId(), item.result()));
                }
            }
            if (Board.held(run.status)) {
                run.status = ExecutionStatus.RUNNING;
            }
            if (!run.items.isEmpty() && run.items.stream().anyMatch(i -> i.status() == null)) {
                starter.itemCompleted(run);
            }
        }
    }

    /**
     * The workflow is canceled: it is {@code canceling} until its active tasks completed (the engine cancels
     * their actions); a with-items task held by a pause ends at once with its unstarted items canceled.
     */
    void cancelWorkflow() {
        board.status = ExecutionStatus.CANCELING;
        for (Run run : List.copyOf(board.runs)) {
            if (run.active()
                    && !run.items.isEmpty()
                    && run.items.stream()
                            .noneMatch(i -> i.status() != null && !i.status().completed())) {
                starter.itemCompleted(run);
            }
        }
    }

    private boolean retries(Run run, Scope scope) {
        RetryState retry = run.retry;
        if (retry == null || retry.tally() >= retry.count()) {
            return false;
        }
        if (retry.when() == null) {
            return run.status == ExecutionStatus.FAILED;
        }
        try {
            return evaluator.holds(retry.when(), scope);
        } catch (EvaluationException e) {
            board.error(e.getMessage(), run.task, run.route, null, null);
            board.fail();
            return false;
        }
    }

    /**
     * Evaluates the run's outbound transitions in order; for each taken one publishes and stages its target.
     *
     * @return whether a taken transition leads somewhere other than {@code continue} (a failure is then handled)
     */
    private boolean transitions(Run run, ObjectNode ctx, Scope scope) {
        List<GraphTransition> outbound = workflow.graph().outbound(run.task);
        if (outbound.isEmpty()) {
            run.term = true;
            return false;
        }
        TaskSpec spec = workflow.spec().task(run.task).orElseThrow();
        boolean remediated = false;
        boolean manualFail = false;
        List<Staged> readied = new ArrayList<>();
        for (GraphTransition t : outbound) {
            String id = t.to() + "__t" + t.ref();
            boolean taken;
            try {
                taken = t.when().isEmpty() || evaluator.holds(t.when().get(), scope);
            } catch (EvaluationException e) {
                run.next.put(id, false);
                board.error(e.getMessage(), run.task, run.route, id, null);
                board.fail();
                continue;
            }
            run.next.put(id, taken);
            if (!taken) {
                continue;
            }
            List<Integer> out;
            try {
                out = publish(run, ctx, spec.next().get(t.ref()).publish(), id);
            } catch (EvaluationException e) {
                board.error(e.getMessage(), run.task, run.route, id, null);
                board.fail();
                continue;
            }
            if (t.command().isPresent()) {
                EngineCommand c = t.command().get();
                remediated |= c != EngineCommand.CONTINUE;
                manualFail |= c == EngineCommand.FAIL;
                command(run, c, out);
                continue;
            }
            remediated = true;
            Staged staged = stage(run, t, out);
            if (staged != null) {
                readied.add(staged);
            }
        }
        if (manualFail) {
            readied.forEach(s -> s.runOnFail = true);
        }
        return remediated;
    }

    /** The run's input contexts plus a new one holding what the transition published, if anything. */
    private List<Integer> publish(Run run, ObjectNode ctx, List<Assignment> publish, String transition)
            throws EvaluationException {
        List<Integer> out = new ArrayList<>(run.ctxIn);
        if (publish.isEmpty()) {
            return out;
        }
        ObjectNode rolling = ctx.deepCopy();
        ObjectNode published = Json.object();
        for (Assignment a : publish) {
            JsonNode v = evaluator.render(a.value(), scope(rolling, run.task, run.route, run.result));
            rolling.set(a.name(), v);
            published.set(a.name(), v);
        }
        board.contexts.add(published);
        out.add(board.contexts.size() - 1);
        return out;
    }

    /** {@code noop}, {@code fail} or {@code continue}: a run of its own that ends the branch. */
    private void command(Run from, EngineCommand c, List<Integer> ctxIn) {
        int index = board.runs.indexOf(from);
        Run run = new Run(
                c.word(),
                from.route,
                Ids.derived(
                        board.stored.id(), c.word(), Integer.toString(from.route), Integer.toString(board.runs.size())),
                ctxIn,
                Map.of(c.word() + "__t" + index, index),
                true);
        run.status = c == EngineCommand.FAIL ? ExecutionStatus.FAILED : ExecutionStatus.SUCCEEDED;
        run.term = true;
        board.runs.add(run);
        if (c == EngineCommand.FAIL) {
            board.error(FAILED_MESSAGE, c.word(), null, null, null);
            board.fail();
        }
    }

    /** Stages {@code t}'s target on its route; the staged task when it is ready to start, else null. */
    private Staged stage(Run from, GraphTransition t, List<Integer> out) {
        String target = t.to();
        int route = route(from, t);
        String backref = from.task + "__t" + t.ref();
        int index = board.runs.indexOf(from);
        boolean barrier = workflow.graph().barrier(target).isPresent();
        if (barrier && board.latest(target, route) != null) {
            return null; // the join already ran on this route: a late arrival of a join count
        }
        Staged staged = board.stagedTask(target, route);
        if (staged == null) {
            staged = new Staged(target, route, out, Map.of(backref, index));
            board.staged.add(staged);
        } else {
            out.stream().filter(i -> i != 0).forEach(staged.ctxIn::add);
            staged.prev.put(backref, index);
        }
        return !barrier || joined(target, from.route) ? staged : null;
    }

    /** Whether enough of {@code task}'s inbound transitions were taken on {@code route} (orquesta's inbound criteria). */
    boolean joined(String task, int route) {
        Join join = workflow.graph().barrier(task).orElse(null);
        Map<String, Boolean> bySource = new LinkedHashMap<>();
        for (GraphTransition in : workflow.graph().inbound(task)) {
            Run prev = board.latest(in.from(), route);
            boolean taken = prev != null && Boolean.TRUE.equals(prev.next.get(task + "__t" + in.ref()));
            bySource.merge(in.from(), taken, Boolean::logicalOr);
        }
        long arrived = bySource.values().stream().filter(b -> b).count();
        int required = join == null ? 1 : join.all() ? bySource.size() : join.count();
        return arrived >= required;
    }

    private boolean isSplit(String task) {
        var node = workflow.graph().task(task).orElse(null);
        return node != null
                && !node.splits().isEmpty()
                && node.splits().get(node.splits().size() - 1).equals(task);
    }

    /** The route of {@code t}'s target: a new one below a split task, the same one otherwise. */
    private int route(Run from, GraphTransition t) {
        if (!isSplit(t.to())) {
            return from.route;
        }
        List<String> details = new ArrayList<>(board.routes.get(from.route));
        String via = from.task + "__t" + t.ref();
        if (details.contains(via)) {
            return from.route;
        }
        details.add(via);
        int existing = board.routes.indexOf(details);
        if (existing >= 0) {
            return existing;
        }
        board.routes.add(List.copyOf(details));
        return board.routes.size() - 1;
    }

    /**
     * Starts every staged task that is ready (while the workflow runs, or, when it failed, those a {@code fail}
     * transition staged), repeatedly, then completes the workflow when no task is active or ready.
     */
    void settle() {
        boolean progress = true;
        while (progress && steps <= MAX_STEPS) {
            progress = false;
            for (Staged s : List.copyOf(board.staged)) {
                boolean mayRun = board.status == ExecutionStatus.RUNNING
                        || (board.status == ExecutionStatus.FAILED && s.runOnFail);
                boolean ready =
                        workflow.graph().barrier(s.task).isEmpty() || joined(s.task, s.route) || s.prev.isEmpty();
                if (mayRun && ready) {
                    board.staged.remove(s);
                    starter.start(s);
                    progress = true;
                }
            }
        }
        if (board.status == ExecutionStatus.PAUSING || board.status == ExecutionStatus.PAUSED) {
            board.status = board.hasRunningRuns() ? ExecutionStatus.PAUSING : ExecutionStatus.PAUSED;
            return;
        }
        if (!board.hasActiveRuns() && !board.status.completed()) {
            complete();
        } else if (board.status.completed() && !board.hasActiveRuns() && board.output.isNull()) {
            WorkflowOutput.render(this);
        }
    }

    private void complete() {
        if (board.status == ExecutionStatus.RUNNING) {
            Set<String> unreachable = new HashSet<>();
            board.staged.stream()
                    .filter(s -> workflow.graph().barrier(s.task).isPresent())
                    .forEach(s -> unreachable.add(s.task + "|" + s.route));
            for (Staged s : board.staged) {
                if (unreachable.contains(s.task + "|" + s.route)) {
                    board.error(
                            "UnreachableJoinError: The join task|route \"" + s.task + "|" + s.route
                                    + "\" is partially satisfied but unreachable.",
                            s.task,
                            s.route,
                            null,
                            null);
                }
            }
            board.status = unreachable.isEmpty() ? ExecutionStatus.SUCCEEDED : ExecutionStatus.FAILED;
        } else if (board.status == ExecutionStatus.CANCELING) {
            board.status = ExecutionStatus.CANCELED;
        }
        WorkflowOutput.render(this);
    }
}
