package io.reflex.orquesta;

import com.fasterxml.jackson.databind.node.IntNode;
import io.reflex.orquesta.WorkflowGraph.GraphTask;
import io.reflex.orquesta.WorkflowGraph.GraphTransition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Composes the {@link WorkflowGraph} the way orquesta's composer does: a walk from the start tasks that
 * records each task's join, retry policy and the split tasks above it (revisiting a task only when it is
 * reached below splits not seen before), and every transition once.
 */
final class GraphBuilder {
    /** {@code do: retry} without a retry of the task's own: retry while the condition holds (default: completed), 3 times. */
    static final String RETRY_WHEN = "<% completed() %>";

    static final int RETRY_COUNT = 3;

    private GraphBuilder() {}

    private record Visit(String task, List<String> splits) {}

    static WorkflowGraph build(TaskMap map) {
        Set<String> reached = new LinkedHashSet<>();
        Map<String, List<String>> splitsOf = new HashMap<>();
        Map<String, Set<String>> trackSplits = new HashMap<>();
        ArrayDeque<Visit> queue = new ArrayDeque<>();
        map.starts().forEach(s -> queue.add(new Visit(s, new ArrayList<>())));
        while (!queue.isEmpty()) {
            Visit v = queue.poll();
            if (EngineCommand.reserved(v.task()) || !map.tasks().containsKey(v.task())) {
                continue;
            }
            reached.add(v.task());
            List<String> splits = new ArrayList<>(v.splits());
            if (map.isSplit(v.task()) && !map.inCycle(v.task())) {
                splits.add(v.task());
            }
            if (!splits.isEmpty()) {
                splitsOf.put(v.task(), splits);
            }
            for (TaskMap.Edge e : map.next(v.task())) {
                if (e.task().equals(EngineCommand.RETRY.word())) {
                    continue;
                }
                if (reached.contains(e.task()) && map.inCycle(e.task())) {
                    continue;
                }
                Set<String> existing = trackSplits.get(e.task());
                if (existing == null || existing.isEmpty()) {
                    queue.add(new Visit(e.task(), splits));
                    trackSplits.put(e.task(), new HashSet<>(splits));
                } else if (!existing.containsAll(splits)) {
                    queue.add(new Visit(e.task(), splits));
                    existing.addAll(splits);
                }
            }
        }
        Map<String, GraphTask> tasks = new java.util.LinkedHashMap<>();
        List<GraphTransition> transitions = new ArrayList<>();
        for (String name : map.tasks().keySet()) {
            if (!reached.contains(name)) {
                continue;
            }
            TaskSpec spec = map.task(name);
            tasks.put(name, GraphTask.of(name, spec.join(), splitsOf.getOrDefault(name, List.of()), retry(spec)));
            transitions.addAll(transitions(spec));
        }
        return new WorkflowGraph(map.starts(), tasks, transitions);
    }

    private static Optional<RetrySpec> retry(TaskSpec spec) {
        Optional<RetrySpec> retry = spec.retry();
        for (Transition t : spec.next()) {
            if (t.targets().contains(EngineCommand.RETRY.word())) {
                retry = Optional.of(new RetrySpec(
                        Optional.of(t.when().orElse(RETRY_WHEN)), IntNode.valueOf(RETRY_COUNT), Optional.empty()));
            }
        }
        return retry;
    }

    private static List<GraphTransition> transitions(TaskSpec spec) {
        LinkedHashSet<GraphTransition> out = new LinkedHashSet<>();
        for (Transition t : spec.next()) {
            for (String target : t.targets()) {
                if (!target.equals(EngineCommand.RETRY.word())) {
                    out.add(new GraphTransition(spec.name(), target, t.when(), t.index(), EngineCommand.of(target)));
                }
            }
        }
        return List.copyOf(out);
    }
}
