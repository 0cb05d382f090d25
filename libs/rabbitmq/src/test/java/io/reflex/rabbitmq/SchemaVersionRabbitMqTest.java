package io.reflex.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.reflex.core.bus.Subscription;
import io.reflex.core.bus.WorkQueue;
import io.reflex.core.schema.SchemaVersions;
import io.reflex.testing.ExternalBackend;
import io.reflex.testing.contract.EventBusContractSupport.Note;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Two releases side by side on a real RabbitMQ ({@code REFLEX_IT_AMQP_URI}): an "old" process that reads
 * {@link Note} up to schema 1 and a "new" one that writes and reads schema 2 consume the same work queue. What
 * the new one publishes is handled exactly once, by the new one; the old one hands it back without acking
 * and without dead-lettering, logs each message once and does not spin on it.
 */
class SchemaVersionRabbitMqTest {
    private static final int MESSAGES = 30;
    private static final int DELIVERY_LIMIT = 5;

    private final String uri = ExternalBackend.AMQP.require();
    private final WorkQueue<Note> queue = new WorkQueue<>("schema-" + UUID.randomUUID(), Note.class);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger gateLog = (Logger) LoggerFactory.getLogger(SchemaGate.class);
    private RabbitEventBus oldBus;
    private RabbitEventBus newBus;

    private RabbitBusConfig config(String name, SchemaVersions schemas) {
        return RabbitBusConfig.defaults(uri)
                .withConnectionName(name)
                .withDeliveryLimit(DELIVERY_LIMIT)
                .withRetryDelay(Duration.ofMillis(200))
                .withSchemas(schemas);
    }

    @AfterEach
    void cleanUp() {
        gateLog.detachAppender(logs);
        if (oldBus != null) {
            oldBus.close();
        }
        if (newBus != null) {
            newBus.close();
        }
        RawAmqp.delete(uri, List.of(queue.name()), List.of(), List.of());
    }

    @Test
    void aNewerSchemaIsHandledOnceByTheCompatibleConsumerAndNeverDeadLettered() throws Exception {
        logs.start();
        gateLog.addAppender(logs);
        oldBus = RabbitEventBus.connect(config("reflex-test-old", SchemaVersions.CURRENT));
        newBus = RabbitEventBus.connect(config("reflex-test-new", SchemaVersions.CURRENT.with(Note.class, 2)));
        AtomicInteger oldHandled = new AtomicInteger();
        Map<String, AtomicInteger> newHandled = new ConcurrentHashMap<>();
        Map<String, Integer> deliveryCounts = new ConcurrentHashMap<>();
        oldBus.consume(queue, 10, d -> oldHandled.incrementAndGet());
        Subscription compatible = newBus.consume(queue, 10, d -> {
            newHandled.computeIfAbsent(d.messageId(), id -> new AtomicInteger()).incrementAndGet();
            deliveryCounts.merge(d.messageId(), d.deliveryCount(), Math::max);
        });

        Set<String> ids = IntStream.range(0, MESSAGES).mapToObj(i -> "m-" + i).collect(Collectors.toSet());
        for (String id : ids) {
            newBus.publish(queue, id, new Note(id, 2));
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> newHandled.keySet().equals(ids));
        // Any second handling or late dead-lettering would show within a few more pauses.
        Thread.sleep(1500);
        compatible.close();
        assertThat(newHandled.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        assertThat(oldHandled.get()).isZero();
        assertThat(deliveryCounts.values()).allSatisfy(n -> assertThat(n).isLessThan(DELIVERY_LIMIT));
        assertThat(messageCount(queue.name())).isZero();
        assertThat(messageCount(queue.deadLetters().name())).isZero();

        List<String> warned = logs.list.stream()
                .map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.contains("left for a newer process") && m.contains(queue.name()))
                .toList();
        Set<String> warnedIds = warned.stream()
                .map(m -> m.replaceAll(".*message_id=(\\S+).*", "$1"))
                .collect(Collectors.toSet());
        assertThat(warned).as("the old consumer met new messages").isNotEmpty();
        assertThat(warned).as("each logged once").hasSize(warnedIds.size());
        assertThat(warned.getFirst()).contains("schema=2").contains("reads_up_to=1");
    }

    @Test
    void theNewConsumerHandlesWhatTheOldOnePublished() throws Exception {
        oldBus = RabbitEventBus.connect(config("reflex-test-old", SchemaVersions.CURRENT));
        newBus = RabbitEventBus.connect(config("reflex-test-new", SchemaVersions.CURRENT.with(Note.class, 2)));
        Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
        newBus.consume(
                queue,
                4,
                d -> handled.computeIfAbsent(d.messageId(), id -> new AtomicInteger())
                        .incrementAndGet());

        oldBus.publish(queue, "from-old", new Note("old", 1));

        await().atMost(Duration.ofSeconds(30)).until(() -> handled.containsKey("from-old"));
        assertThat(handled.get("from-old").get()).isEqualTo(1);
    }

    private long messageCount(String name) throws Exception {
        try (Connection raw = RawAmqp.connect(uri)) {
            Channel channel = raw.createChannel();
            return channel.queueDeclarePassive(name).getMessageCount();
        }
    }
}
