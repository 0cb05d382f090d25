package io.reflex.actionrunner;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.execution.Execution;
import io.reflex.core.json.Json;
import io.reflex.core.model.Policy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The coordinator semaphores an execution needs before it may run, from its action's enabled
 * {@code action.concurrency} and {@code action.concurrency.attr} policies: one semaphore per policy, named
 * after the action ref (plus the values of the policy's attributes in the execution's parameters for
 * {@code .attr}), with {@code threshold} permits. Holding a permit from before {@code scheduled} until the
 * execution completed is what StackStorm's "count of scheduled + running below threshold" means, across
 * every runner process at once. Sorted by name, so two executions needing the same two semaphores take
 * them in the same order. Pure.
 */
final class ConcurrencySlots {
    static final String CONCURRENCY = "action.concurrency";
    static final String CONCURRENCY_ATTR = "action.concurrency.attr";

    /**
     * One semaphore to hold.
     *
     * @param cancel the policy's {@code action} is {@code cancel} (else {@code delay}: wait for a permit)
     * @param policy the policy's ref, for logs
     */
    record Slot(String name, int permits, boolean cancel, String policy) {}

    private ConcurrencySlots() {}

    static List<Slot> of(List<Policy> policies, Execution e) {
        List<Slot> slots = new ArrayList<>();
        for (Policy p : policies) {
            if (!p.enabled() || !p.resourceRef().equals(e.actionRef())) {
                continue;
            }
            String name;
            if (p.policyType().equals(CONCURRENCY)) {
                name = e.actionRef();
            } else if (p.policyType().equals(CONCURRENCY_ATTR)) {
                name = e.actionRef() + "?" + attributes(p.parameters().path("attributes"), e);
            } else {
                continue;
            }
            // A threshold of 0 would admit nothing ever; StackStorm's schema allows it, we read it as 1.
            int permits = Math.max(1, p.parameters().path("threshold").asInt(1));
            boolean cancel = "cancel".equals(p.parameters().path("action").asText("delay"));
            slots.add(new Slot(name, permits, cancel, p.pack() + "." + p.name()));
        }
        slots.sort(Comparator.comparing(Slot::name));
        return slots;
    }

    /** {@code a=<json>&b=<json>} over the listed attributes, in the policy's order. */
    private static String attributes(JsonNode names, Execution e) {
        List<String> parts = new ArrayList<>();
        for (JsonNode n : names) {
            JsonNode value = e.parameters().get(n.asText());
            parts.add(n.asText() + "=" + (value == null ? "null" : Json.write(value)));
        }
        return String.join("&", parts);
    }
}
