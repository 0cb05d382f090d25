package io.reflex.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code bin/bench compare} computes and parses without starting any system. */
class CompareReportTest {
    private static CompareLoad.Sent sent(long[] sentMs, long[] answeredMs, int[] status) {
        Instant[] at = new Instant[sentMs.length];
        long[] sentNanos = new long[sentMs.length];
        long[] answeredNanos = new long[sentMs.length];
        for (int i = 0; i < sentMs.length; i++) {
            at[i] = Instant.EPOCH.plusMillis(sentMs[i]);
            sentNanos[i] = sentMs[i] * 1_000_000;
            answeredNanos[i] = answeredMs[i] * 1_000_000;
        }
        return new CompareLoad.Sent("b", at, sentNanos, answeredNanos, status);
    }

    @Test
    void answeredBatchCountsOnlyOkAnswersOverFirstSendToLastAnswer() {
        CompareBatch b = CompareBatch.fromAnswers(
                sent(new long[] {0, 100, 200, 300}, new long[] {10, 130, 900, 2000}, new int[] {200, 200, 500, 200}),
                200);

        assertThat(b.sent()).isEqualTo(4);
        assertThat(b.completed()).isEqualTo(3);
        assertThat(b.perSecond()).isEqualTo(1.5);
        assertThat(b.latencies().percentileMs(50)).isEqualTo(30.0);
        assertThat(b.latencies().percentileMs(100)).isEqualTo(1700.0);
    }

    @Test
    void completionsBatchTakesLatencyFromSendToTheRecordedEnd() {
        CompareLoad.Sent s = sent(new long[] {0, 500}, new long[] {1, 501}, new int[] {202, 202});
        CompareBatch b = CompareBatch.fromCompletions(s, Map.of(0, Instant.EPOCH.plusMillis(40)));

        assertThat(b.completed()).isEqualTo(1);
        assertThat(b.perSecond()).isEqualTo(25.0);
        assertThat(b.latencies().percentileMs(99)).isEqualTo(40.0);
    }

    @Test
    void fewerStoredRecordsThanAnswersCapTheCompletedCountAndRate() {
        CompareBatch b = new CompareBatch(10, 10, 50.0, new Latencies()).atMost(8);

        assertThat(b.completed()).isEqualTo(8);
        assertThat(b.perSecond()).isEqualTo(40.0);
        assertThat(new CompareBatch(10, 10, 50.0, new Latencies()).atMost(12).completed())
                .isEqualTo(10);
    }

    @Test
    void ratiosAreAboveOneWhenReflexDoesBetter() {
        assertThat(CompareTable.ratio(60.0, 30.0, true)).isEqualTo("2.00×");
        assertThat(CompareTable.ratio(20.0, 10.0, false)).isEqualTo("0.50×");
        assertThat(CompareTable.ratio(5.0, 2000.0, true)).isEqualTo("0.0025×");
        assertThat(CompareTable.ratio(null, 10.0, false)).isEqualTo("–");
        assertThat(CompareTable.ratio(0.0, 10.0, true)).isEqualTo("–");
    }

    @Test
    void tableHasAColumnPerSystemAndMarksAnAbsentOne() {
        Latencies fast = new Latencies();
        fast.add(10_000_000);
        Latencies slow = new Latencies();
        slow.add(40_000_000);
        Map<String, CompareBatch> reflex = Map.of(
                CompareTable.key(CompareWorkload.NOOP, CompareTable.BURST), new CompareBatch(100, 100, 60, fast),
                CompareTable.key(CompareWorkload.NOOP, CompareTable.PACED), new CompareBatch(100, 100, 20, fast));
        Map<String, CompareBatch> n8n = Map.of(
                CompareTable.key(CompareWorkload.NOOP, CompareTable.BURST), new CompareBatch(100, 100, 30, slow),
                CompareTable.key(CompareWorkload.NOOP, CompareTable.PACED), new CompareBatch(100, 100, 20, slow));

        String table = CompareTable.markdown(List.of(
                CompareTable.Column.measured("Reflex", reflex),
                CompareTable.Column.measured("n8n", n8n),
                CompareTable.Column.absent("Node-RED", "not installed")));

        assertThat(table.lines().findFirst().orElseThrow())
                .isEqualTo("| workload | measure | Reflex | n8n | Node-RED | Reflex vs n8n | Reflex vs Node-RED |");
        assertThat(table)
                .contains("| webhook → noop | burst, completed/s | 60.0 | 30.0 | not installed | 2.00× | – |")
                .contains("| webhook → noop | paced, p99 (ms) | 10.0 | 40.0 | not installed | 4.00× | – |")
                .contains("| webhook → shell `true` | burst, completed/s | – | – | not installed | – | – |");
    }

    @Test
    void reflexUpEndpointsAreReadFromWhatItPrintsOnceUp() {
        String out = """
                starting api on 0.0.0.0
                Reflex is up. Data: /tmp/x/data
                  system packs     /repo/packs (read-only)
                  auth             http://127.0.0.1:40001   auth API (/auth/v1, standalone); health: /healthz
                  api              http://127.0.0.1:40002   REST API
                  rulesengine      http://127.0.0.1:40003   health
                Try: curl http://127.0.0.1:40002/healthz    Stop: Ctrl-C
                """;

        assertThat(ReflexUpTarget.endpoints(out))
                .containsEntry("auth", "http://127.0.0.1:40001")
                .containsEntry("api", "http://127.0.0.1:40002")
                .containsEntry("rulesengine", "http://127.0.0.1:40003")
                .hasSize(3);
        assertThat(ReflexUpTarget.endpoints("  api  http://127.0.0.1:1")).isEmpty();
    }

    @Test
    void reflexCompletionsAreSucceededExecutionsBySequenceNumber() throws Exception {
        JsonNode list = Json.mapper().readTree("""
                [{"status": "succeeded", "end_timestamp": "2026-12-06T20:00:00.123456Z",
                  "trigger_instance": {"payload": {"body": {"batch": "b", "n": 7}}}},
                 {"status": "failed", "end_timestamp": "2026-12-06T20:00:01.000000Z",
                  "trigger_instance": {"payload": {"body": {"batch": "b", "n": 8}}}},
                 {"status": "running", "trigger_instance": {"payload": {"body": {"n": 9}}}}]""");

        assertThat(ReflexUpTarget.completions(list))
                .containsExactlyEntriesOf(Map.of(7, Instant.parse("2026-12-06T20:00:00.123456Z")));
    }

    @Test
    void n8nWorkflowsAndCountAreWhatItsCliAndTheCountingScriptExchange() throws Exception {
        JsonNode workflows = Json.mapper().readTree(N8nTarget.workflowsJson());

        assertThat(workflows).hasSize(2);
        assertThat(workflows.get(0).path("id").asText())
                .hasSize(16)
                .isEqualTo(N8nTarget.workflowId(CompareWorkload.NOOP));
        assertThat(workflows
                        .get(1)
                        .path("nodes")
                        .get(1)
                        .path("parameters")
                        .path("command")
                        .asText())
                .isEqualTo("true");
        assertThat(N8nTarget.storedCount("(node:1) ExperimentalWarning: SQLite\nstored=42\n"))
                .isEqualTo(42);
        assertThat(Json.mapper().readTree(NodeRedTarget.FLOWS)).hasSize(6);
    }
}
