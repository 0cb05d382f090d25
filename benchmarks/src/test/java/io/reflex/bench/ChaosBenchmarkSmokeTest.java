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
 * The short CI version of the chaos benchmark, on the scenarios whose guarantees hold today: a rules engine
 * SIGKILLed mid-burst, and the broker SIGKILLed and restarted 10 s later (webhooks refused with 503 meanwhile
 * are re-sent after Retry-After). Every accepted webhook has exactly one execution and exactly one effect.
 */
class ChaosBenchmarkSmokeTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(900)
    void nothingIsLostOrDoubledWhenARulesEngineOrTheBrokerIsKilled() throws Exception {
        Path report = dir.resolve("chaos.md");
        List<ChaosRun.Outcome> outcomes = ChaosBenchmark.run(new ChaosBenchmark.Options(
                30,
                5,
                4,
                List.of(ChaosScenario.RULESENGINE, ChaosScenario.BROKER),
                0.4,
                Duration.ofSeconds(180),
                Duration.ofSeconds(3),
                Duration.ofSeconds(6),
                0.2,
                Path.of("../packs"),
                report));

        assertThat(outcomes)
                .extracting(ChaosRun.Outcome::scenario)
                .containsExactly(ChaosScenario.RULESENGINE, ChaosScenario.BROKER);
        assertThat(outcomes).allSatisfy(o -> {
            assertThat(o.count().settled()).as(o.notes()).isTrue();
            assertThat(o.count().sent()).as(o.notes()).isEqualTo(30);
            assertThat(o.count().created()).as(o.notes()).isEqualTo(30);
            assertThat(o.count().lost()).as(o.notes()).isZero();
            assertThat(o.count().doubled()).as(o.notes()).isZero();
            assertThat(o.recoverySeconds()).as(o.notes()).isPositive();
        });
        assertThat(Files.readString(report))
                .contains("# Chaos: nothing lost, nothing doubled")
                .contains("| rulesengine | SIGKILL rulesengine-1 | 30 | 30 | 0 | 0 |")
                .contains("| broker |");
    }
}
