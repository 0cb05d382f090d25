package io.reflex.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.ShutdownSignalException;
import io.reflex.core.bus.BusException;
import io.reflex.core.bus.Delivery;
import io.reflex.core.bus.EventBus;
import io.reflex.core.bus.EventLog;
import io.reflex.core.bus.LogPosition;
import io.reflex.core.bus.LogRecord;
import io.reflex.core.bus.LogStream;
import io.reflex.core.bus.WorkQueue;
import io.reflex.testing.ExternalBackend;
import io.reflex.testing.FaultProxy;
import io.reflex.testing.contract.EventBusContract;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The bus contract against a real RabbitMQ ({@code REFLEX_IT_AMQP_URI}, else Testcontainers; skipped
 * locally and failed in CI when neither exists), plus what only a real broker can show: the queue types it
 * declared, and recovery when the connection dies (through a {@link FaultProxy}).
 */
class RabbitEventBusRabbitMqTest extends EventBusContract {

    private static String uri() {
        return ExternalBackend.AMQP.require();
    }

    @Override
    protected EventBus newBus() {
        return RabbitEventBus.connect(RabbitEventBusQpidTest.config(uri()));
    }

    @Override
    protected int deliveryLimit() {
        return 3;
    }

    @Override
    protected void deleteCreated(List<String> queues, List<String> topics, List<String> logs) {
        RawAmqp.delete(uri(), queues, topics, logs);
    }

    @Test
    void healthNamesRabbitMqWithQuorumQueuesAndStreamLogs() {
        assertThat(bus.health().check().detail())
                .contains("RabbitMQ")
                .contains("queues=quorum")
                .contains("logs=stream");
    }

    @Test
    void workQueuesAreQuorumQueuesWithADeadLetterQueue() throws Exception {
        WorkQueue<Note> queue = newQueue();
        bus.publish(queue, "declare", new Note("x", 1));
        Map<String, Object> classic = new HashMap<>(Topology.queueArguments(queue.name(), quorum(), deliveryLimit()));
        classic.put("x-queue-type", "classic");
        try (Connection raw = RawAmqp.connect(uri())) {
            assertThat(declareFailure(raw, queue.name(), classic))
                    .contains("406")
                    .contains("inequivalent arg 'x-queue-type'");
            Channel channel = raw.createChannel();
            AMQP.Queue.DeclareOk dlq =
                    channel.queueDeclarePassive(queue.deadLetters().name());
            assertThat(dlq.getQueue()).isEqualTo(queue.name() + ".dlq");
            assertThat(declareFailure(raw, dlq.getQueue(), Map.of("x-queue-type", "classic")))
                    .contains("406")
                    .contains("inequivalent arg 'x-queue-type'");
        }
    }

    @Test
    void logsAreStreamQueues() throws Exception {
        LogStream<Note> stream = newLog();
        bus.log(stream).append(new Note("x", 1));
        RabbitBusConfig config = RabbitEventBusQpidTest.config(uri());
        Map<String, Object> classic = new HashMap<>(Topology.streamArguments(config.logMaxBytes(), config.logMaxAge()));
        classic.put("x-queue-type", "classic");
        try (Connection raw = RawAmqp.connect(uri())) {
            assertThat(declareFailure(raw, Topology.streamQueueName(stream.name()), classic))
                    .contains("406")
                    .contains("inequivalent arg 'x-queue-type'");
        }
    }

    @Test
    void aBodyThatIsNotJsonGoesToTheDeadLetterQueueAtOnce() throws Exception {
        WorkQueue<Note> queue = newQueue();
        BlockingQueue<Delivery<Note>> handled = new LinkedBlockingQueue<>();
        closeLater(bus.consume(queue, 1, handled::add));
        try (Connection raw = RawAmqp.connect(uri())) {
            Channel channel = raw.createChannel();
            channel.basicPublish("", queue.name(), null, "not json".getBytes(StandardCharsets.UTF_8));
            GetResponse dead = await().atMost(PATIENCE)
                    .until(() -> channel.basicGet(queue.deadLetters().name(), true), r -> r != null);
            assertThat(new String(dead.getBody(), StandardCharsets.UTF_8)).isEqualTo("not json");
            assertThat(String.valueOf(dead.getProps().getHeaders().get(WireFormat.REASON_HEADER)))
                    .startsWith("undecodable");
        }
        assertThat(handled).isEmpty();
    }

