package io.reflex.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.execution.Execution;
import io.reflex.core.json.Json;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Query;
import io.reflex.testing.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A runner process SIGKILLed mid-execution (design §4.3): its lease stops being renewed, the notifier
 * process's lease reaper turns the execution {@code abandoned} once the lease expired, and the action's
 * {@code action.retry} policy ({@code retry_on: abandoned}) runs it again, on the runner that survived.
 */
@ExtendWith(ClusterExtension.class)
class RunnerCrashTest {
    /** Short, so the test is quick; long enough that a busy machine does not miss a renewal (every third). */
    static final Duration LEASE = Duration.ofSeconds(3);

    static Cluster cluster;
    static Executions executions;
    static List<ServiceProcess> runners;
    static Path marker;

    @BeforeAll
    static void start(Cluster c) throws Exception {
        cluster = c;
        executions = new Executions(c.api());
        marker = Files.createDirectories(c.dir.resolve("crash-test")).resolve("first-attempt.pid");
        runners = c.startRunners(
                List.of("runner-crash-a", "runner-crash-b"), Map.of("actionrunner.lease_ttl", LEASE.toSeconds() + "s"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (runners != null) {
            for (ServiceProcess r : runners) {
                r.close();
            }
        }
        // The first attempt's shell outlived its runner (SIGKILL spares children); end it.
        if (marker != null && Files.exists(marker)) {
            ProcessHandle.of(Long.parseLong(Files.readString(marker).trim())).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void anExecutionWhoseRunnerIsKilledIsAbandonedAndRetriedOnTheSurvivor() throws Exception {
        // The first attempt records its shell's pid and sleeps; the retry finds the marker and finishes at once.
        String cmd =
                "if [ -f " + marker + " ]; then echo second attempt; else echo $$ > " + marker + "; exec sleep 120; fi";
        long t0 = System.nanoTime();
        String id = executions.request("e2e.crashy", Json.write(Json.object().put("cmd", cmd)));
        executions.awaitStatus(id, Executions.PATIENCE, Set.of("running"));
        await("first attempt started").atMost(Executions.PATIENCE).until(() -> Files.exists(marker));
        Execution running = cluster.store().executions().get(id).orElseThrow();
        long holderPid = running.runnerInfo().path("pid").asLong();
        ServiceProcess holder = runners.stream()
                .filter(r -> r.pid() == holderPid)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no runner with pid " + holderPid + ": " + running));
        ServiceProcess survivor =
                runners.stream().filter(r -> r != holder).findFirst().orElseThrow();
        assertThat(running.lease()).as("claimed under a lease").isNotNull();

        long runningMs = millisSince(t0);
        holder.kill();
        long killedMs = millisSince(t0);

        // Lease time plus a margin for the reaper's sweep and a loaded machine.
        JsonNode abandoned = executions.awaitStatus(id, LEASE.plusSeconds(20), Executions.COMPLETED);
        assertThat(abandoned.path("status").asText())
                .as(abandoned + "\n" + cluster.output())
                .isEqualTo("abandoned");
        assertThat(abandoned.path("result").path("error").asText())
                .contains("lease")
                .contains(running.lease().owner());

        long abandonedMs = millisSince(t0);
        Execution retry = awaitRetryOf(id);
        JsonNode done = executions.awaitCompleted(retry.id());
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("succeeded");
        assertThat(done.path("result").path("stdout").asText()).isEqualTo("second attempt");
        assertThat(done.path("context")
                        .path("policies")
                        .path("retry")
                        .path("retry_count")
                        .asInt())
                .isEqualTo(1);
        assertThat(cluster.store()
                        .executions()
                        .get(retry.id())
                        .orElseThrow()
                        .runnerInfo()
                        .path("pid")
                        .asLong())
                .as("retried on the surviving runner")
                .isEqualTo(survivor.pid());
        assertThat(survivor.alive()).isTrue();
        System.out.printf(
                "runner crash test: running at %d ms, runner killed at %d ms, abandoned seen at %d ms (lease %s),"
                        + " retry succeeded at %d ms%n",
                runningMs, killedMs, abandonedMs, LEASE, millisSince(t0));
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** The execution the retry policy launched for {@code id} (its context names the original). */
    private static Execution awaitRetryOf(String id) {
        Filter ofRetry = Filter.eq("context.policies.retry.retried_liveaction_id", id);
        await("retry of " + id)
                .atMost(Executions.PATIENCE)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> retryOf(ofRetry).isPresent());
        List<Execution> all = cluster.store().executions().find(Query.of(ofRetry));
        assertThat(all).as("exactly one retry").hasSize(1);
        return all.get(0);
    }

    private static Optional<Execution> retryOf(Filter ofRetry) {
        return cluster.store().executions().find(Query.of(ofRetry)).stream().findFirst();
    }
}
