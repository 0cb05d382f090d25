package io.reflex.rabbitmq;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;
import io.reflex.core.bus.BusException;
import io.reflex.core.bus.EventBus;
import io.reflex.core.bus.EventLog;
import io.reflex.core.bus.LocalEventLog;
import io.reflex.core.bus.LocalLogs;
import io.reflex.core.bus.LogStream;
import io.reflex.core.bus.MessageHandler;
import io.reflex.core.bus.Subscription;
import io.reflex.core.bus.Topic;
import io.reflex.core.bus.WorkQueue;
import io.reflex.core.health.HealthCheck;
import io.reflex.core.health.HealthStatus;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link EventBus} on RabbitMQ (or any AMQP 0-9-1 broker, such as the embedded Qpid Broker-J) through
 * the RabbitMQ Java client. Two auto-recovering connections: one publishes, one consumes, so broker flow
 * control on publishers never stalls acks. Work queues are quorum queues when the broker has them (see
 * {@link Topology}), topics are topic exchanges with a private queue per subscriber, logs are stream queues.
 *
 * <p>On a broker without stream queues (the embedded Qpid Broker-J) a log falls back to a {@link LocalEventLog}
 * from the {@link LocalLogs} the bus was connected with: the embedded broker hands in its own, so every bus
 * of this process on that broker shares them and services assembled in one process ({@code reflex up}) see
 * each other's records; other processes do not. On a classic-queue broker a consumer crash is counted only through the broker's
 * "redelivered" flag (see {@link WorkConsumer}).
 *
 * <p>After a lost connection the client reconnects every {@code retryDelay} and declares again what was
 * declared; consumers resume by themselves, log readers from the offset after the last one they received.
 * While disconnected, publishes fail with {@link BusException} and {@link #health()} is down.
 */
public final class RabbitEventBus implements EventBus {
    private static final Logger log = LoggerFactory.getLogger(RabbitEventBus.class);
    private static final long LOCAL_LOG_MAX_RECORDS = 1_000_000;

    private final RabbitBusConfig config;
    private final BrokerCapabilities capabilities;
    private final Connection publishConnection;
    private final Connection consumeConnection;
    private final Topology consumeTopology;
    private final Publisher publisher;
    private final LocalLogs localLogs;
    private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();
    private final ConcurrentMap<String, EventLog<?>> logs = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Class<?>> logTypes = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private RabbitEventBus(
            RabbitBusConfig config,
            BrokerCapabilities capabilities,
            Connection publishConnection,
            Connection consumeConnection,
            LocalLogs localLogs) {
        this.config = config;
        this.localLogs = localLogs;
        this.capabilities = capabilities;
        this.publishConnection = publishConnection;
        this.consumeConnection = consumeConnection;
        this.consumeTopology = new Topology(consumeConnection, capabilities, config);
        this.publisher = new Publisher(
                publishConnection,
                new Topology(publishConnection, capabilities, config),
                config.publishTimeout().toMillis());
        watch(publishConnection);
        watch(consumeConnection);
    }

    /**
     * Connects to the broker, finds what it supports, and returns a bus. Topology is declared later, on
     * first use.
     *
     * @throws BusException when the broker cannot be reached now (no retry here: the caller decides)
     */
    public static RabbitEventBus connect(RabbitBusConfig config) {
        return connect(config, new LocalLogs());
    }

    /**
     * As {@link #connect(RabbitBusConfig)}; on a broker without stream queues the logs are {@code localLogs}
     * (the embedded broker's, shared by every bus of this process connected to it).
     */
    public static RabbitEventBus connect(RabbitBusConfig config, LocalLogs localLogs) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(localLogs, "localLogs");
        ConnectionFactory factory = ConnectionFactories.create(config);
        List<Address> brokers = BrokerAddresses.parse(config.uri()).addresses();
        Connection consume = null;
        Connection publish = null;
        try {
            consume = factory.newConnection(brokers, config.connectionName() + "-consume");
            publish = factory.newConnection(brokers, config.connectionName() + "-publish");
            BrokerCapabilities capabilities = BrokerCapabilities.probe(factory, consume);
            log.info("bus connected uri={} broker={}", config.redactedUri(), capabilities.describe());
            return new RabbitEventBus(config, capabilities, publish, consume, localLogs);
        } catch (Exception e) {
            for (Connection opened : new Connection[] {consume, publish}) {
                if (opened != null) {
                    Channels.closeQuietly(opened, 1_000);
                }
            }
            throw new BusException("cannot connect to " + config.redactedUri() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public <T> void publish(WorkQueue<T> queue, String messageId, T message) {
        Objects.requireNonNull(messageId, "messageId");
        byte[] body = WireFormat.encode(Objects.requireNonNull(message, "message"));
        checkOpen();
        publisher.toQueue(
                queue.name(),
                WireFormat.properties(messageId, queue.type(), config.schemas().of(queue.type())),
                body);
    }

    @Override
    public <T> Subscription consume(WorkQueue<T> queue, int prefetch, MessageHandler<T> handler) {
        if (prefetch < 1) {
            throw new IllegalArgumentException("prefetch must be >= 1");
        }
        Objects.requireNonNull(handler, "handler");
        checkOpen();
        consumeTopology.workQueue(queue.name());
        Channel channel = openChannel();
        WorkConsumer<T> consumer = new WorkConsumer<>(queue, channel, prefetch, handler, publisher, config);
        return register(consumer, () -> consumer.start(prefetch), channel);
    }

    @Override
    public <T> void broadcast(Topic<T> topic, String routingKey, T message) {
        Objects.requireNonNull(routingKey, "routingKey");
        byte[] body = WireFormat.encode(Objects.requireNonNull(message, "message"));
        checkOpen();
        publisher.toTopic(
                topic.name(),
                routingKey,
                WireFormat.properties(
                        UUID.randomUUID().toString(),
                        topic.type(),
                        config.schemas().of(topic.type())),
                body);
    }

    @Override
    public <T> Subscription subscribe(Topic<T> topic, String bindingPattern, MessageHandler<T> handler) {
        Objects.requireNonNull(bindingPattern, "bindingPattern");
        Objects.requireNonNull(handler, "handler");
        checkOpen();
        consumeTopology.topic(topic.name());
        Channel channel = openChannel();
        TopicConsumer<T> consumer = new TopicConsumer<>(topic, channel, handler, config);
        return register(consumer, () -> consumer.start(bindingPattern), channel);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> EventLog<T> log(LogStream<T> stream) {
        checkOpen();
        Class<?> known = logTypes.putIfAbsent(stream.name(), stream.type());
        if (known != null && known != stream.type()) {
            throw new IllegalArgumentException("log " + stream.name() + " holds " + known.getSimpleName());
        }
        return (EventLog<T>) logs.computeIfAbsent(stream.name(), name -> newLog(stream));
    }

    private <T> EventLog<T> newLog(LogStream<T> stream) {
        if (capabilities.streams()) {
            return new StreamLog<>(
                    stream, config.schemas().of(stream.type()), publisher, consumeTopology, consumeConnection);
        }
        log.info("bus log is process-local (broker has no streams) log={}", stream.name());
        return localLogs.log(
                stream.name(), stream.type(), LOCAL_LOG_MAX_RECORDS, config.logMaxBytes(), config.logMaxAge());
    }

    @Override
    public HealthCheck health() {
        return HealthCheck.of("bus", () -> {
            if (closed) {
                return HealthStatus.down("closed");
            }
            if (!publishConnection.isOpen() || !consumeConnection.isOpen()) {
                return HealthStatus.down("disconnected from " + capabilities.product() + " at " + config.redactedUri()
                        + ", reconnecting");
            }
            return HealthStatus.up(capabilities.describe());
        });
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Subscription s : List.copyOf(subscriptions)) {
            s.close();
        }
        for (EventLog<?> l : logs.values()) {
            if (l instanceof StreamLog<?> stream) {
                stream.closeReaders();
            }
        }
        publisher.close();
        int timeout = (int) Math.min(Integer.MAX_VALUE, config.publishTimeout().toMillis());
        Channels.closeQuietly(publishConnection, timeout);
        Channels.closeQuietly(consumeConnection, timeout);
        log.info("bus closed uri={}", config.redactedUri());
    }

    private void checkOpen() {
        if (closed) {
            throw new BusException("bus is closed");
        }
    }

    private Channel openChannel() {
        try {
            Channel channel = consumeConnection.createChannel();
            if (channel == null) {
                throw new BusException("the consuming connection has no free channel number");
            }
            return channel;
        } catch (IOException | ShutdownSignalException e) {
            throw new BusException("cannot open a channel: " + Topology.reason(e), e);
        }
    }

    private Subscription register(Subscription subscription, Start start, Channel channel) {
        subscriptions.add(subscription);
        try {
            start.run();
            return new Tracked(subscription);
        } catch (IOException | ShutdownSignalException e) {
            subscriptions.remove(subscription);
            subscription.close();
            Channels.closeQuietly(channel);
            throw new BusException("cannot start consuming: " + Topology.reason(e), e);
        }
    }

    private void watch(Connection connection) {
        connection.addShutdownListener(cause -> {
            if (!cause.isInitiatedByApplication()) {
                log.warn(
                        "bus connection lost connection={} cause={}",
                        connection.getClientProvidedName(),
                        cause.getMessage());
            }
        });
        if (connection instanceof Recoverable recoverable) {
            recoverable.addRecoveryListener(new RecoveryListener() {
                @Override
                public void handleRecovery(Recoverable r) {
                    log.info("bus connection recovered connection={}", connection.getClientProvidedName());
                    if (connection == consumeConnection) {
                        resumeLogReaders();
                    }
                }

                @Override
                public void handleRecoveryStarted(Recoverable r) {}
            });
        }
    }

    private void resumeLogReaders() {
        for (EventLog<?> l : logs.values()) {
            if (l instanceof StreamLog<?> stream) {
                stream.resumeReaders();
            }
        }
    }

    @FunctionalInterface
    private interface Start {
        void run() throws IOException;
    }

    /** Removes a subscription from the bus's set when the caller closes it. */
    private final class Tracked implements Subscription {
        private final Subscription delegate;

        Tracked(Subscription delegate) {
            this.delegate = delegate;
        }

        @Override
        public void close() {
            delegate.close();
            subscriptions.remove(delegate);
        }
    }
}
