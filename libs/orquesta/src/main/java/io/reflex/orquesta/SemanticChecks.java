package io.reflex.orquesta;

import io.reflex.orquesta.InspectionError.Category;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks of a workflow's meaning that orquesta makes: no task named like an engine command, some task
 * to start with, every {@code do} target defined, no ambiguous join, an action for every with-items task.
 */
final class SemanticChecks {
    static final String TASKS = "tasks";
    static final String TASKS_SCHEMA = "properties.tasks";
    static final String TASK_SCHEMA = TASKS_SCHEMA + ".patternProperties.^\\w+$";

    static final String NO_START =
            "Unable to identify any tasks to start the workflow. If the workflow has a loop, please"
                    + " add a task that serves as an entry point (or lead) into the loop.";
    static final String UNREACHABLE_JOIN = "The join task \"%s\" is unreachable. A join task is determined to be"
            + " unreachable if there are nested forks from multi-referenced tasks that join on the said task. This is"
            + " ambiguous to the workflow engine because it does not know at which level should the join occurs.";

    private final TaskMap map;
    private final List<InspectionError> errors = new ArrayList<>();

    private SemanticChecks(TaskMap map) {
        this.map = map;
    }

    static List<InspectionError> check(TaskMap map) {
        SemanticChecks c = new SemanticChecks(map);
        c.reservedNames();
        c.startTasks();
        c.undefinedTasks();
        c.unreachableJoins();
        c.actionlessWithItems();
        return c.errors;
    }

    private void add(String message, String specPath, String schemaPath) {
        errors.add(InspectionError.of(Category.SEMANTICS, message, specPath, schemaPath));
    }

    private void reservedNames() {
        for (String name : map.tasks().keySet()) {
            if (EngineCommand.reserved(name)) {
                add(
                        "The task name \"" + name + "\" is reserved with special function.",
                        TASKS + "." + name,
                        TASK_SCHEMA);
            }
        }
    }

    private void startTasks() {
        if (!map.tasks().isEmpty() && map.starts().isEmpty()) {
            add(NO_START, TASKS, TASKS_SCHEMA);
        }
    }

    /** Walks from the start tasks; a target that is neither a task nor an engine command is an error. */
    private void undefinedTasks() {
        List<String> traversed = new ArrayList<>();
        Set<String> queued = new HashSet<>();
        ArrayDeque<String> queue = new ArrayDeque<>(map.starts());
        while (!queue.isEmpty()) {
            String name = queue.poll();
            traversed.add(name);
            for (Transition t : map.task(name).next()) {
                for (String target : t.targets()) {
                    if (traversed.contains(target)) {
                        continue;
                    }
                    if (!map.has(target)) {
                        add(
                                "The task \"" + target + "\" is not defined.",
                                TASKS + "." + name + ".next[" + t.index() + "].do",
                                TASK_SCHEMA + ".properties.next.items.properties.do");
                    } else if (!EngineCommand.reserved(target) && queued.add(target)) {
                        queue.add(target);
                    }
                }
            }
        }
    }

    /** What the walk of {@link #unreachableJoins} knows of one task. */
    private static final class Staged {
        final Set<String> splits = new LinkedHashSet<>();
        final Set<String> previous = new LinkedHashSet<>();
    }

    /** A step of that walk: from {@code from} to {@code task}, below the splits {@code splits}. */
    private record Step(String from, String task, List<String> splits) {}

    /**
     * A join is ambiguous when the paths into it come from different nestings of split tasks (tasks reached
     * by several transitions without joining them): the engine could not tell which arrivals belong together.
     */
    private void unreachableJoins() {
        Map<String, Staged> staging = new LinkedHashMap<>();
        Map<String, Set<String>> trackSplits = new HashMap<>();
        ArrayDeque<Step> queue = new ArrayDeque<>();
        map.starts().forEach(s -> queue.add(new Step(null, s, new ArrayList<>())));
        while (!queue.isEmpty()) {
            Step step = queue.poll();
            if (!map.tasks().containsKey(step.task())) {
                continue;
            }
            List<String> splits = new ArrayList<>(step.splits());
            if (map.isSplit(step.task()) && !map.inCycle(step.task())) {
                splits.add(step.task());
            }
            Staged staged = staging.computeIfAbsent(step.task(), k -> new Staged());
            staged.splits.addAll(splits);
            if (step.from() != null) {
                staged.previous.add(step.from());
            }
            for (TaskMap.Edge e : map.next(step.task())) {
                if (staging.containsKey(e.task()) && map.inCycle(e.task())) {
                    continue;
                }
                String id = step.task() + "_" + e.task();
                Set<String> existing = trackSplits.get(id);
                if (existing == null || existing.isEmpty()) {
                    queue.add(new Step(step.task(), e.task(), splits));
                    trackSplits.put(id, new HashSet<>(splits));
                } else if (!existing.containsAll(splits)) {
                    queue.add(new Step(step.task(), e.task(), splits));
                    existing.addAll(splits);
                }
            }
        }
        for (Map.Entry<String, Staged> e : staging.entrySet()) {
            if (!map.isJoin(e.getKey())) {
                continue;
            }
            for (String from : e.getValue().previous) {
                if (!e.getValue().splits.equals(staging.get(from).splits)) {
                    add(String.format(UNREACHABLE_JOIN, e.getKey()), TASKS + "." + e.getKey(), TASK_SCHEMA);
                    break;
                }
            }
        }
    }

    private void actionlessWithItems() {
        for (TaskSpec t : map.tasks().values()) {
            if (t.with().isPresent() && t.action().isEmpty()) {
                add("The action property is required for with items task.", TASKS + "." + t.name(), TASK_SCHEMA);
            }
        }
    }
}
