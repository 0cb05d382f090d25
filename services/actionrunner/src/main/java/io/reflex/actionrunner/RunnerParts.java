package io.reflex.actionrunner;

import io.reflex.core.execution.Execution.RunnerInfo;
import io.reflex.core.store.ExecutionStore;
import io.reflex.executions.ExecutionResults;
import io.reflex.executions.ExecutionWriter;
import java.time.Clock;
import java.util.Objects;

/**
 * What claiming, heartbeating and finishing an execution share.
 *
 * @param runnerInfo StackStorm's {@code runner_info} written on claim: {@code {hostname, pid}}
 */
record RunnerParts(
        RunnerSettings settings,
        Clock clock,
        ExecutionStore executions,
        ExecutionWriter writer,
        ExecutionResults results,
        RunnerInfo runnerInfo) {
    RunnerParts {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(executions, "executions");
        Objects.requireNonNull(writer, "writer");
        Objects.requireNonNull(results, "results");
        Objects.requireNonNull(runnerInfo, "runnerInfo");
    }
}
