package io.reflex.actionrunner.runners;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsoft.winrm4j.client.WinRmClientContext;
import io.cloudsoft.winrm4j.winrm.WinRmTool;
import io.cloudsoft.winrm4j.winrm.WinRmToolResponse;
import io.reflex.actionrunner.runners.Runner.RunContext;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * StackStorm's WinRM runners over WS-Management (the {@code winrm4j} client): {@code winrm-cmd} runs
 * {@code cmd} in a Windows command shell, {@code winrm-ps-cmd} runs {@code cmd} as PowerShell, and
 * {@code winrm-ps-script} runs the action's entry point as a PowerShell script block with the action's
 * parameters as PowerShell arguments (named ones {@code <kwarg_op><name> <value>} first, then positional ones
 * in position order; strings double-quoted with PowerShell's escapes, booleans {@code $true}/{@code $false},
 * null {@code $null}, lists {@code @(...)}, objects {@code @{k = v}}). Runner parameters as StackStorm's:
 * {@code host}, {@code username}, {@code password}, {@code port} (5986; 5985 forces {@code http}),
 * {@code scheme}, {@code transport} ({@code ntlm}, {@code basic}/{@code plaintext}/{@code ssl},
 * {@code kerberos}), {@code verify_ssl_cert}, {@code timeout} (60 s), {@code cwd}, {@code env}. The result is
 * StackStorm's {@code {failed, succeeded, return_code, stdout, stderr}}, stdout/stderr decoded when they hold
 * JSON; exit 0 succeeds, a timeout ends {@code timeout} with return code -1, a cancel stops the run.
 */
public final class WinRmRunner implements Runner {
    /** Which of the three runner types. */
    public enum Kind {
        CMD("winrm-cmd"),
        PS_CMD("winrm-ps-cmd"),
        PS_SCRIPT("winrm-ps-script");

        final String runnerName;

        Kind(String runnerName) {
            this.runnerName = runnerName;
        }
    }

    static final int HTTP_PORT = 5985;
    static final int HTTPS_PORT = 5986;
    static final int TIMEOUT_RETURN_CODE = -1;
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectReader STRICT =
            Json.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Kind kind;

    public WinRmRunner(Kind kind) {
        this.kind = kind;
    }

    @Override
    public String name() {
        return kind.runnerName;
    }

    @Override
    public Runner.Result run(RunContext ctx) throws InterruptedException {
        String command;
        try {
            command = command(ctx);
        } catch (IOException | IllegalArgumentException e) {
            return failed(e.getMessage());
        }
        String auth;
        try {
            auth = authScheme(ctx.runnerString("transport", "ntlm"));
        } catch (IllegalArgumentException e) {
            return failed(e.getMessage());
        }
        Duration timeout = ctx.timeout(DEFAULT_TIMEOUT);
        WinRmClientContext client = WinRmClientContext.newInstance();
        ExecutorService thread = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().daemon().name("winrm-" + ctx.executionId()).factory());
        try {
            WinRmTool tool = tool(ctx, auth, timeout, client);
            Future<WinRmToolResponse> call =
                    thread.submit(() -> kind == Kind.CMD ? tool.executeCommand(command) : tool.executePs(command));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                if (ctx.canceled().getAsBoolean()) {
                    call.cancel(true);
                    return new Runner.Result(ExecutionStatus.CANCELED, result(false, TIMEOUT_RETURN_CODE, "", ""));
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    call.cancel(true);
                    ObjectNode r = result(false, TIMEOUT_RETURN_CODE, "", "");
                    r.put("error", "Action failed to complete in " + timeout.toSeconds() + " seconds");
                    return new Runner.Result(ExecutionStatus.TIMEOUT, r);
                }
                try {
                    WinRmToolResponse response =
                            call.get(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS);
                    boolean ok = response.getStatusCode() == 0;
                    return new Runner.Result(
                            ok ? ExecutionStatus.SUCCEEDED : ExecutionStatus.FAILED,
                            result(ok, response.getStatusCode(), response.getStdOut(), response.getStdErr()));
                } catch (TimeoutException notYet) {
                    // poll again: cancel and timeout are checked between waits
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return failed("WinRM request to " + ctx.runnerString("host", "") + " failed: " + cause);
        } finally {
            thread.shutdownNow();
            client.shutdown();
        }
    }

    private WinRmTool tool(RunContext ctx, String auth, Duration timeout, WinRmClientContext client) {
        int port = ctx.runnerParameters().path("port").asInt(HTTPS_PORT);
        String scheme = port == HTTP_PORT ? "http" : ctx.runnerString("scheme", "https");
        String address = scheme + "://" + ctx.runnerString("host", "") + ":" + port + "/wsman";
        Map<String, String> env = new LinkedHashMap<>();
        ctx.runnerParameters()
                .path("env")
                .properties()
                .forEach(e -> env.put(e.getKey(), e.getValue().asText()));
        WinRmTool.Builder b = WinRmTool.Builder.builder(
                        address, ctx.runnerString("username", ""), ctx.runnerString("password", ""))
                .setAuthenticationScheme(auth)
                .useHttps("https".equals(scheme))
                .disableCertificateChecks(
                        !ctx.runnerParameters().path("verify_ssl_cert").asBoolean(true))
                .port(port)
                .context(client);
        if (ctx.runnerParameters().hasNonNull("cwd")) {
            b.workingDirectory(ctx.runnerString("cwd", ""));
        }
        if (!env.isEmpty()) {
            b.environment(env);
        }
        WinRmTool tool = b.build();
        tool.setOperationTimeout(timeout.toMillis());
        tool.setRetriesForConnectionFailures(1);
        return tool;
    }

