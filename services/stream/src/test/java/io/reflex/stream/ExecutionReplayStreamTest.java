package io.reflex.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.model.ExecutionOutput;
import io.reflex.core.model.RunnerType;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.executions.ExecutionViews;
import io.reflex.testing.contract.StateStoreSamples;
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

/**
 * {@code /stream/v1/stream} requests that name executions, as {@code st2 execution tail}, {@code st2 run --tail}
 * and {@code st2 pack install} send them: stored output first, then live, no record twice; and a request
 * waiting for an execution that already ended gets its end event and the stream closes.
 */
class ExecutionReplayStreamTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final String TAIL = "/stream/v1/stream?events=st2.execution__update,st2.execution.output__create"
            + "&end_event=st2.execution__update&end_execution_id=";

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
        Execution e = Execution.request(
                Ids.newId(),
                ExecutionStatus.REQUESTED,
                tick(),
                StateStoreSamples.actionSnapshot("core.local"),
                RunnerType.named("local-shell-cmd"),
                Json.object().put("cmd", "seq 3"));
        for (ExecutionStatus s : path) {
            e = e.transitionTo(s, tick());
        }
        return server.store().executions().insert(e);
    }

    ExecutionOutput stored(Execution e, String data) {
        return server.store()
                .store(Kinds.EXECUTION_OUTPUT)
                .insert(new ExecutionOutput(
                        Ids.newId(), e.id(), "core.local", "local-shell-cmd", tick(), "stdout", data, null));
    }

    Instant tick() {
        clock = clock.plusMillis(10);
        return clock;
    }

    SseClient connect(String pathAndQuery) throws Exception {
        return SseClient.get(server.base(), pathAndQuery, "X-Auth-Token", token);
    }

    /** Events until the stream closes (heartbeats skipped). */
    static List<SseClient.Event> untilClosed(SseClient c) throws InterruptedException {
        List<SseClient.Event> out = new ArrayList<>();
        for (SseClient.Item i = EventStreamTest.nextNonHeartbeat(c);
                !(i instanceof SseClient.Closed);
                i = EventStreamTest.nextNonHeartbeat(c)) {
            assertThat(i).as("stream ended without closing").isNotNull();
            out.add((SseClient.Event) i);
        }
        return out;
    }

    @Test
    void aTailStartedAfterTheActionBeganGetsItsFirstLinesThenLiveOnesEachOnce() throws Exception {
        Execution e = execution(ExecutionStatus.SCHEDULED, ExecutionStatus.RUNNING);
        ExecutionOutput one = stored(e, "1\n");
        ExecutionOutput two = stored(e, "2\n");
        try (SseClient c = connect(TAIL + e.id())) {
            SseClient.Event first = c.nextEvent(WAIT);
            assertThat(first.name()).isEqualTo("st2.execution.output__create");
            assertThat(first.json()).isEqualTo(ExecutionViews.output(one));
            assertThat(c.nextEvent(WAIT).json().path("data").asText()).isEqualTo("2\n");
            // the live copy of a line already sent from the store, then a new line and the end
            server.append("st2.execution.output__create", ExecutionViews.output(two));
            server.append(
                    "st2.execution.output__create",
                    EventStreamTest.output("o3", e.id(), "core.local", "stdout", "3\n"));
            server.append("st2.execution__update", EventStreamTest.execution(e.id(), "core.local", "succeeded"));
            List<SseClient.Event> rest = untilClosed(c);
            assertThat(rest)
                    .extracting(SseClient.Event::name)
                    .containsExactly("st2.execution.output__create", "st2.execution__update");
            assertThat(rest.get(0).json().path("data").asText()).isEqualTo("3\n");
            assertThat(rest.get(1).json().path("status").asText()).isEqualTo("succeeded");
        }
    }

    @Test
    void waitingForAnExecutionThatAlreadyEndedSendsItsStoredEndEventAndCloses() throws Exception {
        Execution e = execution(ExecutionStatus.SCHEDULED, ExecutionStatus.RUNNING, ExecutionStatus.SUCCEEDED);
        stored(e, "done\n");
        try (SseClient c = connect(TAIL + e.id())) {
            List<SseClient.Event> events = untilClosed(c);
            assertThat(events)
                    .extracting(SseClient.Event::name)
                    .containsExactly("st2.execution.output__create", "st2.execution__update");
            ObjectNode end = (ObjectNode) events.get(1).json();
            assertThat(end.path("id").asText()).isEqualTo(e.id());
            assertThat(end.path("status").asText()).isEqualTo("succeeded");
            assertThat(end.path("action").path("ref").asText()).isEqualTo("core.local");
        }
    }

    @Test
    void anEndedExecutionClosesTheStreamEvenWhenItsEndEventIsFilteredOut() throws Exception {
        Execution e = execution(ExecutionStatus.SCHEDULED, ExecutionStatus.RUNNING, ExecutionStatus.FAILED);
        try (SseClient c = connect("/stream/v1/stream?events=st2.announcement__*"
                + "&end_event=st2.execution__update&end_execution_id=" + e.id())) {
            assertThat(untilClosed(c)).isEmpty();
        }
    }

    @Test
    void executionIdsReplayOnlyTheNamedExecutionsOutputAndStayOpen() throws Exception {
        Execution mine = execution(ExecutionStatus.SCHEDULED, ExecutionStatus.RUNNING);
        Execution other = execution(ExecutionStatus.SCHEDULED, ExecutionStatus.RUNNING);
        stored(other, "not mine\n");
        stored(mine, "mine\n");
        try (SseClient c =
                connect("/stream/v1/stream?events=st2.execution.output__create&execution_ids=" + mine.id())) {
            assertThat(c.nextEvent(WAIT).json().path("data").asText()).isEqualTo("mine\n");
            server.append(
                    "st2.execution.output__create",
                    EventStreamTest.output("o9", other.id(), "core.local", "stdout", "other live\n"));
            server.append(
                    "st2.execution.output__create",
                    EventStreamTest.output("o8", mine.id(), "core.local", "stdout", "mine live\n"));
            SseClient.Event live = c.nextEvent(WAIT);
            assertThat(live.json().path("data").asText()).isEqualTo("mine live\n");
            assertThat(live.id()).as("live records keep their log offset").isNotNull();
            assertThat(c.isClosed()).isFalse();
        }
    }
}
