package io.reflex.core.workflow;

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
 */
public record StagedTask(String task, int route, List<Integer> ctxIn, Map<String, Integer> prev, boolean runOnFail) {
    public StagedTask {
        Objects.requireNonNull(task, "task");
        ctxIn = ctxIn == null ? List.of() : List.copyOf(ctxIn);
        prev = prev == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(prev));
    }
}
