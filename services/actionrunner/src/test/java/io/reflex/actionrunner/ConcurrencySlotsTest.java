package io.reflex.actionrunner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.model.Policy;
import io.reflex.core.model.RunnerType;
import io.reflex.testing.contract.StateStoreSamples;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConcurrencySlotsTest {
    private static Execution execution(String params) {
        return Execution.request(
                "e1",
                ExecutionStatus.REQUESTED,
                Timestamps.now(),
                StateStoreSamples.actionSnapshot("p.a"),
                RunnerType.named("noop"),
                Json.read(params, ObjectNode.class));
    }

    private static Policy policy(String name, String ref, String type, boolean enabled, String params) {
        return new Policy(name, name, "p", "", enabled, ref, type, Json.read(params, ObjectNode.class), "");
    }

    @Test
    void concurrencyPolicyIsOneSemaphoreNamedAfterTheActionWithThresholdPermits() {
        List<Admission.Slot> slots = Admission.slots(
                List.of(policy("c", "p.a", "action.concurrency", true, "{\"threshold\": 3}")), execution("{}"));
        assertThat(slots).containsExactly(new Admission.Slot("p.a", 3, false, "p.c"));
    }

    @Test
    void attributePolicyNamesTheSemaphoreByTheAttributeValues() {
        List<Admission.Slot> slots = Admission.slots(
                List.of(policy(
                        "c",
                        "p.a",
                        "action.concurrency.attr",
                        true,
                        "{\"threshold\": 1, \"action\": \"cancel\", \"attributes\": [\"host\", \"port\"]}")),
                execution("{\"host\": \"db1\", \"port\": 5432}"));
        assertThat(slots).containsExactly(new Admission.Slot("p.a?host=\"db1\"&port=5432", 1, true, "p.c"));
    }

    @Test
    void disabledForeignAndOtherPoliciesAreIgnoredAndSlotsAreSortedByName() {
        List<Admission.Slot> slots = Admission.slots(
                List.of(
                        policy(
                                "z",
                                "p.a",
                                "action.concurrency.attr",
                                true,
                                "{\"threshold\": 2, \"attributes\": [\"k\"]}"),
                        policy("off", "p.a", "action.concurrency", false, "{\"threshold\": 1}"),
                        policy("other", "p.b", "action.concurrency", true, "{\"threshold\": 1}"),
                        policy("retry", "p.a", "action.retry", true, "{\"retry_on\": \"failure\"}"),
                        policy("a", "p.a", "action.concurrency", true, "{\"threshold\": 0}")),
                execution("{\"k\": \"v\"}"));
        assertThat(slots).extracting(Admission.Slot::name).containsExactly("p.a", "p.a?k=\"v\"");
        assertThat(slots.get(0).permits()).as("a threshold of 0 admits one").isEqualTo(1);
    }
}
