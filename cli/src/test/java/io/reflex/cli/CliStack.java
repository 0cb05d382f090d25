package io.reflex.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.api.ApiService;
import io.reflex.auth.AuthService;
import io.reflex.cli.client.AuthClient;
import io.reflex.cli.client.Transport;
import io.reflex.cli.output.Terminal;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.model.ExecutionOutput;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import io.reflex.runtime.backend.StoreAccess;
import io.reflex.runtime.config.Config;
import io.reflex.runtime.config.ConfigLoader;
import io.reflex.runtime.service.ServiceRunner;
import io.reflex.stream.StreamService;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The auth, api and stream services on embedded backends, started once for the CLI tests of this JVM, and
 * a way to run {@code reflex} commands in-process against them with their own home directory, environment
 * and standard input.
 */
final class CliStack {
    static final String ADMIN = "st2admin";
    static final String PASSWORD = "Passw0rd!";

    private static CliStack instance;
    private String adminToken;

    final ServiceRunner.Running running;
    final StateStore store;
    final String apiUrl;
    final String authUrl;
    final String streamUrl;

    record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out:\n" + out + "--- err:\n" + err;
        }
    }

    private CliStack() throws Exception {
        Path dir = Files.createTempDirectory("reflex-cli-it");
        Map<String, String> flags = new HashMap<>();
        flags.put("data_dir", dir.toString());
        flags.put("api.port", "0");
        flags.put("auth.port", "0");
        flags.put("stream.port", "0");
        flags.put("content.packs_dir", ReflexUpTest.SHIPPED_PACKS.toString());
        flags.put("content.watch", "false");
        flags.put("auth.admin_password", PASSWORD);
        Config config = ConfigLoader.load(null, Map.of(), flags);
        AuthService auth = new AuthService(Map.of(), new PrintStream(new ByteArrayOutputStream(), true));
        running = ServiceRunner.start(List.of(auth, new ApiService(), new StreamService()), config);
        store = StoreAccess.open(running.config());
        apiUrl = running.url("api");
        authUrl = running.url("auth");
        streamUrl = running.url("stream");
        Runtime.getRuntime().addShutdownHook(new Thread(this::close));
    }

    static synchronized CliStack get() throws Exception {
        if (instance == null) {
            instance = new CliStack();
        }
        return instance;
    }

    /** A token of the administrator, got once. */
    synchronized String adminToken() {
        if (adminToken == null) {
            adminToken = new AuthClient(new Transport(), java.net.URI.create(authUrl))
                    .login(ADMIN, PASSWORD, null)
                    .token();
        }
        return adminToken;
    }

    /** The environment of the administrator holding a token. */
    Map<String, String> adminEnv() {
        Map<String, String> env = env();
        env.put("REFLEX_AUTH_TOKEN", adminToken());
        return env;
    }

    /** Moves a requested execution through scheduled and running to {@code status} with {@code result}. */
    Execution complete(String id, ExecutionStatus status, JsonNode result) {
        Instant now = Instant.now();
        change(id, e -> e.transitionTo(ExecutionStatus.SCHEDULED, now));
        change(id, e -> e.transitionTo(ExecutionStatus.RUNNING, now));
        change(id, e -> e.withResult(result));
        return change(id, e -> e.transitionTo(status, now.plusMillis(1500)));
    }

    /** One compare-and-set write of execution {@code id}, as every writer makes them. */
    Execution change(String id, java.util.function.UnaryOperator<Execution> step) {
        Execution current = store.executions().get(id).orElseThrow();
        Execution next = step.apply(current);
        if (!store.executions().compareAndSet(current, next)) {
            throw new IllegalStateException("execution " + id + " changed under the test");
        }
        return next;
    }

    /** Stores a line of output of execution {@code id}, as a runner does. */
    void output(String id, String stream, String data) {
        store.store(Kinds.EXECUTION_OUTPUT)
                .insert(new ExecutionOutput(
                        Ids.newId(), id, "core.local", "local-shell-cmd", Instant.now(), stream, data, null));
    }

    /** The environment of a user who points the client at this stack (and has not logged in). */
    Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("REFLEX_API_URL", apiUrl);
        env.put("REFLEX_AUTH_URL", authUrl);
        env.put("REFLEX_STREAM_URL", streamUrl);
        return env;
    }

    Run reflex(Path home, Map<String, String> env, String stdin, String... args) {
        return reflex(home, env, stdin, new StringWriter(), args);
    }

    /** Runs a command writing its standard output to {@code out}, which the test may read while it runs. */
    Run reflex(Path home, Map<String, String> env, String stdin, StringWriter out, String... args) {
        StringWriter err = new StringWriter();
        CliEnv cli = new CliEnv(
                env,
                home,
                home,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                Terminal.none(env),
                Clock.systemUTC());
        CommandLine cl = Reflex.commandLine(cli);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private void close() {
        try {
            store.close();
        } catch (Exception e) {
            // the JVM is exiting
        }
        running.close();
    }
}
