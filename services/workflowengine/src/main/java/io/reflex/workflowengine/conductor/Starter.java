package io.reflex.workflowengine.conductor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.store.Ids;
import io.reflex.core.workflow.TaskLaunch;
import io.reflex.core.workflow.TaskRun.ItemRun;
import io.reflex.core.workflow.TaskRun.RetryState;
import io.reflex.orquesta.RetrySpec;
import io.reflex.orquesta.TaskSpec;
import io.reflex.orquesta.WithItems;
import io.reflex.workflowengine.conductor.Board.Run;
import io.reflex.workflowengine.conductor.Board.Staged;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts task runs: renders the action, its input and delay in the task's context and records the launch (a
 * with-items task: one launch per item, at most {@code concurrency} at once); a task without action, or with no
 * items, completes at once. The child execution id of a launch is derived from (workflow, task run, item,
 * attempt), and the task run's id from (workflow, task, route, its place in the sequence), so the same state
 * always names the same children.
 */
final class Starter {
    private final Step step;
    private final Board board;

    Starter(Step step) {
        this.step = step;
        this.board = step.board;
    }

    void start(Staged s) {
        String runId =
                Ids.derived(board.stored.id(), s.task, Integer.toString(s.route), Integer.toString(board.runs.size()));
        Run run = new Run(s.task, s.route, runId, s.ctxIn, s.prev, false);
        TaskSpec spec = step.workflow.spec().task(s.task).orElseThrow();
        Scope scope = step.scope(board.context(run.ctxIn), run.task, run.route, null);
        try {
            run.retry = retry(spec, scope);
        } catch (EvaluationException e) {
            fail(run, e);
            return;
        }
        board.runs.add(run);
        run.status = ExecutionStatus.RUNNING;
        run.items.addAll(s.items);
        launch(run, spec, scope, delay(spec, scope, run));
    }

    /** Runs the task again (a retry): a new attempt of the action, or of every item. */
    void relaunch(Run run) {
        TaskSpec spec = step.workflow.spec().task(run.task).orElseThrow();
        Scope scope = step.scope(board.context(run.ctxIn), run.task, run.route, null);
        run.status = ExecutionStatus.RUNNING;
        run.result = NullNode.getInstance();
        run.items.clear();
        run.executionId = null;
        launch(run, spec, scope, run.retry.delay() > 0 ? run.retry.delay() : null);
    }

    private void launch(Run run, TaskSpec spec, Scope scope, Integer delay) {
        if (run.status == null) {
            return; // the delay could not be evaluated
        }
        if (spec.with().isPresent()) {
            startItems(run, spec, spec.with().get(), scope, delay);
            return;
        }
        if (spec.action().isEmpty()) {
            step.completeTask(run, ExecutionStatus.SUCCEEDED, NullNode.getInstance());
            return;
        }
        try {
            run.executionId = childId(run, null);
            board.launches.add(launchOf(run, null, spec, scope, delay));
        } catch (EvaluationException e) {
            run.executionId = null;
            failRunning(run, e);
        }
    }

    private void startItems(Run run, TaskSpec spec, WithItems with, Scope scope, Integer delay) {
        List<JsonNode> items;
        try {
            items = items(with, scope);
            run.concurrency = concurrency(with, scope);
        } catch (EvaluationException e) {
            failRunning(run, e);
            return;
        }
        List<ItemRun> kept = List.copyOf(run.items);
        run.items.clear();
        for (int i = 0; i < items.size(); i++) {
            boolean keep = i < kept.size() && kept.get(i).status() != null;
            run.items.add(keep ? kept.get(i) : new ItemRun(null, null, items.get(i)));
        }
        if (items.isEmpty() || spec.action().isEmpty()) {
            List<ItemRun> done = new ArrayList<>();
            items.forEach(i -> done.add(new ItemRun(ExecutionStatus.SUCCEEDED, null, NullNode.getInstance())));
            run.items.clear();
            run.items.addAll(done);
            step.completeTask(run, ExecutionStatus.SUCCEEDED, itemResults(run));
            return;
        }
        launchItems(run, spec, scope, delay);
        if (!kept.isEmpty()
                && run.items.stream()
                        .allMatch(i -> i.status() != null && i.status().completed())) {
            itemCompleted(run); // a re-run that kept every item: nothing to launch
        }
    }

    /** An item completed: launch the next ones the concurrency allows, or complete the task after the last. */
    void itemCompleted(Run run) {
        TaskSpec spec = step.workflow.spec().task(run.task).orElseThrow();
        if (board.status == ExecutionStatus.RUNNING) {
            launchItems(run, spec, step.scope(board.context(run.ctxIn), run.task, run.route, null), null);
        }
        boolean active = run.items.stream()
                .anyMatch(i -> i.status() != null && !i.status().completed());
        boolean notRun = run.items.stream().anyMatch(i -> i.status() == null);
        if (active || (notRun && board.status == ExecutionStatus.RUNNING)) {
            if (active && run.items.stream().noneMatch(i -> i.status() == ExecutionStatus.RUNNING)) {
                run.status = ExecutionStatus.PAUSED; // what still runs is held
            }
            return;
        }
        if (notRun && (board.status == ExecutionStatus.PAUSING || board.status == ExecutionStatus.PAUSED)) {
            run.status = ExecutionStatus.PAUSED; // the rest of the items wait for the workflow to resume
            return;
        }
        ExecutionStatus status = ExecutionStatus.SUCCEEDED;
        for (ItemRun i : run.items) {
            if (i.status() == ExecutionStatus.CANCELED || i.status() == null) {
                status = ExecutionStatus.CANCELED;
            } else if (i.status() == ExecutionStatus.FAILED && status == ExecutionStatus.SUCCEEDED) {
                status = ExecutionStatus.FAILED;
            }
        }
        step.completeTask(run, status, itemResults(run));
    }

