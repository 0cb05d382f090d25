package io.reflex.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.testing.ExternalBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short CI version of the pipeline benchmark: four service processes on the real RabbitMQ, a few
 * webhooks per action, every one ending in a succeeded execution whose latency was measured, and a report
 * with the profile of each burst (recorded in every process).
 */
class PipelineBenchmarkSmokeTest {
    @TempDir
    Path dir;

    @Test
    void runsBothActionsThroughTheProcessesAndWritesAReport() throws Exception {
        String amqp = ExternalBackend.AMQP.require();
        Path report = dir.resolve("pipeline.md");
        List<PipelineBenchmark.Measured> measured = PipelineBenchmark.run(new PipelineBenchmark.Options(
                20,
                0,
                List.of("core.noop", "core.local"),
                5,
                4,
                30,
                "memory",
                amqp,
                Duration.ofSeconds(120),
                Path.of("../packs"),
                report,
                dir.resolve("profile"),
                false));

        assertThat(measured)
                .extracting(PipelineBenchmark.Measured::action)
                .containsExactly("core.noop", "core.noop", "core.local", "core.local");
        assertThat(measured).allSatisfy(m -> {
            assertThat(m.result().succeeded()).as(m.toString()).isEqualTo(20);
            assertThat(m.result().latencies().count()).isEqualTo(20);
            assertThat(m.result().latencies().percentileMs(50)).isPositive();
            assertThat(m.result().perSecond()).isPositive();
        });
        assertThat(Files.readString(report))
                .contains("# Webhook → rule → execution pipeline")
                .contains("| core.noop | burst | 20 | 20 |")
                .contains("| core.local | burst | 20 | 20 |")
                .containsPattern("core.noop burst, of the services' CPU above, their JIT compiler threads \\(ms per"
                        + " execution\\): api \\d+\\.\\d, rulesengine \\d+\\.\\d, .*total \\d")
                .contains("## Profile: core.noop burst")
                .contains("## Profile: core.local burst")
                .containsPattern("Store commands \\(answered by mongo-java-server, or statements sent to PostgreSQL\\),"
                        + " per execution: total \\d")
                .containsPattern("Confirmed bus publishes, per execution \\(all services\\): total \\d");
        assertThat(dir.resolve("profile").resolve("core-noop-api.jfr")).isNotEmptyFile();
    }

    @Test
    void onTheEmbeddedPostgresTheStatementsOfAnExecutionAreCountedPerServiceFromTheServersLog() throws Exception {
        String amqp = ExternalBackend.AMQP.require();
        Path report = dir.resolve("pipeline.md");
        PipelineBenchmark.run(new PipelineBenchmark.Options(
                10,
                0,
                List.of("core.noop"),
                5,
                4,
                30,
                "postgres",
                amqp,
                Duration.ofSeconds(120),
                Path.of("../packs"),
                report,
                null,
                true));

        assertThat(Files.readString(report))
                .contains("| core.noop | burst | 10 | 10 |")
                .containsPattern("core.noop burst, PostgreSQL statements per execution \\(its log\\), total \\d")
                .containsPattern("rulesengine \\d+(\\.\\d)? \\([^)]*INSERT execution 1\\.0")
                .containsPattern("actionrunner \\d+(\\.\\d)? \\([^)]*UPDATE execution \\d");
    }
}
