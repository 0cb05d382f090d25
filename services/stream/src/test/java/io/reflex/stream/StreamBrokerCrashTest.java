package io.reflex.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflex.core.json.Json;
import io.reflex.testing.RabbitNode;
import io.reflex.testing.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker under a stream process is SIGKILLed and comes back 10 s later: the stream process says so on
 * {@code /healthz} (503 naming the event log reader) while its reader cannot consume, then resumes by itself,
 * and a client that stayed connected receives every event appended after the broker's return, once each.
 */
class StreamBrokerCrashTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    @Timeout(480)
    void theStreamReaderComesBackAfterTheBrokerIsKilledAndRestarted() throws Exception {
        try (RabbitNode node = RabbitNode.start();
                SharedBackends backends = SharedBackends.start(node.uri());
                ServiceProcess stream = ServiceProcess.start(
                        "stream",
                        StreamMain.class.getName(),
                        List.of("-Xmx256m"),
                        backends.flags(dir.resolve("stream")))) {
            String base = stream.url(Duration.ofSeconds(90));
            String tag = "crash_" + UUID.randomUUID().toString().replace("-", "");
            assertThat(health(base)).isEqualTo(200);
            try (SseClient client = SseClient.get(
                    base, "/stream/v1/stream?events=reflex.crash_test", "X-Auth-Token", backends.token("st2admin"))) {
                assertThat(client.next(WAIT)).isInstanceOf(SseClient.Heartbeat.class);
                append(backends, tag, 0, 20);
                List<Integer> got = new ArrayList<>(take(client, 20));
                node.awaitQueueSettled("log.events", Duration.ofSeconds(60));

                node.kill();
                await().atMost(WAIT).until(() -> health(base) == 503);
                assertThat(healthBody(base)).contains("event_log");
                Thread.sleep(10_000);
                node.restart();

                node.awaitRecovery(() -> health(base) == 200, Duration.ofSeconds(240), "stream health");
                append(backends, tag, 20, 60);
                got.addAll(take(client, 40));
                assertThat(got)
                        .containsExactlyElementsOf(
                                java.util.stream.IntStream.range(0, 60).boxed().toList());
                assertThat(client.drained()).noneMatch(i -> i instanceof SseClient.Event);
            }
        }
    }

    private static void append(SharedBackends backends, String tag, int from, int to) {
        for (int i = from; i < to; i++) {
            int n = i;
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                backends.append(
                        "reflex.crash_test", Json.object().put("tag", tag).put("n", n));
                return true;
            });
        }
    }

    private static List<Integer> take(SseClient client, int n) throws InterruptedException {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(client.nextEvent(WAIT).json().path("n").asInt());
        }
        return out;
    }

    private static int health(String base) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create(base + "/healthz"))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static String healthBody(String base) throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
