package io.reflex.actionrunner.runners;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.actionrunner.runners.Runner.RunContext;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;

/**
 * {@code remote-shell-cmd} and {@code remote-shell-script} over SSH (Apache MINA SSHD): the command (or the
 * pack script, uploaded by SFTP into {@code dir} and removed afterwards) runs on every host of
 * {@code hosts} (comma-separated, {@code host:port} allowed), one after another or in parallel, with
 * password or key authentication, sudo, cwd, env and a per-host timeout. The result is StackStorm's: one
 * entry per host {@code {stdout, stderr, return_code, succeeded, failed}}; the execution succeeds only if
 * every host did. Host keys are not verified, as StackStorm's runner does not verify them.
 */
public final class SshRunner implements Runner, AutoCloseable {
    private final boolean script;
    private final SshClient client;
    private final String defaultUser;

    public SshRunner(boolean script, String defaultUser) {
        this.script = script;
        this.defaultUser = defaultUser;
        this.client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.start();
    }

    @Override
    public String name() {
        return script ? "remote-shell-script" : "remote-shell-cmd";
    }

    @Override
    public Runner.Result run(RunContext ctx) throws Exception {
        List<String> hosts = new ArrayList<>();
        for (String h : ctx.runnerString("hosts", "").split(",")) {
            if (!h.isBlank()) {
                hosts.add(h.trim());
            }
        }
        if (hosts.isEmpty()) {
            return new Runner.Result(
                    ExecutionStatus.FAILED, Json.object().put("error", "parameter 'hosts' names no host"));
        }
        var refused = ShellArguments.envRefusal(ctx.runnerParameters().get("env"));
        if (refused.isPresent()) {
            return new Runner.Result(ExecutionStatus.FAILED, Json.object().put("error", refused.get()));
        }
        SshTarget.Options options = SshTarget.Options.from(ctx, defaultUser);
        String command = command(ctx);
        Path scriptFile = script
                ? ctx.existingPackDir()
                        .resolve("actions")
                        .resolve(ctx.entryPoint())
                        .normalize()
                : null;
        Duration timeout = ctx.timeout(Duration.ofSeconds(60));
        Map<String, ObjectNode> results = new LinkedHashMap<>();
        if (ctx.runnerBool("parallel") && hosts.size() > 1) {
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                Map<String, Future<ObjectNode>> futures = new LinkedHashMap<>();
                for (String h : hosts) {
                    futures.put(
                            h,
                            pool.submit(
                                    () -> new SshTarget(client, h, options).run(command, scriptFile, timeout, ctx)));
                }
                for (var e : futures.entrySet()) {
                    results.put(e.getKey(), e.getValue().get());
                }
            }
        } else {
            for (String h : hosts) {
                results.put(h, new SshTarget(client, h, options).run(command, scriptFile, timeout, ctx));
            }
        }
        ObjectNode result = Json.object();
        boolean allOk = true;
        boolean anyTimeout = false;
        for (var e : results.entrySet()) {
            result.set(e.getKey(), e.getValue());
            allOk &= e.getValue().path("succeeded").asBoolean(false);
            anyTimeout |= e.getValue().path("timeout").asBoolean(false);
        }
        ExecutionStatus status = ctx.canceled().getAsBoolean()
                ? ExecutionStatus.CANCELED
                : allOk ? ExecutionStatus.SUCCEEDED : anyTimeout ? ExecutionStatus.TIMEOUT : ExecutionStatus.FAILED;
        return new Runner.Result(status, result);
    }

    /** The command line run on each host: env exports, cd, sudo, then the command or script. */
    private String command(RunContext ctx) {
        String body;
        if (script) {
            List<String> args =
                    ShellArguments.build(ctx.actionParameters(), ctx.schema(), ctx.runnerString("kwarg_op", "--"));
            body = "\"$REFLEX_SCRIPT\"" + (args.isEmpty() ? "" : " " + String.join(" ", args));
        } else {
            body = ctx.runnerString("cmd", "");
        }
        StringBuilder sb = new StringBuilder();
        ShellArguments.envValues(ctx.runnerParameters().get("env"))
                .forEach((name, value) -> sb.append("export ")
                        .append(ShellArguments.quote(name + "=" + value))
                        .append("; "));
        String cwd = ctx.runnerString("cwd", "/tmp");
        sb.append("cd ").append(ShellArguments.quote(cwd)).append(" && ");
        if (ctx.runnerBool("sudo")) {
            String password = ctx.runnerString("sudo_password", "");
            sb.append(
                    password.isEmpty()
                            ? "sudo -E -n -- "
                            : "echo " + ShellArguments.quote(password) + " | sudo -E -S -- ");
            sb.append("bash -c ").append(ShellArguments.quote(body));
        } else {
            sb.append(body);
        }
        return sb.toString();
    }

    @Override
    public void close() {
        client.stop();
    }
}
