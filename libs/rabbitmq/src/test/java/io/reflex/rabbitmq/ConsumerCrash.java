package io.reflex.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.bus.Delivery;
import io.reflex.core.bus.EventBus;
import io.reflex.core.bus.Subscription;
import io.reflex.core.bus.WorkQueue;
import io.reflex.testing.FaultProxy;
import io.reflex.testing.contract.EventBusContractSupport.Note;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A consumer that holds a message unacknowledged loses its connection (its {@link FaultProxy} is cut, as if
 * its process died); returns the delivery another consumer then gets.
 */
final class ConsumerCrash {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private ConsumerCrash() {}

    static Delivery<Note> redeliveryAfterCrash(
            EventBus survivor, FaultProxy proxy, RabbitBusConfig viaProxy, WorkQueue<Note> queue)
            throws InterruptedException {
        CountDownLatch received = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (RabbitEventBus doomed = RabbitEventBus.connect(viaProxy)) {
            doomed.consume(queue, 1, d -> {
                received.countDown();
                release.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
                throw new IllegalStateException("this consumer never acknowledges");
            });
            survivor.publish(queue, "crash-me", new Note("x", 1));
            assertThat(received.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS))
                    .isTrue();
            proxy.cut();
            BlockingQueue<Delivery<Note>> got = new LinkedBlockingQueue<>();
            try (Subscription ignored = survivor.consume(queue, 1, got::add)) {
                Delivery<Note> d = got.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(d).as("the message came back to another consumer").isNotNull();
                return d;
            } finally {
                release.countDown();
            }
        }
    }

    /**
     * Lets {@code crashes} consumers in a row receive the message and die holding it, then checks that the
     * next consumer never sees it because it went to the dead-letter queue.
     */
    static Delivery<Note> deadLetterAfterRepeatedCrashes(
            EventBus survivor,
            String targetHost,
            int targetPort,
            String uriTemplate,
            WorkQueue<Note> queue,
            int crashes)
            throws Exception {
        survivor.publish(queue, "crash-loop", new Note("x", 1));
        for (int i = 0; i < crashes; i++) {
            try (FaultProxy proxy = new FaultProxy(targetHost, targetPort)) {
                crashWhileHandling(proxy, viaProxy(uriTemplate, proxy), queue);
            }
        }
        BlockingQueue<Delivery<Note>> handled = new LinkedBlockingQueue<>();
        BlockingQueue<Delivery<Note>> dead = new LinkedBlockingQueue<>();
        try (Subscription a = survivor.consume(queue, 1, handled::add);
                Subscription b = survivor.consume(queue.deadLetters(), 1, dead::add)) {
            Delivery<Note> d = dead.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(d).as("dead-lettered after %d crashes", crashes).isNotNull();
            assertThat(handled).isEmpty();
            return d;
        }
    }

    private static RabbitBusConfig viaProxy(String uriTemplate, FaultProxy proxy) {
        return RabbitEventBusQpidTest.config(uriTemplate.formatted(proxy.port()))
                .withConnectionName("reflex-crash-test")
                .withRetryDelay(Duration.ofMillis(200));
    }

    private static void crashWhileHandling(FaultProxy proxy, RabbitBusConfig config, WorkQueue<Note> queue)
            throws InterruptedException {
        CountDownLatch received = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (RabbitEventBus doomed = RabbitEventBus.connect(config)) {
            doomed.consume(queue, 1, d -> {
                received.countDown();
                release.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
                throw new IllegalStateException("crashing consumer");
            });
            assertThat(received.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS))
                    .isTrue();
            proxy.cut();
            release.countDown();
        }
    }
}
