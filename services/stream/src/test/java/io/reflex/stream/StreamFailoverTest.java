package io.reflex.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.model.Action;
import io.reflex.core.model.RunnerType;
import io.reflex.core.store.Ids;
import io.reflex.executions.ExecutionViews;
import io.reflex.testing.ServiceProcess;
import io.reflex.testing.contract.StateStoreSamples;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resume test: a client subscribed to stream process A sees executions happen; A is killed with
 * SIGKILL; more executions happen while the client is away; it reconnects to stream process B with
 * {@code Last-Event-ID} and receives every event it missed exactly once, in order, then live ones. Both
 * processes read the same RabbitMQ stream queue.
 */
class StreamFailoverTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    /** A JVM's start, which a loaded machine can stretch well past {@link #WAIT}. */
    static final Duration START = Duration.ofSeconds(90);

    static final ExecutionViews.Options VIEW = new ExecutionViews.Options(true, "");

    @TempDir
    Path dir;

    final String ref = "stream_it.failover_" + UUID.randomUUID().toString().replace("-", "");

    /** What the test saw or expects of one event: its name, the execution's id and status. */
    record Seen(String event, String execution, String status) {
        static Seen of(SseClient.Event e) {
            return new Seen(
                    e.name(),
                    e.json().path("id").asText(),
                    e.json().path("status").asText());
        }
    }

    @Test
    @Timeout(120)
    void aClientMovedToAnotherStreamProcessWithLastEventIdGetsEveryMissedEventOnceInOrder() throws Exception {
        try (SharedBackends backends = SharedBackends.start();
                ServiceProcess a = start("a", backends);
                ServiceProcess b = start("b", backends)) {
            String token = backends.token("st2admin");
            String query = "/stream/v1/stream?action_refs=" + ref;
            List<SseClient.Event> received = new ArrayList<>();
            long lastId;
            try (SseClient onA = SseClient.get(a.url(START), query, "X-Auth-Token", token)) {
                assertThat(onA.next(WAIT)).isInstanceOf(SseClient.Heartbeat.class);
                List<Seen> before = runExecutions(backends, 5);
                received.addAll(take(onA, before.size()));
                assertThat(received).extracting(Seen::of).containsExactlyElementsOf(before);
                lastId = received.get(received.size() - 1).offset();

                a.kill();
                assertThat(EventStreamTest.nextNonHeartbeat(onA)).isInstanceOf(SseClient.Closed.class);
            }
            List<Seen> missed = runExecutions(backends, 5);
            try (SseClient onB =
                    SseClient.get(b.url(START), query, "X-Auth-Token", token, "Last-Event-ID", Long.toString(lastId))) {
                assertThat(onB.status()).isEqualTo(200);
                List<SseClient.Event> replayed = take(onB, missed.size());
                assertThat(replayed)
                        .as("replayed by process B; its log:\n%s", b.output())
                        .extracting(Seen::of)
                        .containsExactlyElementsOf(missed);
                received.addAll(replayed);
                List<Seen> after = runExecutions(backends, 2);
                received.addAll(take(onB, after.size()));
                assertThat(received.subList(received.size() - after.size(), received.size()))
                        .extracting(Seen::of)
                        .containsExactlyElementsOf(after);
                assertThat(onB.drained())
                        .as("nothing after the last event")
                        .noneMatch(i -> i instanceof SseClient.Event);
            }
            List<Long> ids = received.stream().map(SseClient.Event::offset).toList();
            assertThat(ids)
                    .as("ids strictly increase: in order, none twice")
                    .isSorted()
                    .doesNotHaveDuplicates();
        }
    }

    /** A stream process ({@code java ... StreamMain}) of its own data directory, sharing the backends. */
    private ServiceProcess start(String name, SharedBackends backends) throws IOException {
        return ServiceProcess.start(
                name, StreamMain.class.getName(), List.of("-Xmx256m"), backends.flags(dir.resolve(name)));
    }

    /** Runs {@code n} executions through their statuses, appending the events the writer appends. */
    private List<Seen> runExecutions(SharedBackends backends, int n) {
        List<Seen> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Action action = StateStoreSamples.actionSnapshot(ref);
            Execution e = Execution.request(
                    Ids.newId(),
                    ExecutionStatus.REQUESTED,
                    Timestamps.now(),
                    action,
                    RunnerType.named("local-shell-cmd"),
                    Json.object().put("cmd", "true"));
            append(backends, "create", e, expected);
            for (ExecutionStatus s :
                    List.of(ExecutionStatus.SCHEDULED, ExecutionStatus.RUNNING, ExecutionStatus.SUCCEEDED)) {
                e = e.transitionTo(s, Timestamps.now());
                append(backends, "update", e, expected);
            }
        }
        return expected;
    }

    private static void append(SharedBackends backends, String kind, Execution e, List<Seen> expected) {
        backends.append("st2.execution__" + kind, ExecutionViews.execution(e, VIEW));
        backends.append("st2.liveaction__" + kind, ExecutionViews.liveaction(e, true));
        expected.add(new Seen("st2.execution__" + kind, e.id(), e.status().wire()));
        expected.add(new Seen("st2.liveaction__" + kind, e.id(), e.status().wire()));
    }

    private static List<SseClient.Event> take(SseClient c, int n) throws InterruptedException {
        List<SseClient.Event> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(c.nextEvent(WAIT));
        }
        return out;
    }
}
