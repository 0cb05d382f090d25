package io.reflex.core.workflow;

import io.reflex.core.workflow.TaskRun.ItemRun;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A task reached by a transition but not started: a join waiting for more inbound transitions.
 *
 * @param task the task's name
 * @param route its route
 * @param ctxIn the contexts merged into its input context, in arrival order
 * @param prev the inbound transitions that arrived and the sequence index of their task
 * @param runOnFail set when a transition that also said {@code fail} staged it: it runs although the workflow fails
 * @param items for a with-items task staged again by a re-run without reset: the items of its last run, those to
 *     run again with a null status (empty otherwise: every item runs)
 */
public record StagedTask(
        String task,
        int route,
        List<Integer> ctxIn,
        Map<String, Integer> prev,
        boolean runOnFail,
        List<ItemRun> items) {
    public StagedTask {
        Objects.requireNonNull(task, "task");
        ctxIn = ctxIn == null ? List.of() : List.copyOf(ctxIn);
        prev = prev == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(prev));
        items = items == null ? List.of() : List.copyOf(items);
    }

    public StagedTask(String task, int route, List<Integer> ctxIn, Map<String, Integer> prev, boolean runOnFail) {
        this(task, route, ctxIn, prev, runOnFail, List.of());
    }
}
