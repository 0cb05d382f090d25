package io.reflex.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import io.reflex.runtime.config.ConfigLoader;
import io.reflex.runtime.service.ServiceRunner;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The slow-client test: 200 SSE clients on one stream process, one of which never reads. Events
 * keep coming; the 199 others receive every one of them, in order, and only the stuck client is cut once
 * its buffer overflows. The producer paces itself on the healthy clients (a batch, then wait until all of
 * them have it), so the only client that can fall behind is the one that does not read.
 */
class SlowClientTest {
    static final int HEALTHY = 199;
    static final int BATCH = 25;
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    final String ref = "stream_it.slow_" + UUID.randomUUID().toString().replace("-", "");

    @Test
    @Timeout(120)
    void twoHundredClientsKeepReceivingEveryEventWhileTheOneThatNeverReadsIsCut() throws Exception {
        Logger connectionLog = (Logger) LoggerFactory.getLogger(SseConnection.class);
        ListAppender<ILoggingEvent> cuts = new ListAppender<>();
        cuts.start();
        connectionLog.addAppender(cuts);
        List<SseClient> clients = new ArrayList<>();
        try (SharedBackends backends = SharedBackends.start()) {
            Map<String, String> flags = backends.flags(dir);
            flags.put("stream.client_buffer", "50");
            flags.put("stream.send_buffer", "16384");
            try (var running = ServiceRunner.start(
                            List.of(new StreamService()), ConfigLoader.load(null, Map.of(), flags));
                    Socket stuck = SseClient.stuck(
                            running.endpoints().get(0).url(), query(), "X-Auth-Token", backends.token("st2admin"))) {
                String url = running.endpoints().get(0).url();
                String token = backends.token("st2admin");
                for (int i = 0; i < HEALTHY; i++) {
                    clients.add(SseClient.counting(url, query(), "X-Auth-Token", token));
                }
                for (SseClient c : clients) {
                    assertThat(c.next(WAIT)).as("connected").isInstanceOf(SseClient.Heartbeat.class);
                }
                int produced = 0;
                int cutAt = -1;
                String pad = "x".repeat(1024);
                while (produced < 5_000 && (cutAt < 0 || produced < cutAt + 4 * BATCH)) {
                    for (int i = 0; i < BATCH; i++) {
                        backends.append("st2.execution__update", event(produced++, pad));
                    }
                    int target = produced;
                    await().atMost(WAIT)
                            .pollInterval(Duration.ofMillis(20))
                            .until(() -> clients.stream().allMatch(c -> c.count() >= target));
                    if (cutAt < 0 && !cuts.list.isEmpty()) {
                        cutAt = produced;
                    }
                }
                assertThat(cutAt).as("the client that never reads was cut").isPositive();
                assertThat(cuts.list)
                        .extracting(ILoggingEvent::getFormattedMessage)
                        .singleElement()
                        .asString()
                        .contains("reason=buffer_full");
                List<Long> ids = clients.get(0).ids();
                assertThat(ids).hasSize(produced).isSorted().doesNotHaveDuplicates();
                for (SseClient c : clients) {
                    assertThat(c.ids()).isEqualTo(ids);
                    assertThat(c.isClosed()).isFalse();
                }
                long bytes = readUntilClosed(stuck);
                LoggerFactory.getLogger(SlowClientTest.class)
                        .info(
                                "slow client measured clients={} events={} cut_after_events={} stuck_client_bytes={}",
                                HEALTHY + 1,
                                produced,
                                cutAt,
                                bytes);
                assertThat(bytes)
                        .as("the stuck client got only part of the stream")
                        .isLessThan((long) produced * pad.length());
            }
        } finally {
            connectionLog.detachAppender(cuts);
            for (SseClient c : clients) {
                c.close();
            }
        }
    }

    private String query() {
        return "/stream/v1/stream?action_refs=" + ref;
    }

    private ObjectNode event(int n, String pad) {
        ObjectNode o = Json.object().put("id", "n" + n).put("status", "running").put("pad", pad);
        o.putObject("action").put("ref", ref);
        return o;
    }

    /** Reads what the server had sent before it closed the connection; fails if it stays open. */
    private static long readUntilClosed(Socket socket) throws IOException {
        socket.setSoTimeout((int) WAIT.toMillis());
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[65536];
        long total = 0;
        try {
            for (int n = in.read(buf); n != -1; n = in.read(buf)) {
                total += n;
            }
        } catch (java.net.SocketException reset) {
            // a reset is a close too
        }
        return total;
    }
}
