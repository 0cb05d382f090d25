package io.reflex.orquesta;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The questions orquesta asks of a workflow's tasks: where each task leads ({@link #next}), what leads to
 * it ({@link #previous}), where the workflow starts, which tasks join, split or sit in a loop. An engine
 * command in {@code do} ({@code noop}, {@code fail}...) counts as a task without transitions, and a task
 * defined under an engine command's name is treated as that command. Answers are computed once.
 */
final class TaskMap {
    /** One way out of a task: to {@code task} when {@code condition} (null: always), from transition {@code index}. */
    record Edge(String task, String condition, int index) {}

    private static final TaskSpec COMMAND = new TaskSpec(
            "",
            Optional.empty(),
            Optional.empty(),
            List.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());

    private final Map<String, TaskSpec> tasks;
    private final Map<String, List<Edge>> next = new HashMap<>();
    private final Map<String, List<Edge>> previous = new HashMap<>();
    private final Map<String, Boolean> cycles = new HashMap<>();
    private final List<String> starts;

    TaskMap(WorkflowSpec spec) {
        this.tasks = new LinkedHashMap<>(spec.tasks());
        for (String name : tasks.keySet()) {
            for (Edge e : next(name)) {
                previous.computeIfAbsent(e.task(), k -> new ArrayList<>())
                        .add(new Edge(name, e.condition(), e.index()));
            }
        }
        previous.values().forEach(l -> l.sort(Comparator.comparing(Edge::task)));
        this.starts = tasks.keySet().stream()
                .filter(t -> previous(t).isEmpty())
                .sorted()
                .toList();
    }

    Map<String, TaskSpec> tasks() {
        return tasks;
    }

    /** Whether {@code name} is a task or an engine command. */
    boolean has(String name) {
        return EngineCommand.reserved(name) || tasks.containsKey(name);
    }

    TaskSpec task(String name) {
        return EngineCommand.reserved(name) ? COMMAND : tasks.getOrDefault(name, COMMAND);
    }

    /** Where {@code name} leads, ordered by target name (orquesta's order), each transition's targets in turn. */
    List<Edge> next(String name) {
        return next.computeIfAbsent(name, n -> {
            List<Edge> out = new ArrayList<>();
            for (Transition t : task(n).next()) {
                for (String target : t.targets()) {
                    out.add(new Edge(target, t.when().orElse(null), t.index()));
                }
            }
            out.sort(Comparator.comparing(Edge::task));
            return List.copyOf(out);
        });
    }

    /** The defined tasks leading to {@code name}, ordered by their names. */
    List<Edge> previous(String name) {
        return previous.getOrDefault(name, List.of());
    }

    /** The tasks nothing leads to, by name. */
    List<String> starts() {
        return starts;
    }

    boolean isJoin(String name) {
        return task(name).join().isPresent();
    }

    /** A task reached by more than one transition that does not join them: it runs once per arrival. */
    boolean isSplit(String name) {
        return !isJoin(name) && previous(name).size() > 1;
    }

    /** Whether following transitions from {@code name} can lead back to it. */
    boolean inCycle(String name) {
        return cycles.computeIfAbsent(name, this::leadsBack);
    }

    private boolean leadsBack(String name) {
        Set<String> traversed = new HashSet<>();
        ArrayDeque<String> queue = new ArrayDeque<>();
        next(name).forEach(e -> queue.add(e.task()));
        while (!queue.isEmpty()) {
            String t = queue.poll();
            if (t.equals(name)) {
                return true;
            }
            if (traversed.add(t)) {
                next(t).forEach(e -> queue.add(e.task()));
            }
        }
        return false;
    }
}
