package io.reflex.orquesta;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The task graph of a workflow, what an engine walks: the tasks reachable from the {@link #starts} (tasks
 * nothing leads to), and every transition between them, in the order the definition writes them (by
 * transition, then by target). A transition to an engine command ({@code noop}, {@code fail},
 * {@code continue}) has no target task; {@code do: retry} is no transition but the task's retry policy.
 *
 * @param starts the start tasks, by name
 * @param tasks the reachable tasks, in the order the definition writes them
 * @param transitions every transition, grouped by source task in {@link #tasks} order
 */
public record WorkflowGraph(List<String> starts, Map<String, GraphTask> tasks, List<GraphTransition> transitions) {
    public WorkflowGraph {
        starts = List.copyOf(starts);
        tasks = Collections.unmodifiableMap(new LinkedHashMap<>(tasks));
        transitions = List.copyOf(transitions);
    }

    /** One task of the graph. */
    public record GraphTask(String name, Optional<Join> barrier, List<String> splits, Optional<RetrySpec> retry) {
        public GraphTask {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(barrier, "barrier");
            splits = List.copyOf(splits);
            Objects.requireNonNull(retry, "retry");
        }

        /**
         * @param barrier the task's join: it runs once that many inbound transitions arrived
         * @param splits the split tasks (reached by several transitions without a join) above this one,
         *     outermost first: each arrival at a split starts its own route below it
         * @param retry the task's retry policy ({@code retry} or a {@code do: retry} transition)
         */
        static GraphTask of(String name, Optional<Join> barrier, List<String> splits, Optional<RetrySpec> retry) {
            return new GraphTask(name, barrier, splits, retry);
        }
    }

    /**
     * One transition: when {@code from} completes and {@link #when} holds, go to {@link #to}.
     *
     * @param ref the index of the transition in {@code from}'s {@code next}, which says what it publishes
     * @param command set when {@code to} is an engine command rather than a task
     */
    public record GraphTransition(
            String from, String to, Optional<String> when, int ref, Optional<EngineCommand> command) {
        public GraphTransition {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(when, "when");
            Objects.requireNonNull(command, "command");
        }
    }

    public Optional<GraphTask> task(String name) {
        return Optional.ofNullable(tasks.get(name));
    }

    /** The transitions out of {@code task}, in the order written. */
    public List<GraphTransition> outbound(String task) {
        return transitions.stream().filter(t -> t.from().equals(task)).toList();
    }

    /** The transitions into {@code task} (engine commands have none), in graph order. */
    public List<GraphTransition> inbound(String task) {
        List<GraphTransition> out = new ArrayList<>();
        for (GraphTransition t : transitions) {
            if (t.to().equals(task) && t.command().isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    public int inboundCount(String task) {
        return inbound(task).size();
    }

    /** {@code task}'s join, if it has one. */
    public Optional<Join> barrier(String task) {
        return task(task).flatMap(GraphTask::barrier);
    }

    /** How many inbound transitions must arrive before {@code task} runs: 1 without a join. */
    public int required(String task) {
        return barrier(task).map(j -> j.required(inboundCount(task))).orElse(1);
    }
}
