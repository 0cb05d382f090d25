package io.reflex.e2e;

import static io.reflex.testing.ExecutionOverlap.mostOverlapping;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflex.core.execution.Execution;
import io.reflex.core.execution.Execution.StatusChange;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Query;
import io.reflex.testing.ServiceProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code action.concurrency} with threshold 2 and {@code delay} ({@code e2e.limited}) holds across two
 * runner processes, each with its own coordinator session: under 50 requests through the API, never more
 * than two run at once, and every one of them ends {@code succeeded}.
 */
@ExtendWith(ClusterExtension.class)
class ConcurrencyAcrossProcessesTest {
    static final int REQUESTS = 50;

    static Cluster cluster;
    static Executions executions;
    static List<ServiceProcess> runners;

    @BeforeAll
    static void start(Cluster c) throws Exception {
        cluster = c;
        executions = new Executions(c.api());
        runners = c.startRunners(List.of("runner-limit-a", "runner-limit-b"), Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (runners != null) {
            for (ServiceProcess r : runners) {
                r.close();
            }
        }
    }

    @Test
    void neverMoreThanTwoRunAtOnceAcrossTwoRunnerProcessesUnderFiftyRequests() throws Exception {
        Filter limitedRunning = Filter.and(Filter.eq("action.ref", "e2e.limited"), Filter.eq("status", "running"));
        AtomicInteger mostSeen = new AtomicInteger();
        AtomicInteger samples = new AtomicInteger();
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long running = cluster.store().executions().count(limitedRunning);
                mostSeen.accumulateAndGet((int) running, Math::max);
                samples.incrementAndGet();
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < REQUESTS; i++) {
                ids.add(executions.request("e2e.limited", "{\"n\": " + i + "}"));
            }
            await("all " + REQUESTS + " completed")
                    .atMost(Duration.ofSeconds(150))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> completed(ids) == REQUESTS);
        } finally {
            sampler.interrupt();
            sampler.join();
        }
        List<Execution> done = cluster.store().executions().find(Query.of(Filter.in("id", ids)));
        assertThat(done)
                .hasSize(REQUESTS)
                .allSatisfy(
                        e -> assertThat(e.status()).as(e.result().toString()).isEqualTo(ExecutionStatus.SUCCEEDED));
        assertThat(mostSeen.get())
                .as("most seen running at once in %d samples", samples.get())
                .isBetween(1, 2);
        assertThat(mostOverlapping(done))
                .as("most running intervals overlapping")
                .isEqualTo(2);
        assertThat(done)
                .as("some waited for a slot")
                .anySatisfy(e ->
                        assertThat(e.log()).extracting(StatusChange::status).contains(ExecutionStatus.DELAYED));
        assertThat(done.stream().map(e -> e.runnerInfo().pid()).distinct())
                .as("both runner processes ran some")
                .containsExactlyInAnyOrderElementsOf(
                        runners.stream().map(ServiceProcess::pid).toList());
    }

    private static long completed(List<String> ids) {
        return cluster.store()
                .executions()
                .count(Filter.and(
                        Filter.in("id", ids),
                        Filter.in("status", Executions.COMPLETED.stream().toList())));
    }
}
