package io.reflex.rabbitmq;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Plain client access to the test broker, to look at and clean up what a bus declared. */
final class RawAmqp {
    private static final Logger log = LoggerFactory.getLogger(RawAmqp.class);

    private RawAmqp() {}

    static Connection connect(String uri) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        BrokerAddresses brokers = BrokerAddresses.parse(uri);
        factory.setUri(brokers.uri());
        factory.setAutomaticRecoveryEnabled(false);
        return factory.newConnection(brokers.addresses(), "reflex-test-raw");
    }

    /** Deletes queues (with their dead-letter queues), topic exchanges and log streams; absent ones are fine. */
    static void delete(String uri, List<String> queues, List<String> topics, List<String> logs) {
        try (Connection connection = connect(uri)) {
            Channel channel = connection.createChannel();
            for (String queue : queues) {
                channel.queueDelete(queue);
                channel.queueDelete(queue + Topology.DEAD_LETTER_SUFFIX);
                channel.queueDelete(queue + Topology.DEAD_LETTER_SUFFIX + Topology.DEAD_LETTER_SUFFIX);
            }
            for (String topic : topics) {
                channel.exchangeDelete(topic);
            }
            for (String name : logs) {
                channel.queueDelete(Topology.streamQueueName(name));
            }
        } catch (Exception e) {
            log.warn("test cleanup failed error={}", e.toString());
        }
    }
}