    @Test
    void anUnackedMessageGoesToAnotherConsumerWhenItsConsumersConnectionDies() throws Exception {
        WorkQueue<Note> queue = newQueue();
        try (FaultProxy proxy = proxy()) {
            Delivery<Note> d = ConsumerCrash.redeliveryAfterCrash(bus, proxy, faultConfig(proxy), queue);
            assertThat(d.messageId()).isEqualTo("crash-me");
            assertThat(d.deliveryCount()).as("counted by the quorum queue").isEqualTo(2);
        }
    }

    @Test
    void aMessageThatKeepsCrashingConsumersEndsInTheDeadLetterQueue() throws Exception {
        URI target = URI.create(uri());
        // the same virtual host as the survivor's, or the doomed consumers would wait on another queue
        String path = target.getRawPath() == null ? "" : target.getRawPath();
        String template = target.getScheme() + "://" + target.getRawUserInfo() + "@127.0.0.1:%d" + path;
        Delivery<Note> dead = ConsumerCrash.deadLetterAfterRepeatedCrashes(
                bus, target.getHost(), port(target), template, newQueue(), deliveryLimit());
        assertThat(dead.messageId()).isEqualTo("crash-loop");
    }

    @Test
    void consumingResumesAfterTheBrokerConnectionIsKilledAndNoAckedMessageIsLost() throws Exception {
        WorkQueue<Note> queue = newQueue();
        Set<Integer> handled = ConcurrentHashMap.newKeySet();
        try (FaultProxy proxy = proxy();
                RabbitEventBus faulty = RabbitEventBus.connect(faultConfig(proxy))) {
            faulty.consume(queue, 5, d -> handled.add(d.body().n()));
            publishRange(queue, 0, 20);
            await().atMost(PATIENCE).until(() -> handled.size() >= 10);
            proxy.cut();
            await().atMost(PATIENCE).until(() -> !faulty.health().check().up());
            assertThatThrownBy(() -> faulty.publish(queue, "while-down", new Note("x", -1)))
                    .isInstanceOf(BusException.class);
            publishRange(queue, 20, 40);
            proxy.restore();
            await().atMost(PATIENCE).until(() -> faulty.health().check().up());
            assertThat(faulty.health().check().detail()).contains("queues=quorum");
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(handled)
                            .containsAll(IntStream.range(0, 40).boxed().toList()));
        }
    }

    @Test
    void publishesInFlightWhenTheConnectionDiesEndAndLaterPublishesGoThroughAgain() throws Exception {
        WorkQueue<Note> queue = newQueue();
        Set<Integer> confirmed = ConcurrentHashMap.newKeySet();
        Set<Integer> failed = ConcurrentHashMap.newKeySet();
        try (FaultProxy proxy = proxy();
                RabbitEventBus faulty = RabbitEventBus.connect(faultConfig(proxy))) {
            List<Thread> publishers = IntStream.range(0, 8)
                    .mapToObj(t -> Thread.ofVirtual().start(() -> {
                        // publish until one fails: the cut below ends every publisher's run
                        for (int i = t * 100_000; i < (t + 1) * 100_000; i++) {
                            try {
                                faulty.publish(queue, "n-" + i, new Note("n", i));
                                confirmed.add(i);
                            } catch (BusException e) {
                                failed.add(i);
                                return;
                            }
                        }
                    }))
                    .toList();
            await().atMost(PATIENCE).until(() -> confirmed.size() >= 200);
            proxy.cut();
            for (Thread publisher : publishers) {
                assertThat(publisher.join(PATIENCE))
                        .as("no publish waits past the connection's end")
                        .isTrue();
            }
            assertThat(failed).as("every publisher met the cut").hasSize(8);
            proxy.restore();
            await().atMost(PATIENCE).until(() -> faulty.health().check().up());
            await().atMost(PATIENCE).ignoreExceptions().until(() -> {
                faulty.publish(queue, "after", new Note("after", -1));
                return true;
            });
        }
        Set<Integer> delivered = ConcurrentHashMap.newKeySet();
        closeLater(bus.consume(queue, 10, d -> delivered.add(d.body().n())));
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(delivered)
                        .as("every confirmed publish arrived")
                        .containsAll(confirmed));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(delivered).contains(-1));
    }

    @Test
    void aLogReaderResumesAfterTheBrokerConnectionIsKilledWithoutGapsOrRepeats() throws Exception {
        LogStream<Note> stream = newLog();
        EventLog<Note> direct = bus.log(stream);
        BlockingQueue<LogRecord<Note>> got = new LinkedBlockingQueue<>();
        try (FaultProxy proxy = proxy();
                RabbitEventBus faulty = RabbitEventBus.connect(faultConfig(proxy))) {
            closeLater(faulty.log(stream).read(LogPosition.first(), got::add));
            appendRange(direct, 0, 5);
            List<LogRecord<Note>> seen = new java.util.ArrayList<>(take(got, 5));
            proxy.cut();
            await().atMost(PATIENCE).until(() -> !faulty.health().check().up());
            appendRange(direct, 5, 10);
            proxy.restore();
            seen.addAll(take(got, 5));
            assertThat(seen).extracting(r -> r.body().n()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
            assertThat(seen).extracting(LogRecord::offset).isSorted().doesNotHaveDuplicates();
            appendRange(direct, 10, 11);
            assertThat(take(got, 1)).extracting(r -> r.body().n()).containsExactly(10);
            assertThat(got).isEmpty();
        }
    }

    @Test
    void measuresConfirmedPublishRateOnQuorumQueues() throws Exception {
        PublishRate.measure(bus, newQueue(), "rabbitmq-quorum");
    }

    private void publishRange(WorkQueue<Note> queue, int from, int to) {
        for (int i = from; i < to; i++) {
            bus.publish(queue, "m-" + i, new Note("m", i));
        }
    }

    private static void appendRange(EventLog<Note> log, int from, int to) {
        for (int i = from; i < to; i++) {
            log.append(new Note("r", i));
        }
    }

    private static BrokerCapabilities quorum() {
        return new BrokerCapabilities("RabbitMQ", "test", true, true);
    }

    private static FaultProxy proxy() throws IOException {
        URI target = URI.create(uri());
        return new FaultProxy(target.getHost(), port(target));
    }

    private static int port(URI target) {
        return target.getPort() < 0 ? 5672 : target.getPort();
    }

    private static RabbitBusConfig faultConfig(FaultProxy proxy) {
        URI target = URI.create(uri());
        String proxied = target.getScheme() + "://" + target.getRawUserInfo() + "@127.0.0.1:" + proxy.port()
                + (target.getRawPath() == null ? "" : target.getRawPath());
        return RabbitEventBusQpidTest.config(proxied)
                .withConnectionName("reflex-fault-test")
                .withRetryDelay(Duration.ofMillis(200));
    }

    /** The text of the channel error a declaration with {@code args} provokes, or "" when it succeeds. */
    private static String declareFailure(Connection raw, String queue, Map<String, Object> args) throws IOException {
        Channel channel = raw.createChannel();
        try {
            channel.queueDeclare(queue, true, false, false, args);
            return "";
        } catch (IOException e) {
            return e.getCause() instanceof ShutdownSignalException s ? s.getMessage() : e.toString();
        }
    }
}
