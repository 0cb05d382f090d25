package io.reflex.rabbitmq;

import io.reflex.core.schema.SchemaVersions;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link RabbitEventBus}.
 *
 * @param uri the broker, {@code amqp://user:pass@host:port/vhost}
 * @param connectionName shown in the broker's connection list (suffixed {@code -publish} / {@code -consume})
 * @param deliveryLimit how many times a message is delivered before it is dead-lettered; also the quorum
 *     queues' {@code x-delivery-limit}, so every process sharing a queue must use the same value
 * @param publishTimeout how long a publish waits for the broker's confirm (also the RPC and connect timeout)
 * @param retryDelay the pause before a failed message is delivered again, and between reconnect attempts
 * @param logMaxBytes retention of each log by size (stream {@code x-max-length-bytes})
 * @param logMaxAge retention of each log by age (stream {@code x-max-age})
 * @param schemas the message schema versions this process writes and reads (a newer one is left on the queue
 *     for a process that reads it)
 */
public record RabbitBusConfig(
        String uri,
        String connectionName,
        int deliveryLimit,
        Duration publishTimeout,
        Duration retryDelay,
        long logMaxBytes,
        Duration logMaxAge,
        SchemaVersions schemas) {
    public RabbitBusConfig {
        Objects.requireNonNull(schemas, "schemas");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(connectionName, "connectionName");
        Objects.requireNonNull(publishTimeout, "publishTimeout");
        Objects.requireNonNull(retryDelay, "retryDelay");
        Objects.requireNonNull(logMaxAge, "logMaxAge");
        if (deliveryLimit < 1) {
            throw new IllegalArgumentException("deliveryLimit must be >= 1");
        }
        if (publishTimeout.toMillis() < 1 || retryDelay.isNegative()) {
            throw new IllegalArgumentException("publishTimeout must be positive and retryDelay not negative");
        }
        if (logMaxBytes < 1 || logMaxAge.toSeconds() < 1) {
            throw new IllegalArgumentException("log retention must be at least 1 byte and 1 second");
        }
    }

    /** Production defaults: 5 deliveries, 10 s confirm timeout, 1 s retry delay, logs of 512 MiB / 24 h. */
    public static RabbitBusConfig defaults(String uri) {
        return new RabbitBusConfig(
                uri,
                "reflex",
                5,
                Duration.ofSeconds(10),
                Duration.ofSeconds(1),
                512L << 20,
                Duration.ofHours(24),
                SchemaVersions.CURRENT);
    }

    /** The URI with its password replaced by {@code ***}, for logs and health details. */
    public String redactedUri() {
        return uri.replaceFirst("^(\\w+://[^:/@]*):[^@/]*@", "$1:***@");
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "RabbitBusConfig[uri=" + redactedUri() + ", connectionName=" + connectionName + ", deliveryLimit="
                + deliveryLimit + ", publishTimeout=" + publishTimeout + ", retryDelay=" + retryDelay
                + ", logMaxBytes=" + logMaxBytes + ", logMaxAge=" + logMaxAge + ", schemas=" + schemas + "]";
    }

    public RabbitBusConfig withConnectionName(String name) {
        return new RabbitBusConfig(
                uri, name, deliveryLimit, publishTimeout, retryDelay, logMaxBytes, logMaxAge, schemas);
    }

    public RabbitBusConfig withDeliveryLimit(int limit) {
        return new RabbitBusConfig(
                uri, connectionName, limit, publishTimeout, retryDelay, logMaxBytes, logMaxAge, schemas);
    }

    public RabbitBusConfig withRetryDelay(Duration delay) {
        return new RabbitBusConfig(
                uri, connectionName, deliveryLimit, publishTimeout, delay, logMaxBytes, logMaxAge, schemas);
    }

    public RabbitBusConfig withSchemas(SchemaVersions versions) {
        return new RabbitBusConfig(
                uri, connectionName, deliveryLimit, publishTimeout, retryDelay, logMaxBytes, logMaxAge, versions);
    }
}
