package io.reflex.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.execution.Execution;
import io.reflex.core.json.Json;
import io.reflex.testing.ServiceProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Rule 12 of docs/architecture.md (the outbox) across processes: a runner process dies (halted by its test-only fault switch, as
 * SIGKILL would) right after storing an execution's completion and before publishing anything of it. The
 * completion stays pending in the execution's outbox; the notifier process's outbox sweep announces it,
 * and the notifier handles it exactly once, so an action-trigger rule fires exactly once.
 */
@ExtendWith(ClusterExtension.class)
class OutboxCrashTest {
    /** The notifier's default outbox settings (5 s old, every 2 s) plus a margin for a loaded machine. */
    static final Duration SWEPT_WITHIN = Duration.ofSeconds(40);

    static Cluster cluster;
    static Executions executions;
    static final List<ServiceProcess> runners = new ArrayList<>();

    @BeforeAll
    static void start(Cluster c) {
        cluster = c;
        executions = new Executions(c.api());
    }

    @AfterAll
    static void stop() throws Exception {
        for (ServiceProcess r : runners) {
            r.close();
        }
    }

    @Test
    void aCompletionStoredByARunnerThatDiedBeforePublishingIsAnnouncedOnceBySweep() throws Exception {
        String run = "o" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String cmd = "echo outbox-" + run;
        String rule = "on_outbox_" + run;
        cluster.api().post("/api/v1/rules", """
                {"name": "%s", "pack": "e2e", "enabled": true, "description": "e2e outbox rule",
                 "trigger": {"type": "core.st2.generic.actiontrigger"},
                 "criteria": {"trigger.parameters.cmd": {"type": "equals", "pattern": "%s"}},
                 "action": {"ref": "core.local", "parameters": {"cmd": "echo after-%s"}}}""".formatted(rule, cmd, run)).requireStatus(201, "rule creation");
        ServiceProcess faulty = started(cluster.startRunner(
                "runner-outbox-faulty", List.of("-Dreflex.fault=after-store-before-publish:exit"), Map.of()));

        String id = executions.request("core.local", Json.write(Json.object().put("cmd", cmd)));
        assertThat(faulty.awaitExit(Executions.PATIENCE))
                .as("halted at the fault point")
                .isEqualTo(137);

        Execution stored = cluster.store().executions().get(id).orElseThrow();
        assertThat(stored.status().wire()).isEqualTo("succeeded");
        assertThat(stored.outbox())
                .as("the completion is pending, nothing of it was published")
                .anySatisfy(a -> assertThat(a.completion()).isTrue());
        assertThat(handledLines(id))
                .as("no completion handled before the sweep")
                .isZero();

        // A healthy runner for the rule's action (and the redelivered request of the dead one).
        started(cluster.startRunner("runner-outbox-healthy", Map.of()));
        await("completion of " + id + " handled")
                .atMost(SWEPT_WITHIN)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> handledLines(id) >= 1);
        JsonNode fired = awaitExecutionOf(rule);
        assertThat(executions
                        .awaitCompleted(fired.path("id").asText())
                        .path("status")
                        .asText())
                .isEqualTo("succeeded");
        await("outbox of " + id + " cleared")
                .atMost(SWEPT_WITHIN)
                .until(() -> cluster.store()
                        .executions()
                        .get(id)
                        .orElseThrow()
                        .outbox()
                        .isEmpty());

        // Two more sweeps' worth of time: nothing is announced a second time.
        Thread.sleep(5_000);
        assertThat(handledLines(id)).as(cluster.output()).isEqualTo(1);
        assertThat(cluster.api().get("/api/v1/executions?rule=" + rule).json())
                .as("the action-trigger rule fired once")
                .hasSize(1);
    }

    private static ServiceProcess started(ServiceProcess p) {
        runners.add(p);
        return p;
    }

    /** How many times the notifier process logged handling the completion of {@code id}. */
    private static long handledLines(String id) {
        String line = "execution completion handled execution=" + id + " ";
        return cluster.notifier().lines().stream()
                .filter(l -> l.text().contains(line))
                .count();
    }

    private static JsonNode awaitExecutionOf(String rule) {
        AtomicReference<JsonNode> list = new AtomicReference<>();
        await("execution of rule " + rule)
                .atMost(Executions.PATIENCE)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    list.set(
                            cluster.api().get("/api/v1/executions?rule=" + rule).json());
                    return list.get() != null && list.get().size() > 0;
                });
        return list.get().get(0);
    }
}
