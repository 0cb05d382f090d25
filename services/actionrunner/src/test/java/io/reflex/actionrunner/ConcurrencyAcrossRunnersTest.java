package io.reflex.actionrunner;

import static io.reflex.testing.ExecutionOverlap.mostOverlapping;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflex.core.execution.Execution;
import io.reflex.core.execution.Execution.StatusChange;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.store.Filter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code action.concurrency} with threshold 2 is honoured across two runner processes (each with its own
 * bus connections and coordinator session) under 50 requests, and {@code action.concurrency.attr} with
 * {@code cancel} counts per attribute value; on the real RabbitMQ.
 */
class ConcurrencyAcrossRunnersTest {
    @TempDir
    static Path dir;

    static FastBackends backends;
    static RunnerTestServer server;

    @BeforeAll
    static void start() throws Exception {
        backends = FastBackends.start(dir);
        server = RunnerTestServer.withoutRunner(dir.resolve("reflex"), backends.flags());
        server.startRunner(UnaryOperator.identity());
        server.startRunner(UnaryOperator.identity());
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

    @Test
    void neverMoreThanTwoRunAtOnceAcrossTwoRunnersUnderFiftyRequests() throws Exception {
        AtomicInteger maxSeen = new AtomicInteger();
        Thread sampler = Thread.ofVirtual().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long running = server.store()
                        .executions()
                        .count(Filter.and(Filter.eq("action.ref", "fixtures.limited"), Filter.eq("status", "running")));
                maxSeen.accumulateAndGet((int) running, Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                ids.add(server.launch("fixtures.limited", "{\"n\": " + i + "}").id());
            }
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() ->
                            ids.stream().allMatch(id -> server.get(id).status().completed()));
        } finally {
            sampler.interrupt();
            sampler.join();
        }
        List<Execution> done = ids.stream().map(server::get).toList();
        assertThat(done).allSatisfy(e -> assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED));
        assertThat(maxSeen.get()).as("most executions seen running at once").isBetween(1, 2);
        assertThat(mostOverlapping(done))
                .as("most running intervals overlapping")
                .isEqualTo(2);
        assertThat(done)
                .as("some had to wait for a slot")
                .anySatisfy(e ->
                        assertThat(e.log()).extracting(StatusChange::status).contains(ExecutionStatus.DELAYED));
    }

    @Test
    void concurrencyByAttributeCancelsASecondExecutionWithTheSameValueOnly() {
        String first = server.launch("fixtures.by_key", "{\"key\": \"a\"}").id();
        server.awaitStatus(first, Duration.ofSeconds(30), ExecutionStatus.RUNNING);
        String same = server.launch("fixtures.by_key", "{\"key\": \"a\", \"cmd\": \"true\"}")
                .id();
        String other = server.launch("fixtures.by_key", "{\"key\": \"b\", \"cmd\": \"true\"}")
                .id();
        assertThat(server.awaitCompleted(same).status()).isEqualTo(ExecutionStatus.CANCELED);
        assertThat(server.awaitCompleted(other).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(server.awaitCompleted(first).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }
}
