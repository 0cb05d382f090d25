package io.reflex.actionrunner.runners;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.actionrunner.runners.Runner.OutputSink;
import io.reflex.actionrunner.runners.Runner.RunContext;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code python-script}: runs a StackStorm Python action class unchanged through Reflex's wrapper module
 * ({@code reflex_action_wrapper.py} with an {@code st2common} compatibility package), in the pack's
 * virtualenv when it has one. The result travels on stdout between StackStorm's delimiter lines; the result
 * shape is {@code {stdout, stderr, exit_code, result}}.
 */
public final class PythonRunner implements Runner {
    static final String DELIMITER = "%%%%%~=~=~=************=~=~=~%%%%";
    static final int MAX_PARAM_LENGTH = 131057;
    static final int INVALID_STATUS_EXIT_CODE = 220;

    private final Path wrapperDir;
    private final Function<String, Path> virtualenvOf;
    private final String apiUrl;

    /**
     * @param wrapperDir where the wrapper and the st2common package were unpacked
     * @param virtualenvOf a pack's virtualenv directory (may not exist)
     */
    public PythonRunner(Path wrapperDir, Function<String, Path> virtualenvOf, String apiUrl) {
        this.wrapperDir = wrapperDir;
        this.virtualenvOf = virtualenvOf;
        this.apiUrl = apiUrl;
    }

    @Override
    public String name() {
        return "python-script";
    }

    @Override
    public Runner.Result run(RunContext ctx) throws Exception {
        if (ctx.runnerParameters().path("env").has("PYTHONPATH")) {
            return new Runner.Result(
                    ExecutionStatus.FAILED,
                    Json.object().put("error", "PYTHONPATH cannot be set through the env parameter"));
        }
        var refused = ShellArguments.envRefusal(ctx.runnerParameters().get("env"));
        if (refused.isPresent()) {
            return new Runner.Result(ExecutionStatus.FAILED, Json.object().put("error", refused.get()));
        }
        Path packDir = ctx.existingPackDir();
        Path venvPython = virtualenvOf.apply(ctx.pack()).resolve("bin/python");
        String python = Files.isExecutable(venvPython)
                ? venvPython.toString()
                : System.getenv().getOrDefault("REFLEX_PYTHON", "python3");
        String params = Json.write(ctx.actionParameters());
        List<String> cmd = new ArrayList<>(List.of(
                python,
                "-u",
                wrapperDir.resolve("reflex_action_wrapper.py").toString(),
                "--pack=" + ctx.pack(),
                "--file-path="
                        + packDir.resolve("actions").resolve(ctx.entryPoint()).normalize(),
                "--user=" + ctx.user(),
                "--parent-args=[]",
                "--config=" + Json.write(ctx.packConfig()),
                "--log-level=" + ctx.runnerString("log_level", "DEBUG")));
        String stdin = null;
        if (params.length() >= MAX_PARAM_LENGTH) {
            cmd.add("--stdin-parameters");
            stdin = Json.write(Json.object().set("parameters", ctx.actionParameters())) + "\n";
        } else {
            cmd.add("--parameters=" + params);
        }
        Map<String, String> env = new HashMap<>(ctx.env());
        env.putAll(ShellArguments.envValues(ctx.runnerParameters().get("env")));
        env.put("PYTHONPATH", wrapperDir + pathSep(packDir.resolve("lib")));
        env.put("ST2_API_URL", apiUrl);
        env.put("ST2_AUTH_TOKEN", env.getOrDefault("ST2_ACTION_AUTH_TOKEN", ""));
        Duration timeout = ctx.timeout(Duration.ofSeconds(600));
        ProcessRunner.Outcome o = ProcessRunner.run(
                new ProcessRunner.Spec(cmd, packDir.resolve("actions"), env, timeout, stdin, ctx.supervision()),
                withoutResultLines(ctx.output()),
                ctx.canceled());
        return result(o, timeout);
    }

    /**
     * The live output without the result: StackStorm's runner keeps the delimiter lines out of the stored
     * output, and so does Reflex, with the blank line the wrapper writes before them (it makes sure the
     * delimiter starts a line). A blank stdout line is therefore held until the next line shows whether it
     * was the wrapper's; one at the very end of an action that died before printing its result is lost from
     * the live output only (the result's {@code stdout} keeps everything).
     */
    static OutputSink withoutResultLines(OutputSink sink) {
        return new OutputSink() {
            private String heldBlank; // stdout lines all come from one reader thread

            @Override
            public void line(String stream, String line) {
                if (!stream.equals("stdout")) {
                    sink.line(stream, line);
                    return;
                }
                if (line.contains(DELIMITER)) {
                    heldBlank = null;
                    return;
                }
                if (heldBlank != null) {
                    sink.line(stream, heldBlank);
                    heldBlank = null;
                }
                if (line.equals("\n")) {
                    heldBlank = line;
                } else {
                    sink.line(stream, line);
                }
            }
        };
    }

    /** The wrapper puts one newline before its delimiter; that newline is not the action's. */
    private static String stripOne(String s) {
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    private static String pathSep(Path lib) {
        return Files.isDirectory(lib) ? ":" + lib : "";
    }

    static Runner.Result result(ProcessRunner.Outcome o, Duration timeout) {
        String[] parts = o.stdout().split(java.util.regex.Pattern.quote(DELIMITER), -1);
        String stdout = o.stdout();
        JsonNode result = Json.mapper().nullNode();
        Boolean status = null;
        if (parts.length == 3) {
            stdout = stripOne(parts[0]) + (parts[2].startsWith("\n") ? parts[2].substring(1) : parts[2]);
            try {
                ObjectNode payload = (ObjectNode) Json.mapper().readTree(parts[1]);
                result = payload.path("result");
                status = payload.path("status").isBoolean()
                        ? payload.get("status").asBoolean()
                        : null;
            } catch (IOException | ClassCastException e) {
                result = Json.mapper().getNodeFactory().textNode(parts[1].strip());
            }
        }
        ObjectNode r = Json.object();
        r.put("stdout", stdout);
        r.put("stderr", o.stderr());
        r.put("exit_code", o.exitCode());
        r.set("result", result);
        ExecutionStatus s;
        if (o.timedOut()) {
            s = ExecutionStatus.TIMEOUT;
            r.put("error", "Action failed to complete in " + timeout.toSeconds() + " seconds");
        } else if (o.canceled()) {
            s = ExecutionStatus.CANCELED;
        } else if (o.exitCode() == 0) {
            s = Boolean.FALSE.equals(status) ? ExecutionStatus.FAILED : ExecutionStatus.SUCCEEDED;
        } else {
            s = ExecutionStatus.FAILED;
        }
        return new Runner.Result(s, r);
    }
}