    private void launchItems(Run run, TaskSpec spec, Scope scope, Integer delay) {
        long active = run.items.stream()
                .filter(i -> i.status() != null && !i.status().completed())
                .count();
        for (int i = 0; i < run.items.size(); i++) {
            if (run.concurrency != null && active >= Math.max(1, run.concurrency)) {
                return;
            }
            ItemRun item = run.items.get(i);
            if (item.status() != null) {
                continue;
            }
            try {
                String child = childId(run, i);
                board.launches.add(launchOf(run, i, spec, scope.withItem(item.result()), delay));
                run.items.set(i, new ItemRun(ExecutionStatus.RUNNING, child, NullNode.getInstance()));
                active++;
            } catch (EvaluationException e) {
                run.items.set(i, new ItemRun(ExecutionStatus.FAILED, null, NullNode.getInstance()));
                board.error(e.getMessage(), run.task, run.route, null, null);
                board.fail();
                return;
            }
        }
    }

    private TaskLaunch launchOf(Run run, Integer item, TaskSpec spec, Scope scope, Integer delay)
            throws EvaluationException {
        String action = step.evaluator
                .render(Json.mapper().valueToTree(spec.action().get()), scope)
                .asText();
        JsonNode input =
                spec.input().isPresent() ? step.evaluator.render(spec.input().get(), scope) : Json.object();
        if (!(input instanceof ObjectNode in)) {
            throw new EvaluationException("ValueError: the input of task \"" + run.task + "\" is not a mapping.");
        }
        return new TaskLaunch(childId(run, item), run.taskExecutionId, run.task, run.route, item, action, in, delay);
    }

    private String childId(Run run, Integer item) {
        return Ids.derived(
                board.stored.id(),
                run.taskExecutionId,
                item == null ? "-" : Integer.toString(item),
                Integer.toString(run.attempt));
    }

    /** The item values: named items become mappings ({@code x, y in zip(...)} gives {@code {x, y}}). */
    private List<JsonNode> items(WithItems with, Scope scope) throws EvaluationException {
        JsonNode list = step.evaluator.render(Json.mapper().valueToTree(with.expression()), scope);
        if (!list.isArray()) {
            throw new EvaluationException("TypeError: The value of \"" + with.expression() + "\" is not type of list.");
        }
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode v : list) {
            if (with.variables().isEmpty()) {
                out.add(v);
            } else if (with.variables().size() == 1) {
                out.add(Json.object().set(with.variables().get(0), v));
            } else {
                ObjectNode named = Json.object();
                for (int k = 0; k < with.variables().size(); k++) {
                    named.set(with.variables().get(k), v.isArray() ? v.path(k) : NullNode.getInstance());
                }
                out.add(named);
            }
        }
        return out;
    }

    private Integer concurrency(WithItems with, Scope scope) throws EvaluationException {
        if (with.concurrency().isEmpty()) {
            return null;
        }
        JsonNode c = step.evaluator.render(with.concurrency().get(), scope);
        return c.isNull() ? null : integer(c, "concurrency");
    }

    private RetryState retry(TaskSpec spec, Scope scope) throws EvaluationException {
        RetrySpec r =
                step.workflow.graph().task(spec.name()).flatMap(t -> t.retry()).orElse(null);
        if (r == null) {
            return null;
        }
        int count = integer(step.evaluator.render(r.count(), scope), "retry count");
        int delay =
                r.delay().isPresent() ? integer(step.evaluator.render(r.delay().get(), scope), "retry delay") : 0;
        return new RetryState(r.when().orElse(null), count, delay, 0);
    }

    private Integer delay(TaskSpec spec, Scope scope, Run run) {
        if (spec.delay().isEmpty()) {
            return null;
        }
        try {
            return integer(step.evaluator.render(spec.delay().get(), scope), "task delay");
        } catch (EvaluationException e) {
            failRunning(run, e);
            run.status = null;
            return null;
        }
    }

    private static int integer(JsonNode v, String what) throws EvaluationException {
        if (!v.isIntegralNumber()) {
            throw new EvaluationException("TypeError: The value of " + what + " is not type of integer.");
        }
        return v.intValue();
    }

    /** The task could not be started: the error is logged and the workflow fails (orquesta's rendering failure). */
    private void fail(Run run, EvaluationException e) {
        board.error(e.getMessage(), run.task, run.route, null, null);
        board.fail();
    }

    private void failRunning(Run run, EvaluationException e) {
        board.runs.remove(run);
        fail(run, e);
    }

    /** The list result of a with-items task. */
    private static ArrayNode itemResults(Run run) {
        ArrayNode out = Json.mapper().createArrayNode();
        run.items.forEach(i -> out.add(i.result()));
        return out;
    }
}
