package io.reflex.actionrunner.runners;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * One runner type (local-shell-cmd, python-script, http-request...). {@link #run} blocks until the action
 * finished, timed out or was canceled, streams output through the context while it runs, and reports the
 * status and result in StackStorm's shape. Runners hold no per-execution state; one instance serves all.
 * The contract's parts live here: what a run is given ({@link RunContext}), where its output goes while it
 * runs ({@link OutputSink}) and what it reports ({@link Result}).
 */
public interface Runner {
    /** The runner type name, e.g. {@code local-shell-cmd}. */
    String name();

    Result run(RunContext context) throws Exception;

    /**
     * Whether a run needs the execution's temporary API token ({@code ST2_ACTION_AUTH_TOKEN} in its
     * environment); a runner that runs no action code and never calls the API says no, and none is made (a
     * store write and a delete spared per execution).
     */
    default boolean usesToken() {
        return true;
    }

    /** What a runner reports: the final (or, for inquiries, pending) status and the result. */
    record Result(ExecutionStatus status, JsonNode result) {
        public Result {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(result, "result");
        }
    }

    /**
     * Everything a runner needs for one execution. {@code runnerParameters} and {@code actionParameters} are
     * rendered and already split (StackStorm passes only action parameters to scripts); {@code schema} is the
     * merged parameter schema (positions, secrets). {@code packDir} is the materialised pack version the
     * execution was requested with. {@code env} holds the ST2_ACTION_* variables. {@code canceled} turns true
     * when the run must stop (a cancel request, or the runner shutting down); {@code actionContext} is the
     * execution's context (user, parent, rule...), which workflow runners pass on to their tasks;
     * {@code supervision} ties the action's OS processes to this runner (design rule 13).
     */
    record RunContext(
            String executionId,
            String actionRef,
            String actionName,
            String pack,
            String entryPoint,
            ObjectNode runnerParameters,
            ObjectNode actionParameters,
            ObjectNode schema,
            Path packDir,
            Map<String, String> env,
            ObjectNode packConfig,
            String user,
            OutputSink output,
            BooleanSupplier canceled,
            ObjectNode actionContext,
            Supervision supervision) {
        public RunContext {
            actionContext = Json.objectOrEmpty(actionContext);
            supervision = supervision == null ? Supervision.NONE : supervision;
        }

        /**
         * {@link #packDir()}, for runners that read from it.
         *
         * @throws IOException saying so when the directory is gone (the pack was removed after registration)
         */
        public Path existingPackDir() throws IOException {
            if (!Files.isDirectory(packDir)) {
                throw new IOException("pack directory " + packDir + " does not exist");
            }
            return packDir;
        }

        /** The runner's {@code timeout} parameter, or {@code fallback}. */
        public Duration timeout(Duration fallback) {
            return runnerParameters.hasNonNull("timeout")
                    ? Duration.ofMillis(
                            Math.round(runnerParameters.get("timeout").asDouble() * 1000))
                    : fallback;
        }

        public String runnerString(String name, String fallback) {
            return runnerParameters.hasNonNull(name)
                    ? runnerParameters.get(name).asText()
                    : fallback;
        }

        public boolean runnerBool(String name) {
            return runnerParameters.path(name).asBoolean(false);
        }
    }

    /**
     * Receives an action's output while it runs, one line at a time, on the thread that read it (calls for the
     * two streams may come from two threads at once). Implementations must not block for long: the action's
     * pipe fills while they do.
     */
    @FunctionalInterface
    interface OutputSink {
        /** {@code stream} is {@code stdout} or {@code stderr}; {@code line} keeps its trailing newline. */
        void line(String stream, String line);
    }
}
