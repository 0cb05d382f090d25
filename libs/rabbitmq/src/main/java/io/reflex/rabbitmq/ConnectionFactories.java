package io.reflex.rabbitmq;

import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.impl.recovery.RecordedConsumer;
import com.rabbitmq.client.impl.recovery.TopologyRecoveryFilter;

/** The client settings of a bus: automatic reconnect with topology recovery, bounded timeouts. */
final class ConnectionFactories {
    private static final int HEARTBEAT_SECONDS = 10;

    private ConnectionFactories() {}

    static ConnectionFactory create(RabbitBusConfig config) {
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(BrokerAddresses.parse(config.uri()).uri());
        } catch (Exception e) {
            throw new IllegalArgumentException("not an AMQP URI: " + config.redactedUri(), e);
        }
        int timeout = (int) Math.min(Integer.MAX_VALUE, config.publishTimeout().toMillis());
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(Math.max(100, config.retryDelay().toMillis()));
        factory.setRequestedHeartbeat(HEARTBEAT_SECONDS);
        factory.setConnectionTimeout(timeout);
        factory.setHandshakeTimeout(timeout);
        factory.setChannelRpcTimeout(timeout);
        factory.setShutdownTimeout(timeout);
        factory.setTopologyRecoveryFilter(new TopologyRecoveryFilter() {
            // Log readers resume themselves after the last offset seen; the client would restart them at
            // their original position.
            @Override
            public boolean filterConsumer(RecordedConsumer consumer) {
                return !consumer.getConsumerTag().startsWith(StreamReader.TAG_PREFIX);
            }
        });
        return factory;
    }
}
