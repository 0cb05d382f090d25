package io.reflex.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflex.api.ApiService;
import io.reflex.auth.AuthService;
import io.reflex.cli.client.AuthClient;
import io.reflex.cli.client.Transport;
import io.reflex.cli.output.Terminal;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.StreamEvent;
import io.reflex.core.model.ExecutionOutput;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.core.store.StateStore;
import io.reflex.executions.ExecutionViews;
import io.reflex.executions.ExecutionWriter;
import io.reflex.rabbitmq.RabbitBusConfig;
import io.reflex.rabbitmq.RabbitEventBus;
import io.reflex.runtime.backend.StoreAccess;
import io.reflex.runtime.config.ConfigLoader;
import io.reflex.runtime.service.ServiceRunner;
import io.reflex.testing.ExternalBackend;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The CLI following output live through the stream service: auth, api and stream on RabbitMQ (whose stream
 * queue is the event log every process shares), the test playing the action runner — it stores output,
 * appends the output events to the log and moves the execution on through the execution writer, which
 * announces every change. The output must reach the command while the execution still runs, and the
 * command never polls while the stream is up, so what it prints came through the stream.
 */
class StreamFollowTest {
    static ServiceRunner.Running running;
    static StateStore store;
    static RabbitEventBus bus;
    static ExecutionWriter writer;
    static Map<String, String> env;

    @TempDir
    Path home;

    @BeforeAll
    static void start() throws Exception {
        String amqp = ExternalBackend.AMQP.require();
        Map<String, String> flags = new HashMap<>();
        flags.put("data_dir", Files.createTempDirectory("reflex-cli-stream").toString());
        flags.put("bus.uri", amqp);
        for (String s : List.of("api", "auth", "stream")) {
            flags.put(s + ".port", "0");
        }
        flags.put("content.packs_dir", ReflexUpTest.SHIPPED_PACKS.toString());
        flags.put("content.watch", "false");
        flags.put("auth.admin_password", CliStack.PASSWORD);
        AuthService auth = new AuthService(Map.of(), new PrintStream(new ByteArrayOutputStream(), true));
        running = ServiceRunner.start(
                List.of(auth, new ApiService(), new io.reflex.stream.StreamService()),
                ConfigLoader.load(null, Map.of(), flags));
        store = StoreAccess.open(running.config());
        bus = RabbitEventBus.connect(RabbitBusConfig.defaults(amqp));
        writer = new ExecutionWriter(store.executions(), bus);
        env = new HashMap<>();
        env.put("REFLEX_API_URL", url("api"));
        env.put("REFLEX_AUTH_URL", url("auth"));
        env.put("REFLEX_STREAM_URL", url("stream"));
        env.put(
                "REFLEX_AUTH_TOKEN",
                new AuthClient(new Transport(), URI.create(url("auth")))
                        .login(CliStack.ADMIN, CliStack.PASSWORD, null)
                        .token());
    }

    @AfterAll
    static void stop() throws Exception {
        bus.close();
        store.close();
        running.close();
    }

    static String url(String service) {
        return running.url(service);
    }

    CompletableFuture<Integer> inBackground(StringWriter out, String... args) {
        CompletableFuture<Integer> code = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            CommandLine cl = Reflex.commandLine(
                    new CliEnv(env, home, home, InputStream.nullInputStream(), Terminal.none(env), Clock.systemUTC()));
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(out, true));
            code.complete(cl.execute(args));
        });
        return code;
    }

    Execution requested(String cmd) {
        return await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> store.executions().find(Query.all()).stream()
                                .filter(e -> e.parameters().path("cmd").asText().equals(cmd))
                                .findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
    }

    /** What a runner does for a line of output: store it, then announce it on the event log. */
    void output(Execution e, String data) {
        ExecutionOutput o = new ExecutionOutput(
                Ids.newId(), e.id(), "core.local", "local-shell-cmd", Instant.now(), "stdout", data, null);
        store.store(Kinds.EXECUTION_OUTPUT).insert(o);
        bus.log(Channels.EVENTS).append(new StreamEvent("st2.execution.output__create", ExecutionViews.output(o)));
    }

    void moveTo(String id, ExecutionStatus status) {
        writer.apply(id, e -> e.transitionTo(status, Instant.now()));
    }

    @Test
    void runTailShowsOutputFromTheStreamWhileTheExecutionRuns() throws Exception {
        String cmd = "echo " + UUID.randomUUID();
        StringWriter out = new StringWriter();
        CompletableFuture<Integer> run = inBackground(out, "run", "core.local", "cmd=" + cmd, "--tail");
        Execution e = requested(cmd);
        moveTo(e.id(), ExecutionStatus.SCHEDULED);
        moveTo(e.id(), ExecutionStatus.RUNNING);

        output(e, "streamed line one\n");
        output(e, "streamed line two\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> out.toString().contains("streamed line two\n"));
        assertThat(run).isNotDone();

        writer.apply(e.id(), x -> x.withResult(Json.object().put("return_code", 0)));
        moveTo(e.id(), ExecutionStatus.SUCCEEDED);

        assertThat(run.get(30, TimeUnit.SECONDS)).as(out.toString()).isZero();
        assertThat(out.toString())
                .containsSubsequence("streamed line one\n", "streamed line two\n", "status: succeeded")
                .containsOnlyOnce("streamed line one");
    }

    @Test
    void executionTailFollowsARunningExecutionUntilItEnds() throws Exception {
        String cmd = "echo " + UUID.randomUUID();
        String id = runAsync(cmd);
        Execution e = store.executions().get(id).orElseThrow();
        moveTo(id, ExecutionStatus.SCHEDULED);
        moveTo(id, ExecutionStatus.RUNNING);
        output(e, "before tail\n");

        StringWriter out = new StringWriter();
        CompletableFuture<Integer> tail = inBackground(out, "execution", "tail", id);
        await().atMost(Duration.ofSeconds(20)).until(() -> out.toString().contains("before tail\n"));
        output(e, "during tail\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> out.toString().contains("during tail\n"));
        moveTo(id, ExecutionStatus.FAILED);

        assertThat(tail.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(out.toString())
                .containsSubsequence("before tail\n", "during tail\n", "has completed (status=failed).")
                .containsOnlyOnce("during tail");
    }

    private String runAsync(String cmd) throws Exception {
        StringWriter out = new StringWriter();
        assertThat(inBackground(out, "run", "--async", "core.local", "cmd=" + cmd)
                        .get(30, TimeUnit.SECONDS))
                .as(out.toString())
                .isZero();
        return out.toString().strip();
    }
}
