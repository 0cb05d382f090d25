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
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A runner process SIGKILLed mid-execution (docs/architecture.md, rules 3 and 13): the action's whole process tree dies
 * with it, its lease stops being renewed, the notifier process's lease reaper turns the execution {@code
 * abandoned} once the lease expired (the tree is gone by then), and the action's {@code action.retry} policy
 * ({@code retry_on: abandoned}) runs it again, on the runner that survived: the action's effect happens once.
 */
@ExtendWith(ClusterExtension.class)
class RunnerCrashTest {
    /**
     * Short, so the test is quick; long enough that a busy machine neither misses a renewal (every third)
     * nor reaches the kill-by moment (a sixth before expiry) of a healthy runner.
     */
    static final Duration LEASE = Duration.ofSeconds(6);
    /**
     * How long the action works before its effect: longer than the reaper may take, so that a first attempt
     * that outlived its runner would still be in the process table when its execution is reaped.
     */
    static final int WORK_SECONDS = 30;

    static Cluster cluster;
    static Executions executions;
    static List<ServiceProcess> runners;
    static Path effects;
    static final List<String> ids = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start(Cluster c) throws Exception {
        cluster = c;
        executions = new Executions(c.api());
        effects = Files.createDirectories(c.dir.resolve("crash-test")).resolve("effects");
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
        // Should the test fail, nothing of its actions is left running.
        ids.forEach(id -> ActionProcesses.of(id).forEach(ProcessHandle::destroyForcibly));
    }

    @Test
    void anExecutionWhoseRunnerIsKilledDiesWithItIsAbandonedAndRetriedOnTheSurvivorOnce() throws Exception {
        String cmd = "sleep " + WORK_SECONDS + "; echo $ST2_ACTION_EXECUTION_ID >> " + effects + "; echo done";
        long t0 = System.nanoTime();
        String id = executions.request("e2e.crashy", Json.write(Json.object().put("cmd", cmd)));
        ids.add(id);
        executions.awaitStatus(id, Executions.PATIENCE, Set.of("running"));
        await("first attempt's processes started")
                .atMost(Executions.PATIENCE)
                .until(() -> !ActionProcesses.of(id).isEmpty());
        Execution running = cluster.store().executions().get(id).orElseThrow();
        long holderPid = running.runnerInfo().pid();
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

        // Lease time plus a margin for the reaper's sweep and a loaded machine (less than WORK_SECONDS).
        JsonNode abandoned = executions.awaitStatus(id, LEASE.plusSeconds(20), Executions.COMPLETED);
        List<ProcessHandle> leftAtReaping = ActionProcesses.of(id);
        assertThat(abandoned.path("status").asText())
                .as(abandoned + "\n" + cluster.output())
                .isEqualTo("abandoned");
        assertThat(abandoned.path("result").path("error").asText())
                .contains("lease")
                .contains(running.lease().owner());
        assertThat(leftAtReaping)
                .as("the first attempt's processes are gone by the time it is reaped")
                .isEmpty();

        long abandonedMs = millisSince(t0);
        Execution retry = awaitRetryOf(id);
        ids.add(retry.id());
        JsonNode done = executions.awaitCompleted(retry.id());
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("succeeded");
        assertThat(done.path("result").path("stdout").asText()).isEqualTo("done");
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
                        .pid())
                .as("retried on the surviving runner")
                .isEqualTo(survivor.pid());
        assertThat(survivor.alive()).isTrue();
        // The first attempt, had it survived, would have written before the retry (started later) did.
        assertThat(Files.readAllLines(effects)).as("one effect, the retry's").containsExactly(retry.id());
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
