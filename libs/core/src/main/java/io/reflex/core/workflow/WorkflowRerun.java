package io.reflex.core.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.workflow.TaskRun.ItemRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The state a re-run of a completed workflow from chosen tasks starts from: everything the original run did
 * and published is kept (its contexts, routes and task runs, so the tasks after the chosen ones read what
 * the earlier tasks published), and each chosen task is staged again on the route it last ran on, with the
 * same input context, under the new execution's id (so its children get new ids). A with-items task runs only
 * its items that failed or never ran, keeping the results of the others, unless it is reset: then every item
 * runs again (orquesta's {@code reset}). The workflow's errors and output start empty. Status
 * {@code requested}: the workflow engine starts it, running the staged tasks.
 */
public final class WorkflowRerun {
    /** The re-run cannot be made from that state. */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    private WorkflowRerun() {}

    /**
     * @param original the completed workflow's state
     * @param id the new execution's id
     * @param st2 what {@code ctx(st2)} shows in the new run
     * @param tasks the tasks to run again (at least one)
     * @param reset the with-items tasks among {@code tasks} whose every item runs again
     * @throws Refused when the original did not complete, or a task never ran in it
     */
    public static WorkflowExecution from(
            WorkflowExecution original,
            String id,
            ObjectNode st2,
            List<String> tasks,
            Collection<String> reset,
            Instant at) {
        if (!original.status().completed()) {
            throw new Refused("Unable to re-run workflow execution \"" + original.id()
                    + "\" because it is not in a completed state ("
                    + original.status().wire() + ").");
        }
        Set<String> missing = new LinkedHashSet<>(tasks);
        original.sequence().forEach(r -> missing.remove(r.task()));
        if (!missing.isEmpty()) {
            throw new Refused("Unable to re-run workflow execution because one or more requested tasks are not found: "
                    + String.join(", ", missing) + ".");
        }
        List<TaskRun> sequence = new ArrayList<>();
        List<StagedTask> staged = new ArrayList<>();
        List<TaskRun> runs = original.sequence();
        for (int i = 0; i < runs.size(); i++) {
            TaskRun r = runs.get(i);
            boolean again = tasks.contains(r.task()) && latest(runs, i);
            if (again) {
                List<ItemRun> items = reset.contains(r.task()) ? List.of() : kept(r.items());
                staged.add(new StagedTask(r.task(), r.route(), r.ctxIn(), r.prev(), false, items));
            }
            sequence.add(again ? ended(r) : r);
        }
        List<ObjectNode> contexts = new ArrayList<>(original.contexts());
        if (!contexts.isEmpty()) {
            ObjectNode first = contexts.get(0).deepCopy();
            first.set("st2", st2.deepCopy());
            contexts.set(0, first);
        }
        return new WorkflowExecution(
                id,
                0,
                ExecutionStatus.REQUESTED,
                original.action(),
                original.spec(),
                original.input(),
                st2,
                contexts,
                original.routes(),
                sequence,
                staged,
                List.of(),
                null,
                List.of(),
                false,
                at);
    }

    /**
     * The items of a with-items run as a re-run without reset starts them: an item that failed, or never ran,
     * runs again (status null); the others keep their status, child and result (orquesta re-runs only its
     * abended items).
     */
    private static List<ItemRun> kept(List<ItemRun> items) {
        List<ItemRun> out = new ArrayList<>();
        for (ItemRun item : items) {
            boolean again = item.status() == null || item.status() == ExecutionStatus.FAILED;
            out.add(again ? new ItemRun(null, null, null) : item);
        }
        return out;
    }

    /** Whether run {@code i} is its task's latest on its route. */
    private static boolean latest(List<TaskRun> runs, int i) {
        TaskRun r = runs.get(i);
        for (int j = i + 1; j < runs.size(); j++) {
            if (runs.get(j).task().equals(r.task()) && runs.get(j).route() == r.route()) {
                return false;
            }
        }
        return true;
    }

    /** The earlier run of a task run again: history, no longer the end of its branch. */
    private static TaskRun ended(TaskRun r) {
        return new TaskRun(
                r.task(),
                r.route(),
                r.taskExecutionId(),
                r.ctxIn(),
                r.prev(),
                r.next(),
                r.status(),
                false,
                r.retry(),
                r.attempt(),
                r.executionId(),
                r.result(),
                r.items(),
                r.concurrency());
    }

    /** Whether {@code state} was made by {@link #from}: it starts from the contexts it carries. */
    public static boolean seeded(WorkflowExecution state) {
        return state.status() == ExecutionStatus.REQUESTED && !state.contexts().isEmpty();
    }
}
