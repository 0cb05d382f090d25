package io.reflex.core.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.execution.ExecutionStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The state a re-run of a completed workflow from chosen tasks starts from: everything the original run did
 * and published is kept (its contexts, routes and task runs, so the tasks after the chosen ones read what
 * the earlier tasks published), and each chosen task is staged again on the route it last ran on, with the
 * same input context, under the new execution's id (so its children get new ids). The workflow's errors and
 * output start empty. Status {@code requested}: the workflow engine starts it, running the staged tasks.
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
     * @throws Refused when the original did not complete, or a task never ran in it
     */
    public static WorkflowExecution from(
            WorkflowExecution original, String id, ObjectNode st2, List<String> tasks, Instant at) {
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
                staged.add(new StagedTask(r.task(), r.route(), r.ctxIn(), r.prev(), false));
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
