package io.reflex.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.model.Action;
import io.reflex.core.model.ExecutionOutput;
import io.reflex.core.model.RunnerType;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.executions.ExecutionViews;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /stream/v1/executions/{id}/output} over real HTTP: stored, then live, then {@code EOF}. */
class OutputStreamTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    StreamTestServer server;
    String token;
    Instant clock = Timestamps.now().minusSeconds(60);

    @BeforeEach
    void start() throws Exception {
        server = StreamTestServer.start(dir, Map.of("stream.heartbeat", "200ms"));
        token = server.token("st2admin");
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    Execution execution(ExecutionStatus... path) {
        ObjectNode action = Json.object()
                .put("id", "a1")
                .put("name", "local")
                .put("ref", "core.local")
                .put("uid", "action:core:local")
                .put("pack", "core")
                .put("runner_type", "local-shell-cmd");
        action.putObject("parameters")
                .putObject("password")
                .put("type", "string")
                .put("secret", true);
        ObjectNode params = Json.object().put("cmd", "echo").put("password", "hunter2-secret");
        Execution e = Execution.request(
                Ids.newId(),
                ExecutionStatus.REQUESTED,
                tick(),
                Json.mapper().convertValue(action, Action.class),
                RunnerType.named("local-shell-cmd"),
                params);
        for (ExecutionStatus s : path) {
            e = e.transitionTo(s, tick());
        }
        return server.store().executions().insert(e);
    }

    ExecutionOutput stored(Execution e, String type, String data) {
        return server.store()
                .store(Kinds.EXECUTION_OUTPUT)
                .insert(new ExecutionOutput(
                        Ids.newId(), e.id(), "core.local", "local-shell-cmd", tick(), type, data, null));
    }

    Instant tick() {
        clock = clock.plusMillis(10);
        return clock;
    }

    SseClient open(String id, String query) throws Exception {
        return SseClient.get(server.base(), "/stream/v1/executions/" + id + "/output" + query, "X-Auth-Token", token);
    }

    @Test
    void aCompletedExecutionStreamsItsStoredOutputThenEofAndCloses() throws Exception {
        Execution e = execution(ExecutionStatus.SCHEDULED, ExecutionStatus.RUNNING, ExecutionStatus.SUCCEEDED);
        ExecutionOutput one = stored(e, "stdout", "one\n");
        stored(e, "stderr", "two\n");
        try (SseClient c = open(e.id(), "")) {
            assertThat(c.header("Content-Type")).isEqualTo("text/event-stream; charset=UTF-8");
            SseClient.Event first = c.nextEvent(WAIT);
            assertThat(first.name()).isEqualTo("st2.execution.output__create");
            assertThat(first.id()).isNull();
            assertThat(first.json()).isEqualTo(ExecutionViews.output(one));
            assertThat(c.nextEvent(WAIT).json().path("data").asText()).isEqualTo("two\n");
            SseClient.Event eof = c.nextEvent(WAIT);
            assertThat(eof.name()).isEqualTo("EOF");
            assertThat(eof.data()).isEqualTo("''");
            assertThat(EventStreamTest.nextNonHeartbeat(c)).isInstanceOf(SseClient.Closed.class);
            assertThat(c.rawText()).contains("event: EOF\ndata: ''\n\n");
        }
    }

    @Test
    void aRunningExecutionStreamsStoredThenLiveOutputAndEndsWhenItCompletes() throws Exception {
        Execution e = execution(ExecutionStatus.SCHEDULED, ExecutionStatus.RUNNING);
        stored(e, "stdout", "stored\n");
        try (SseClient c = open(e.id(), "")) {
            assertThat(c.nextEvent(WAIT).json().path("data").asText()).isEqualTo("stored\n");
            server.append("st2.execution.output__create", EventStreamTest.output("o9", "other", "x", "stdout", "no"));
            server.append(
                    "st2.execution.output__create",
                    EventStreamTest.output("o1", e.id(), "core.local", "stdout", "live\n"));
            server.append("st2.execution__update", EventStreamTest.execution(e.id(), "core.local", "running"));
            assertThat(c.nextEvent(WAIT).json().path("data").asText()).isEqualTo("live\n");
            server.append("st2.execution__update", EventStreamTest.execution(e.id(), "core.local", "succeeded"));
            assertThat(c.nextEvent(WAIT).name()).isEqualTo("EOF");
            assertThat(EventStreamTest.nextNonHeartbeat(c)).isInstanceOf(SseClient.Closed.class);
        }
    }

    @Test
    void pausingEndsTheOutputStreamToo() throws Exception {
        Execution e = execution(ExecutionStatus.SCHEDULED, ExecutionStatus.RUNNING);
        try (SseClient c = open(e.id(), "")) {
            c.next(WAIT);
            server.append("st2.execution__update", EventStreamTest.execution(e.id(), "orquesta", "pausing"));
            assertThat(c.nextEvent(WAIT).name()).isEqualTo("EOF");
        }
    }

    @Test
    void outputTypeSelectsStoredAndLiveRecords() throws Exception {
        Execution e = execution(ExecutionStatus.SCHEDULED, ExecutionStatus.RUNNING);
        stored(e, "stdout", "out\n");
        stored(e, "stderr", "err\n");
        try (SseClient c = open(e.id(), "?output_type=stderr")) {
            assertThat(c.nextEvent(WAIT).json().path("data").asText()).isEqualTo("err\n");
            server.append(
                    "st2.execution.output__create", EventStreamTest.output("a", e.id(), "core.local", "stdout", "o2"));
            server.append(
                    "st2.execution.output__create", EventStreamTest.output("b", e.id(), "core.local", "stderr", "e2"));
            assertThat(c.nextEvent(WAIT).json().path("data").asText()).isEqualTo("e2");
        }
    }

    @Test
    void theEndIsNoticedInTheStoreWhenTheCompletionEventNeverArrives() throws Exception {
        Execution e = execution(ExecutionStatus.SCHEDULED, ExecutionStatus.RUNNING);
        try (SseClient c = open(e.id(), "")) {
            c.next(WAIT);
            stored(e, "stdout", "written just before the end\n");
            server.store().executions().replace(e.transitionTo(ExecutionStatus.FAILED, tick()));
            assertThat(c.nextEvent(WAIT).json().path("data").asText()).isEqualTo("written just before the end\n");
            assertThat(c.nextEvent(WAIT).name()).isEqualTo("EOF");
        }
    }

    @Test
    void secretParameterValuesAreMaskedInStoredOutput() throws Exception {
        Execution e = execution(ExecutionStatus.SCHEDULED, ExecutionStatus.RUNNING, ExecutionStatus.SUCCEEDED);
        stored(e, "stdout", "login with hunter2-secret ok\n");
        try (SseClient c = open(e.id(), "")) {
            assertThat(c.nextEvent(WAIT).json().path("data").asText()).isEqualTo("login with ******** ok\n");
        }
    }

    @Test
    void lastNamesTheMostRecentExecution() throws Exception {
        execution(ExecutionStatus.SCHEDULED, ExecutionStatus.RUNNING, ExecutionStatus.SUCCEEDED);
        Execution newest = execution(ExecutionStatus.SCHEDULED, ExecutionStatus.RUNNING, ExecutionStatus.SUCCEEDED);
        stored(newest, "stdout", "newest\n");
        try (SseClient c = open("last", "")) {
            assertThat(c.nextEvent(WAIT).json().path("execution_id").asText()).isEqualTo(newest.id());
        }
    }

    @Test
    void anUnknownExecutionIs404BeforeAnyStreamStarts() throws Exception {
        SseClient c = open("5f0000000000000000000000", "");
        assertThat(c.status()).isEqualTo(404);
        assertThat(c.bodyJson().path("faultstring").asText())
                .isEqualTo("Unable to identify resource with id \"5f0000000000000000000000\".");
        SseClient anonymous = SseClient.get(server.base(), "/stream/v1/executions/last/output");
        assertThat(anonymous.status()).isEqualTo(401);
    }

    static List<String> dataOf(List<SseClient.Event> events) {
        List<String> out = new ArrayList<>();
        events.forEach(ev -> out.add(ev.json().path("data").asText()));
        return out;
    }
}