    /** The command line or PowerShell text to run. */
    private String command(RunContext ctx) throws IOException {
        if (kind != Kind.PS_SCRIPT) {
            String cmd = ctx.runnerString("cmd", "");
            if (cmd.isBlank()) {
                throw new IllegalArgumentException("runner parameter \"cmd\" is required");
            }
            return cmd;
        }
        if (ctx.entryPoint() == null || ctx.entryPoint().isBlank()) {
            throw new IllegalArgumentException("Missing entry_point action metadata attribute");
        }
        Path script = ctx.existingPackDir()
                .resolve("actions")
                .resolve(ctx.entryPoint())
                .normalize();
        if (!script.startsWith(ctx.packDir().resolve("actions").normalize())) {
            throw new IllegalArgumentException("entry_point " + ctx.entryPoint() + " is outside the pack's actions");
        }
        String body = Files.readString(script, StandardCharsets.UTF_8);
        String params = psParameters(ctx.actionParameters(), ctx.schema(), ctx.runnerString("kwarg_op", "-"));
        return params.isEmpty() ? body : "& {" + body + "} " + params;
    }

    /** StackStorm's {@code create_ps_params_string}: named arguments first, then positional ones. */
    static String psParameters(ObjectNode actionParams, ObjectNode schema, String kwargOp) {
        List<String> named = new ArrayList<>();
        List<Map.Entry<Integer, JsonNode>> positional = new ArrayList<>();
        actionParams.properties().forEach(e -> {
            JsonNode position = schema.path(e.getKey()).get("position");
            if (position != null && position.canConvertToInt()) {
                positional.add(Map.entry(position.asInt(), e.getValue()));
            } else {
                named.add(kwargOp + e.getKey() + " " + toPowerShell(e.getValue()));
            }
        });
        positional.sort(Comparator.comparing(Map.Entry::getKey));
        StringBuilder s = new StringBuilder();
        if (!named.isEmpty()) {
            s.append(String.join(" ", named)).append(' ');
        }
        s.append(String.join(
                " ", positional.stream().map(p -> toPowerShell(p.getValue())).toList()));
        return s.toString().strip();
    }

    /** A JSON value as a PowerShell literal (StackStorm's {@code _param_to_ps}). */
    static String toPowerShell(JsonNode v) {
        if (v == null || v.isNull()) {
            return "$null";
        }
        if (v.isTextual()) {
            return "\"" + psEscape(v.asText()) + "\"";
        }
        if (v.isBoolean()) {
            return v.asBoolean() ? "$true" : "$false";
        }
        if (v.isArray()) {
            List<String> items = new ArrayList<>();
            v.forEach(i -> items.add(toPowerShell(i)));
            return "@(" + String.join(", ", items) + ")";
        }
        if (v.isObject()) {
            List<String> items = new ArrayList<>();
            v.properties()
                    .forEach(e -> items.add(
                            toPowerShell(Json.mapper().getNodeFactory().textNode(e.getKey())) + " = "
                                    + toPowerShell(e.getValue())));
            return "@{" + String.join("; ", items) + "}";
        }
        return v.asText();
    }

    private static String psEscape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\n' -> out.append("`n");
                case '\r' -> out.append("`r");
                case '\t' -> out.append("`t");
                case '\u0007' -> out.append("`a");
                case '\b' -> out.append("`b");
                case '\f' -> out.append("`f");
                case '\u000b' -> out.append("`v");
                case '"' -> out.append("`\"");
                case '\'' -> out.append("`'");
                case '`' -> out.append("``");
                case '\0' -> out.append("`0");
                case '$' -> out.append("`$");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** winrm4j's authentication scheme for StackStorm's {@code transport}. */
    static String authScheme(String transport) {
        return switch (transport) {
            case "ntlm" -> "NTLM";
            case "basic", "plaintext", "ssl" -> "Basic";
            case "kerberos" -> "Kerberos";
            default ->
                throw new IllegalArgumentException("WinRM transport \"" + transport
                        + "\" is not supported (supported: ntlm, basic, plaintext, ssl, kerberos)");
        };
    }

    private static ObjectNode result(boolean succeeded, int returnCode, String stdout, String stderr) {
        ObjectNode r = Json.object();
        r.put("failed", !succeeded);
        r.put("succeeded", succeeded);
        r.put("return_code", returnCode);
        r.set("stdout", decoded(stdout));
        r.set("stderr", decoded(stderr));
        return r;
    }

    /** As StackStorm's {@code json_loads} on stdout/stderr: JSON text becomes its value, other text stays. */
    static JsonNode decoded(String text) {
        String t = text == null ? "" : text;
        if (!t.isBlank()) {
            try {
                return STRICT.readTree(t.strip());
            } catch (IOException notJson) {
                // plain text: kept as it is
            }
        }
        return Json.mapper().getNodeFactory().textNode(t);
    }

    private static Runner.Result failed(String message) {
        ObjectNode r = result(false, 1, "", "");
        r.put("error", message);
        return new Runner.Result(ExecutionStatus.FAILED, r);
    }
}
