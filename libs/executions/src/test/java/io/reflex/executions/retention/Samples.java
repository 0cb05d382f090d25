package io.reflex.executions.retention;

import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.model.ExecutionOutput;
import io.reflex.core.model.Inquiry;
import io.reflex.core.model.KeyValuePair;
import io.reflex.core.model.RuleEnforcement;
import io.reflex.core.model.RunnerType;
import io.reflex.core.model.Token;
import io.reflex.core.model.TriggerInstance;
import io.reflex.testing.contract.StateStoreSamples;
import java.time.Instant;
import java.util.List;

/** Records for retention tests, each at a chosen point in time. */
final class Samples {
    private Samples() {}

    /**
     * An execution of {@code action} started at {@code start}, moved through scheduled and running to
     * {@code status} at {@code end} (ignored for incomplete statuses).
     */
    static Execution execution(String id, String action, ExecutionStatus status, Instant start, Instant end) {
        Execution e = Execution.request(
                id,
                ExecutionStatus.REQUESTED,
                start,
                StateStoreSamples.actionSnapshot(action),
                RunnerType.named("local-shell-cmd"),
                Json.object());
        if (status == ExecutionStatus.REQUESTED) {
            return e;
        }
        e = e.transitionTo(ExecutionStatus.SCHEDULED, start).transitionTo(ExecutionStatus.RUNNING, start);
        if (status == ExecutionStatus.RUNNING) {
            return e;
        }
        return e.transitionTo(status, status.completed() ? end : start);
    }

    static ExecutionOutput output(String id, String executionId, Instant at) {
        return new ExecutionOutput(id, executionId, "core.local", "local-shell-cmd", at, "stdout", "line\n", null);
    }

    static Inquiry inquiry(String executionId, Instant at) {
        return new Inquiry(executionId, Json.object(), List.of(), List.of(), "", 60, at, null, null);
    }

    static TriggerInstance triggerInstance(String id, Instant at) {
        return new TriggerInstance(id, "core.st2.webhook", Json.object(), at, TriggerInstance.Status.PROCESSED);
    }

    static RuleEnforcement enforcement(String id, Instant at) {
        return new RuleEnforcement(
                id, "ti-" + id, null, null, new RuleEnforcement.RuleRef("examples.r", "r1", ""), at, null);
    }

    static Token token(String id, Instant expiry) {
        return new Token(id, "alice", id + "0123456789abcdef0123456789ab", expiry, Json.object(), false);
    }

    static KeyValuePair key(String id, Instant expiry) {
        return new KeyValuePair(id, "k-" + id, "v", false, KeyValuePair.SYSTEM, expiry);
    }
}
