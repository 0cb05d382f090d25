package io.reflex.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.testing.ServiceProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Drain by default (docs/architecture.md, rule 4), on a real process and a real signal: a runner that receives SIGTERM with
 * five executions in flight lets them finish, then exits on its own.
 */
@ExtendWith(ClusterExtension.class)
class RunnerDrainTest {
    /** What a JVM that ran its shutdown hooks after SIGTERM exits with: 128 + 15. */
    static final int EXIT_AFTER_SIGTERM = 143;

    static Cluster cluster;
    static Executions executions;

    @BeforeAll
    static void start(Cluster c) {
        cluster = c;
        executions = new Executions(c.api());
    }

    @Test
    void aRunnerGivenSigtermWithFiveInFlightFinishesThemAndExits() throws Exception {
        ServiceProcess runner =
                cluster.startRunner("runner-drain", Map.of("actionrunner.concurrency", "5", "shutdown.grace", "60s"));
        try {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ids.add(executions.request("core.local", "{\"cmd\": \"sleep 3; echo done " + i + "\"}"));
            }
            for (String id : ids) {
                executions.awaitStatus(id, Executions.PATIENCE, Set.of("running"));
                assertThat(cluster.store()
                                .executions()
                                .get(id)
                                .orElseThrow()
                                .runnerInfo()
                                .pid())
                        .isEqualTo(runner.pid());
            }

            int exit = runner.terminate(Duration.ofSeconds(90));

            assertThat(exit).as(runner.output()).isEqualTo(EXIT_AFTER_SIGTERM);
            for (int i = 0; i < ids.size(); i++) {
                JsonNode e = executions.get(ids.get(i));
                assertThat(e.path("status").asText()).as(e.toString()).isEqualTo("succeeded");
                assertThat(e.path("result").path("stdout").asText()).isEqualTo("done " + i);
            }
            assertThat(runner.said("action runner draining"))
                    .as(runner.output())
                    .isTrue();
            assertThat(runner.said("in_flight=5")).as(runner.output()).isTrue();
            assertThat(runner.said("action runner drained")).as(runner.output()).isTrue();
        } finally {
            runner.close();
        }
    }
}
