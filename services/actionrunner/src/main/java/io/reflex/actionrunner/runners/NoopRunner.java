package io.reflex.actionrunner.runners;

import io.reflex.actionrunner.runners.Runner.RunContext;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;

/** {@code noop}: succeeds at once with StackStorm's noop result. */
public final class NoopRunner implements Runner {
    @Override
    public String name() {
        return "noop";
    }

    @Override
    public boolean usesToken() {
        return false;
    }

    @Override
    public Runner.Result run(RunContext context) {
        return new Runner.Result(
                ExecutionStatus.SUCCEEDED,
                Json.object().put("failed", false).put("succeeded", true).put("return_code", 0));
    }
}
