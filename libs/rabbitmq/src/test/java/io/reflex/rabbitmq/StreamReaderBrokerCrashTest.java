package io.reflex.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflex.core.bus.EventBus;
import io.reflex.core.bus.EventLog;
import io.reflex.core.bus.LogPosition;
import io.reflex.core.bus.LogStream;
import io.reflex.core.bus.Subscription;
import io.reflex.testing.RabbitNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A log reader survives its broker being SIGKILLed and restarted: it reports itself down while it cannot
 * consume, keeps trying (the restarted broker refuses stream consumers until its stream members are back),
 * and then delivers every record appended after the restart, and none twice. The broker is a node of the
 * test's own, so the shared one is never touched.
 */
class StreamReaderBrokerCrashTest {
    record Tick(int n) {}

    @Test
    void aLogReaderResumesAfterTheBrokerIsKilledAndRestarted() throws Exception {
        try (RabbitNode node = RabbitNode.start();
                EventBus bus = RabbitEventBus.connect(RabbitEventBusQpidTest.config(node.uri()))) {
            String name = "crash-" + System.nanoTime();
            EventLog<Tick> log = bus.log(new LogStream<>(name, Tick.class));
            List<Integer> got = new CopyOnWriteArrayList<>();
            try (Subscription reader =
                    log.read(LogPosition.first(), r -> got.add(r.body().n()))) {
                IntStream.range(0, 50).forEach(i -> log.append(new Tick(i)));
                await().atMost(Duration.ofSeconds(30)).until(() -> got.size() == 50);
                assertThat(reader.status().up()).isTrue();
                node.awaitQueueSettled("log." + name, Duration.ofSeconds(60));

                node.kill();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> !reader.status().up());
                Thread.sleep(3_000); // the broker stays away a while, as after a crash
                node.restart();

                node.awaitRecovery(() -> reader.status().up(), Duration.ofSeconds(240), "log reader");
                appendWhenConnected(log, 50, 100);
                await().atMost(Duration.ofSeconds(30)).until(() -> got.size() >= 100);
                Thread.sleep(500);
                assertThat(got)
                        .containsExactlyElementsOf(
                                IntStream.range(0, 100).boxed().toList());
            }
        }
    }

    /** Appends {@code from..to-1}, retrying each until the publishing connection has recovered. */
    private static void appendWhenConnected(EventLog<Tick> log, int from, int to) {
        for (int i = from; i < to; i++) {
            int n = i;
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions()
                    .until(() -> {
                        log.append(new Tick(n));
                        return true;
                    });
        }
    }
}
