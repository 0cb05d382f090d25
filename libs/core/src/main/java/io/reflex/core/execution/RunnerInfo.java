package io.reflex.core.execution;

import java.util.Objects;

/** The runner process that claimed an execution (StackStorm's {@code runner_info}). */
public record RunnerInfo(String hostname, long pid) {
    public RunnerInfo {
        Objects.requireNonNull(hostname, "hostname");
    }
}
