package io.reflex.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short CI version of the HA chaos run, on the replicated chaos cluster (three RabbitMQ nodes, a
 * three-server ZooKeeper ensemble, two of every consuming service): one RabbitMQ node lost (the one leading the
 * trigger-instance queue), the ZooKeeper leader lost, and a whole box lost, each while a small burst of
 * webhooks is on its way. Every accepted webhook has exactly one execution and its effect: none is lost, none
 * is run twice by a redelivery. The one exception is stated where it is asserted: an action whose runner dies
 * after its effect and before its result is stored, re-run by its own retry policy.
 */
class ChaosBenchmarkReplicatedSmokeTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(600)
    void nothingIsLostOrDoubledWhenARabbitNodeAZooKeeperNodeOrABoxIsLost() throws Exception {
        Path report = dir.resolve("chaos-replicated.md");
        List<ChaosScenario> faults = List.of(ChaosScenario.RABBIT_NODE, ChaosScenario.ZK_NODE, ChaosScenario.BOX);
        List<ChaosRun.Outcome> outcomes = ChaosBenchmark.run(new ChaosBenchmark.Options(
                20,
                5,
                2,
                faults,
                0.4,
                Duration.ofSeconds(120),
                Duration.ofSeconds(3),
                Duration.ofSeconds(6),
                0.2,
                Path.of("../packs"),
                report));

        assertThat(outcomes).extracting(ChaosRun.Outcome::scenario).containsExactlyElementsOf(faults);
        assertThat(outcomes).allSatisfy(o -> {
            assertThat(o.count().settled()).as(o.notes()).isTrue();
            assertThat(o.count().sent()).as(o.notes()).isEqualTo(20);
            assertThat(o.count().created()).as(o.notes()).isEqualTo(20);
            assertThat(o.count().lost()).as(o.notes()).isZero();
            assertThat(o.count().seqs().doubleExecution()).as(o.notes()).isZero();
            // A runner killed with its box after the action's effect but before it stored the result leaves an
            // abandoned execution, which chaos.append_retry's policy (retry on abandoned) runs once more; the
            // action keys its effect on the chain's idempotency key, so even then the effect happens once.
            assertThat(o.count().seqs().doubleEffect()).as(o.notes()).isZero();
        });
        assertThat(Files.readString(report))
                .contains("3-node RabbitMQ cluster")
                .contains("| rabbit-node |")
                .contains("| zk-node |")
                .contains("| box |");
    }
}
