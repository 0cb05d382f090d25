package io.reflex.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TopologyTest {
    private static final BrokerCapabilities RABBIT = new BrokerCapabilities("RabbitMQ", "3.10.8", true, true);
    private static final BrokerCapabilities QPID =
            new BrokerCapabilities("Apache Qpid Broker-J Core", "10.1.0", false, false);

    @Test
    void aWorkQueueOnRabbitMqIsAQuorumQueueThatDeadLettersToItsDlqAfterTheLimit() {
        assertThat(Topology.queueArguments("jobs", RABBIT, 5))
                .containsEntry("x-queue-type", "quorum")
                .containsEntry("x-delivery-limit", 5)
                .containsEntry("x-dead-letter-exchange", "")
                .containsEntry("x-dead-letter-routing-key", "jobs.dlq");
    }

    @Test
    void aDeadLetterQueueIsAQuorumQueueWithoutDeadLetteringOfItsOwn() {
        assertThat(Topology.queueArguments("jobs.dlq", RABBIT, 5)).containsOnlyKeys("x-queue-type");
    }

    @Test
    void aBrokerWithoutQuorumQueuesGetsNoQueueArgumentsAtAll() {
        assertThat(Topology.queueArguments("jobs", QPID, 5)).isNull();
    }

    @Test
    void aLogIsAStreamBoundedBySizeAndAgeInSeconds() {
        assertThat(Topology.streamArguments(1024, Duration.ofHours(24)))
                .containsEntry("x-queue-type", "stream")
                .containsEntry("x-max-length-bytes", 1024L)
                .containsEntry("x-max-age", "86400s");
        assertThat(Topology.streamQueueName("events")).isEqualTo("log.events");
    }

    @Test
    void capabilitiesDescribeTheBrokerAndWhatItUses() {
        assertThat(RABBIT.describe()).isEqualTo("RabbitMQ 3.10.8 queues=quorum logs=stream");
        assertThat(QPID.describe()).isEqualTo("Apache Qpid Broker-J Core 10.1.0 queues=classic logs=local");
    }

    @Test
    void brokerVersionsCompareByMajorAndMinor() {
        assertThat(BrokerCapabilities.atLeast("3.10.8", 3, 9)).isTrue();
        assertThat(BrokerCapabilities.atLeast("3.8.0", 3, 8)).isTrue();
        assertThat(BrokerCapabilities.atLeast("3.7.28", 3, 8)).isFalse();
        assertThat(BrokerCapabilities.atLeast("4.0.0-rc.1", 3, 9)).isTrue();
        assertThat(BrokerCapabilities.atLeast("unknown", 3, 8)).isFalse();
    }
}
