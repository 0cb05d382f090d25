package io.reflex.actionrunner;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.runtime.config.ConfigKeys;
import io.reflex.runtime.service.ServiceRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shutting a runner down drains it (docs/architecture.md, rule 4): executions in flight finish within the grace period,
 * requests it had not started stay queued for another runner, and what outlives the grace period ends
 * {@code abandoned} with the reason. On the real RabbitMQ.
 */
class DrainTest {
    @TempDir
    static Path dir;

    static FastBackends backends;
    static RunnerTestServer server;

    @BeforeAll
    static void start() {
        backends = FastBackends.start(dir);
        server = RunnerTestServer.withoutRunner(dir.resolve("reflex"), backends.flags());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (backends != null) {
            backends.close();
        }
    }

    private static List<String> launch(int n, String cmd) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(server.launch("core.local", "{\"cmd\": \"" + cmd + "\"}").id());
        }
        return ids;
    }

    @Test
    void aRunnerClosedWithFiveInFlightFinishesThemAndLeavesTheRestQueued() throws Exception {
        ServiceRunner.Running runner = server.startRunner(c -> c.with(ConfigKeys.ACTIONRUNNER_CONCURRENCY, 5, "test")
                .with(ConfigKeys.SHUTDOWN_GRACE, Duration.ofSeconds(60), "test"));
        List<String> inFlight = launch(5, "sleep 2; echo done");
        inFlight.forEach(id -> server.awaitStatus(id, Duration.ofSeconds(30), ExecutionStatus.RUNNING));
        String queued = launch(1, "echo later").get(0);

        runner.close();

        assertThat(inFlight).allSatisfy(id -> {
            Execution e = server.get(id);
            assertThat(e.status()).as(e.result().toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(e.result().path("stdout").asText()).isEqualTo("done");
        });
        assertThat(server.get(queued).status()).isEqualTo(ExecutionStatus.REQUESTED);
        try (ServiceRunner.Running next = server.startRunner(c -> c)) {
            assertThat(server.awaitCompleted(queued).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        }
    }

    @Test
    void executionsOutlivingTheGracePeriodAreAbandonedWithTheReason() throws Exception {
        ServiceRunner.Running runner =
                server.startRunner(c -> c.with(ConfigKeys.SHUTDOWN_GRACE, Duration.ofSeconds(1), "test"));
        List<String> ids = launch(2, "sleep 60");
        ids.forEach(id -> server.awaitStatus(id, Duration.ofSeconds(30), ExecutionStatus.RUNNING));

        runner.close();

        assertThat(ids).allSatisfy(id -> {
            Execution e = server.get(id);
            assertThat(e.status()).isEqualTo(ExecutionStatus.ABANDONED);
            assertThat(e.result().path("error").asText()).contains("shut down").contains("shutdown.grace");
            assertThat(e.lease()).isNull();
        });
    }
}
