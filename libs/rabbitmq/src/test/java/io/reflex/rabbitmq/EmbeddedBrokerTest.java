package io.reflex.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.bus.Delivery;
import io.reflex.core.bus.LogPosition;
import io.reflex.core.bus.LogRecord;
import io.reflex.core.bus.LogStream;
import io.reflex.core.bus.Subscription;
import io.reflex.core.bus.WorkQueue;
import io.reflex.embedded.EmbeddedBroker;
import io.reflex.testing.contract.EventBusContractSupport.Note;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded Qpid Broker-J as the bus sees it: a loopback port, and durable state kept on disk. */
class EmbeddedBrokerTest {
    @TempDir
    Path dataDir;

    @Test
    void aPersistentMessageSurvivesABrokerRestartOnTheSameDataDirectory() throws Exception {
        WorkQueue<Note> queue = new WorkQueue<>("embedded-restart", Note.class);
        try (EmbeddedBroker broker = EmbeddedBroker.start(dataDir);
                RabbitEventBus bus = RabbitEventBus.connect(RabbitEventBusQpidTest.config(broker.amqpUri()))) {
            bus.publish(queue, "kept", new Note("survives", 1));
        }
        assertThat(Files.isDirectory(dataDir.resolve("broker"))).isTrue();
        assertThat(dataDir.resolve("broker/message-store/messages.mv.db")).isRegularFile();
        BlockingQueue<Delivery<Note>> got = new LinkedBlockingQueue<>();
        try (EmbeddedBroker broker = EmbeddedBroker.start(dataDir);
                RabbitEventBus bus = RabbitEventBus.connect(RabbitEventBusQpidTest.config(broker.amqpUri()));
                Subscription ignored = bus.consume(queue, 1, got::add)) {
            Delivery<Note> d = got.poll(30, TimeUnit.SECONDS);
            assertThat(d).isNotNull();
            assertThat(d.messageId()).isEqualTo("kept");
            assertThat(d.body()).isEqualTo(new Note("survives", 1));
        }
    }

    @Test
    void inMemoryBrokersListenOnDistinctFreeLoopbackPorts() throws Exception {
        WorkQueue<Note> queue = new WorkQueue<>("embedded-memory", Note.class);
        try (EmbeddedBroker first = EmbeddedBroker.start(null);
                EmbeddedBroker second = EmbeddedBroker.start(null)) {
            assertThat(first.amqpUri()).isEqualTo("amqp://guest:guest@127.0.0.1:" + first.port());
            assertThat(first.port()).isNotEqualTo(5672).isNotEqualTo(second.port());
            try (RabbitEventBus bus = RabbitEventBus.connect(RabbitEventBusQpidTest.config(first.amqpUri()))) {
                bus.publish(queue, "lost", new Note("gone", 1));
                assertThat(bus.health().check().up()).isTrue();
            }
        }
    }

    @Test
    void busesOfOneProcessOnTheSameBrokerShareItsLogsWhenTheBrokerHasNoStreams() throws Exception {
        LogStream<Note> stream = new LogStream<>("embedded-shared-log", Note.class);
        BlockingQueue<LogRecord<Note>> seen = new LinkedBlockingQueue<>();
        try (EmbeddedBroker broker = EmbeddedBroker.start(null);
                EmbeddedBroker other = EmbeddedBroker.start(null);
                RabbitEventBus writer =
                        RabbitEventBus.connect(RabbitEventBusQpidTest.config(broker.amqpUri()), broker.localLogs());
                RabbitEventBus reader =
                        RabbitEventBus.connect(RabbitEventBusQpidTest.config(broker.amqpUri()), broker.localLogs());
                RabbitEventBus elsewhere =
                        RabbitEventBus.connect(RabbitEventBusQpidTest.config(other.amqpUri()), other.localLogs());
                Subscription ignored = reader.log(stream).read(LogPosition.first(), seen::add)) {
            writer.log(stream).append(new Note("one", 1));
            elsewhere.log(stream).append(new Note("other broker", 2));
            writer.log(stream).append(new Note("two", 3));
            LogRecord<Note> first = seen.poll(10, TimeUnit.SECONDS);
            LogRecord<Note> second = seen.poll(10, TimeUnit.SECONDS);
            assertThat(first).isNotNull();
            assertThat(second).isNotNull();
            assertThat(java.util.List.of(first.body().text(), second.body().text()))
                    .containsExactly("one", "two");
            assertThat(second.offset()).isGreaterThan(first.offset());
            assertThat(seen.poll(300, TimeUnit.MILLISECONDS))
                    .as("nothing from the other broker")
                    .isNull();
        }
    }
}
