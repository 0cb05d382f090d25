package io.reflex.core.execution;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.model.Action;
import io.reflex.core.model.RunnerType;
import java.util.Objects;

/**
 * An action with everything needed to request or run it: its runner type, its parameter schema merged over
 * the runner's ({@link ParameterSchema#merge}, every override taken), and the content hash of its pack
 * ({@code ""} when the pack is not registered). Made once, where an action is looked up, and carried from there:
 * the execution keeps its parts ({@link Execution#resolved()}).
 */
public record ResolvedAction(Action action, RunnerType runner, ObjectNode parameterSchema, String packVersion) {
    public ResolvedAction {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(runner, "runner");
        Objects.requireNonNull(parameterSchema, "parameter_schema");
        packVersion = packVersion == null ? "" : packVersion;
    }

    /** {@code action} run by {@code runner}, its schema merged here. */
    public static ResolvedAction of(Action action, RunnerType runner, String packVersion) {
        return new ResolvedAction(
                action,
                runner,
                ParameterSchema.merge(runner.runnerParameters(), action.parameters(), null),
                packVersion);
    }

    public String ref() {
        return action.ref();
    }

    public String runnerName() {
        return runner.name();
    }
}
