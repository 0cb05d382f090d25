package io.reflex.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.bus.Delivery;
import io.reflex.core.bus.EventBus;
import io.reflex.core.bus.WorkQueue;
import io.reflex.core.health.HealthStatus;
import io.reflex.embedded.EmbeddedBroker;
import io.reflex.testing.FaultProxy;
import io.reflex.testing.contract.EventBusContract;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bus contract against the embedded Qpid Broker-J (in memory): classic queues, process-local logs. */
class RabbitEventBusQpidTest extends EventBusContract {
    private static EmbeddedBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedBroker.start(null);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    static RabbitBusConfig config(String uri) {
        return RabbitBusConfig.defaults(uri)
                .withConnectionName("reflex-test")
                .withDeliveryLimit(3)
                .withRetryDelay(Duration.ofMillis(50));
    }

    @Override
    protected EventBus newBus() {
        return RabbitEventBus.connect(config(broker.amqpUri()), broker.localLogs());
    }

    @Override
    protected int deliveryLimit() {
        return 3;
    }

    @Test
    void healthNamesTheBrokerAndClassicQueuesWithLocalLogs() {
        HealthStatus status = bus.health().check();
        assertThat(status.detail()).contains("Qpid").contains("queues=classic").contains("logs=local");
    }

    @Test
    void measuresConfirmedPublishRate() throws Exception {
        PublishRate.measure(bus, newQueue(), "qpid-memory");
    }

    @Test
    void anUnackedMessageComesBackCountedWhenItsConsumersConnectionDies() throws Exception {
        WorkQueue<Note> queue = newQueue();
        try (FaultProxy proxy = new FaultProxy("127.0.0.1", broker.port())) {
            RabbitBusConfig viaProxy =
                    config("amqp://guest:guest@127.0.0.1:" + proxy.port()).withRetryDelay(Duration.ofMillis(200));
            Delivery<Note> d = ConsumerCrash.redeliveryAfterCrash(bus, proxy, viaProxy, queue);
            assertThat(d.messageId()).isEqualTo("crash-me");
            assertThat(d.deliveryCount())
                    .as("counted by re-publishing the redelivered message")
                    .isEqualTo(2);
        }
    }

    @Test
    void aMessageThatKeepsCrashingConsumersEndsInTheDeadLetterQueue() throws Exception {
        Delivery<Note> dead = ConsumerCrash.deadLetterAfterRepeatedCrashes(
                bus, "127.0.0.1", broker.port(), "amqp://guest:guest@127.0.0.1:%d", newQueue(), deliveryLimit());
        assertThat(dead.messageId()).isEqualTo("crash-loop");
    }
}
