package io.reflex.actionrunner.runners;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.actionrunner.runners.Runner.RunContext;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code local-shell-cmd} (runs {@code cmd} through bash) and {@code local-shell-script} (runs the pack's
 * entry point with StackStorm's argument passing). {@code env} is added to the environment, {@code cwd} is
 * the working directory, {@code sudo} runs through {@code sudo -E} ({@code -S} with the password on stdin
 * when {@code sudo_password} is set).
 */
public final class LocalShellRunner implements Runner {
    /** Like Python's json.loads: the whole text must be one JSON value. */
    private static final ObjectReader STRICT =
            Json.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final boolean script;

    private LocalShellRunner(boolean script) {
        this.script = script;
    }

    public static LocalShellRunner command() {
        return new LocalShellRunner(false);
    }

    public static LocalShellRunner script() {
        return new LocalShellRunner(true);
    }

    @Override
    public String name() {
        return script ? "local-shell-script" : "local-shell-cmd";
    }

    @Override
    public Runner.Result run(RunContext ctx) throws Exception {
        var refused = ShellArguments.envRefusal(ctx.runnerParameters().get("env"));
        if (refused.isPresent()) {
            return new Runner.Result(ExecutionStatus.FAILED, Json.object().put("error", refused.get()));
        }
        String commandLine = script ? scriptCommand(ctx) : ctx.runnerString("cmd", "");
        if (commandLine.isBlank()) {
            return new Runner.Result(
                    ExecutionStatus.FAILED,
                    Json.object().put("error", script ? "the action has no entry point" : "parameter 'cmd' is empty"));
        }
        if (ctx.runnerBool("debug")) {
            commandLine = "set -x; " + commandLine;
        }
        List<String> command = new ArrayList<>();
        String stdin = null;
        if (ctx.runnerBool("sudo")) {
            String password = ctx.runnerString("sudo_password", "");
            command.addAll(password.isEmpty() ? List.of("sudo", "-E", "-n", "--") : List.of("sudo", "-E", "-S", "--"));
            stdin = password.isEmpty() ? null : password + "\n";
        }
        command.addAll(List.of("bash", "-c", commandLine));
        Map<String, String> env = new HashMap<>(ctx.env());
        env.putAll(ShellArguments.envValues(ctx.runnerParameters().get("env")));
        Path cwd = workingDirectory(ctx);
        Duration timeout = ctx.timeout(Duration.ofSeconds(60));
        ProcessRunner.Outcome o = ProcessRunner.run(
                new ProcessRunner.Spec(command, cwd, env, timeout, stdin, ctx.supervision()),
                ctx.output(),
                ctx.canceled());
        return result(o, timeout.toSeconds());
    }

    /** The {@code cwd} parameter, which must be a directory, else the pack's directory. */
    private static Path workingDirectory(RunContext ctx) throws IOException {
        if (!ctx.runnerParameters().hasNonNull("cwd")) {
            return ctx.existingPackDir();
        }
        String cwd = ctx.runnerString("cwd", "");
        Path dir;
        try {
            dir = Path.of(cwd);
        } catch (InvalidPathException e) {
            dir = null;
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException("cwd '" + cwd + "' does not exist or is not a directory");
        }
        return dir;
    }

    /** {@code chmod +x <script>; <script> <args>}; a runner {@code cmd} replaces the positional arguments. */
    private static String scriptCommand(RunContext ctx) throws IOException {
        if (ctx.entryPoint().isBlank()) {
            return "";
        }
        Path scriptPath = ctx.existingPackDir()
                .resolve("actions")
                .resolve(ctx.entryPoint())
                .normalize();
        String quoted = ShellArguments.quote(scriptPath.toString());
        String cmd = ctx.runnerString("cmd", "");
        // with a runner `cmd`, it is the positional part and every action parameter is passed by name
        var schema = cmd.isEmpty() ? ctx.schema() : Json.object();
        List<String> args = new ArrayList<>(
                ShellArguments.build(ctx.actionParameters(), schema, ctx.runnerString("kwarg_op", "--")));
        if (!cmd.isEmpty()) {
            args.add(cmd);
        }
        String argText = String.join(" ", args);
        return "chmod +x " + quoted + " 2>/dev/null; " + quoted + (argText.isEmpty() ? "" : " " + argText);
    }

    /**
     * StackStorm's local shell result: {@code {failed, succeeded, return_code, stdout, stderr}} with
     * stdout/stderr JSON-decoded when the whole text is one JSON value (after one trailing newline is
     * stripped); exit 0 succeeded, -9 (timeout kill) timeout, -15 abandoned, anything else failed.
     */
    static Runner.Result result(ProcessRunner.Outcome o, long timeoutSeconds) {
        ExecutionStatus status;
        if (o.timedOut()) {
            status = ExecutionStatus.TIMEOUT;
        } else if (o.canceled()) {
            status = ExecutionStatus.CANCELED;
        } else if (o.exitCode() == 0) {
            status = ExecutionStatus.SUCCEEDED;
        } else if (o.exitCode() == -15 || o.exitCode() == 143) {
            status = ExecutionStatus.ABANDONED;
        } else {
            status = ExecutionStatus.FAILED;
        }
        ObjectNode r = Json.object();
        r.put("failed", status != ExecutionStatus.SUCCEEDED);
        r.put("succeeded", status == ExecutionStatus.SUCCEEDED);
        r.put("return_code", o.exitCode());
        r.set("stdout", decoded(o.stdout()));
        r.set("stderr", decoded(o.stderr()));
        if (o.timedOut()) {
            r.put("error", "Action failed to complete in " + timeoutSeconds + " seconds");
        }
        return new Runner.Result(status, r);
    }

    /** One trailing newline stripped, then parsed as JSON when it is JSON, else kept as text. */
    static JsonNode decoded(String text) {
        String t = text.endsWith("\r\n")
                ? text.substring(0, text.length() - 2)
                : text.endsWith("\n") || text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        if (!t.isBlank()) {
            try {
                return STRICT.readTree(t);
            } catch (IOException notJson) {
                // plain text: kept as it is
            }
        }
        return Json.mapper().getNodeFactory().textNode(t);
    }
}
