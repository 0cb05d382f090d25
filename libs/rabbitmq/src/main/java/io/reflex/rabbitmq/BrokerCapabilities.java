package io.reflex.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the broker behind a bus can do, found once at connect. Only RabbitMQ has quorum and stream queues,
 * and Qpid Broker-J answers an {@code x-queue-type} argument by closing the whole connection (542), so the
 * product name from the server properties decides whether to try at all; on RabbitMQ a throwaway queue of
 * each type is declared on a short-lived connection, which also catches disabled feature flags.
 */
record BrokerCapabilities(String product, String version, boolean quorumQueues, boolean streams) {
    private static final Logger log = LoggerFactory.getLogger(BrokerCapabilities.class);

    /** The queue type work queues are declared with. */
    String queueType() {
        return quorumQueues ? "quorum" : "classic";
    }

    String describe() {
        return product + " " + version + " queues=" + queueType() + " logs=" + (streams ? "stream" : "local");
    }

    static BrokerCapabilities probe(ConnectionFactory factory, Connection connected) {
        Map<String, Object> serverProperties = connected.getServerProperties();
        String product = String.valueOf(serverProperties.getOrDefault("product", "unknown"));
        String version = String.valueOf(serverProperties.getOrDefault("version", "unknown"));
        if (!product.equalsIgnoreCase("RabbitMQ")) {
            return new BrokerCapabilities(product, version, false, false);
        }
        boolean quorumByVersion = atLeast(version, 3, 8);
        boolean streamsByVersion = atLeast(version, 3, 9);
        ConnectionFactory probing = factory.clone();
        probing.setAutomaticRecoveryEnabled(false);
        probing.setHost(connected.getAddress().getHostAddress());
        probing.setPort(connected.getPort());
        try (Connection connection = probing.newConnection("reflex-capability-probe")) {
            boolean quorum = declares(connection, "quorum", quorumByVersion);
            boolean streams = declares(connection, "stream", streamsByVersion);
            return new BrokerCapabilities(product, version, quorum, streams);
        } catch (Exception e) {
            log.warn("bus capability probe failed product={} version={} error={}", product, version, e.toString());
            return new BrokerCapabilities(product, version, quorumByVersion, streamsByVersion);
        }
    }

    /**
     * Declares and deletes a throwaway queue of {@code queueType}. A user not allowed to create the probe
     * queue (403) says nothing about the broker, so the version decides then.
     */
    private static boolean declares(Connection connection, String queueType, boolean byVersion) throws IOException {
        String name = "reflex.probe." + queueType + "." + UUID.randomUUID();
        Channel channel = connection.createChannel();
        try {
            channel.queueDeclare(name, true, false, false, Map.of("x-queue-type", queueType));
            channel.queueDelete(name);
            return true;
        } catch (IOException e) {
            boolean refusedAccess = e.getCause() instanceof ShutdownSignalException s
                    && s.getReason() instanceof AMQP.Channel.Close close
                    && close.getReplyCode() == AMQP.ACCESS_REFUSED;
            log.info("bus broker refuses probe queue_type={} error={}", queueType, e.getCause());
            return refusedAccess && byVersion;
        } finally {
            Channels.closeQuietly(channel);
        }
    }

    /** True when a version text like {@code 3.10.8} is at least {@code major.minor}; false when unreadable. */
    static boolean atLeast(String version, int major, int minor) {
        String[] parts = version.split("[.\\-+]");
        try {
            int ma = Integer.parseInt(parts[0]);
            int mi = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return ma > major || (ma == major && mi >= minor);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
