package io.reflex.testing;

import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;

/** How many executions ran at once, read from the records alone: for concurrency-policy tests. */
public final class ExecutionOverlap {
    private ExecutionOverlap() {}

    /**
     * The largest number of [running, end] intervals (from the records' status logs) that overlap at one
     * instant. Every execution must have reached {@code running} and ended; otherwise this throws.
     */
    public static int mostOverlapping(List<Execution> executions) {
        TreeMap<Instant, Integer> deltas = new TreeMap<>();
        for (Execution e : executions) {
            Instant started = e.log().stream()
                    .filter(c -> c.status() == ExecutionStatus.RUNNING)
                    .map(Execution.StatusChange::timestamp)
                    .findFirst()
                    .orElseThrow();
            deltas.merge(started, 1, Integer::sum);
            deltas.merge(e.endTimestamp(), -1, Integer::sum);
        }
        int now = 0;
        int most = 0;
        for (int d : deltas.values()) {
            now += d;
            most = Math.max(most, now);
        }
        return most;
    }
}
