package io.reflex.gc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.model.ExecutionOutput;
import io.reflex.core.model.RunnerType;
import io.reflex.executions.ExecutionWriter;
import io.reflex.testing.contract.StateStoreSamples;
import java.time.Instant;

/** Executions and output for gc tests, each at a chosen point in time. */
final class Records {
    private Records() {}

    /**
     * An execution started at {@code start} and moved through scheduled and running to {@code status} (at
     * {@code end} when that status is a completed one).
     */
    static Execution execution(String id, String runner, ExecutionStatus status, Instant start, Instant end) {
        Execution e = Execution.request(
                id,
                ExecutionStatus.REQUESTED,
                start,
                StateStoreSamples.actionSnapshot("core.local"),
                RunnerType.named(runner),
                Json.object().put("cmd", "date"));
        if (status == ExecutionStatus.REQUESTED) {
            return e;
        }
        e = e.transitionTo(ExecutionStatus.SCHEDULED, start).transitionTo(ExecutionStatus.RUNNING, start);
        if (status == ExecutionStatus.RUNNING) {
            return e;
        }
        if (status == ExecutionStatus.PAUSED) {
            return e.transitionTo(ExecutionStatus.PAUSING, start).transitionTo(ExecutionStatus.PAUSED, start);
        }
        return e.transitionTo(status, status.completed() ? end : start);
    }

    static Execution completed(String id, ExecutionStatus status, Instant start, Instant end) {
        return execution(id, "local-shell-cmd", status, start, end);
    }

    /** A pending {@code inquirer} execution whose result carries {@code ttl} (none when null). */
    static Execution inquiry(String id, Instant start, Integer ttl, String parent) {
        Execution e = execution(id, "inquirer", ExecutionStatus.PENDING, start, null);
        ObjectNode result = Json.object().put("route", "ops");
        if (ttl != null) {
            result.put("ttl", ttl);
        }
        return ExecutionWriter.oneStep(
                e, e.withResult(result).requestedWith(e.details().withParent(parent)));
    }

    static ExecutionOutput output(String id, String executionId, Instant at) {
        return new ExecutionOutput(id, executionId, "core.local", "local-shell-cmd", at, "stdout", "line\n", null);
    }
}
