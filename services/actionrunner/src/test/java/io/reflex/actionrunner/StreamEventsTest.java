package io.reflex.actionrunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflex.core.bus.LogPosition;
import io.reflex.core.bus.Subscription;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.StreamEvent;
import io.reflex.executions.ExecutionViews;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a runner puts on the shared event stream (a RabbitMQ stream queue, so another process can read
 * it): live output lines, announcements, and the execution's status changes.
 */
class StreamEventsTest {
    @TempDir
    static Path dir;

    static FastBackends backends;
    static RunnerTestServer server;
    static final List<StreamEvent> events = new CopyOnWriteArrayList<>();
    static Subscription reader;

    @BeforeAll
    static void start() throws Exception {
        backends = FastBackends.start(dir);
        server = RunnerTestServer.withoutRunner(dir.resolve("reflex"), backends.flags());
        reader = ExecutionViews.rendering(
                        server.backends().bus().log(Channels.EVENTS), new ExecutionViews.Options(true, ""))
                .read(LogPosition.next(), r -> events.add(r.body()));
        server.startRunner(UnaryOperator.identity());
    }

    @AfterAll
    static void stop() {
        if (reader != null) {
            reader.close();
        }
        if (server != null) {
            server.close();
        }
        if (backends != null) {
            backends.close();
        }
    }

    private static List<StreamEvent> about(String id, String event) {
        return events.stream()
                .filter(e -> e.event().equals(event))
                .filter(e -> id.equals(
                        e.data().path("execution_id").asText(e.data().path("id").asText())))
                .toList();
    }

    @Test
    void outputLinesAreStreamedWhileTheActionRunsAndStatusChangesAreAnnounced() {
        String id =
                server.launch("core.local", "{\"cmd\": \"echo one; echo two\"}").id();
        server.awaitCompleted(id);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> about(id, "st2.execution.output__create").size() == 2);
        assertThat(about(id, "st2.execution.output__create"))
                .extracting(e -> e.data().path("data").asText())
                .containsExactly("one\n", "two\n");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> about(id, "st2.execution__update").stream()
                        .anyMatch(e -> e.data().path("status").asText().equals("succeeded")));
        assertThat(about(id, "st2.execution__update"))
                .extracting(e -> e.data().path("status").asText())
                .as("scheduled and running are one write (the claim), announced once as running")
                .contains("running", "succeeded");
    }

    @Test
    void anAnnouncementIsPublishedUnderItsRouteWithThePayload() {
        String id = server.launch(
                        "core.announcement",
                        "{\"message\": {\"text\": \"deploy " + dir.getFileName() + "\"}, \"route\": \"chatops\"}")
                .id();
        server.awaitCompleted(id);
        String text = "deploy " + dir.getFileName();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> events.stream()
                        .anyMatch(e -> e.event().equals("st2.announcement__chatops")
                                && e.data()
                                        .path("payload")
                                        .path("message")
                                        .path("text")
                                        .asText()
                                        .equals(text)));
        StreamEvent e = events.stream()
                .filter(ev -> ev.event().equals("st2.announcement__chatops"))
                .filter(ev -> ev.data()
                        .path("payload")
                        .path("message")
                        .path("text")
                        .asText()
                        .equals(text))
                .findFirst()
                .orElseThrow();
        assertThat(e.data().has("trace_context")).isTrue();
    }
}
