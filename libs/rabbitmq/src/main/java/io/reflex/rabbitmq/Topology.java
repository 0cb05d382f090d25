package io.reflex.rabbitmq;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import io.reflex.core.bus.BusException;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Declares the broker objects a bus uses, once per connection and idempotently. Declarations made through
 * an auto-recovering connection are recorded by the client and declared again after a reconnect (so a
 * restarted in-memory broker gets its queues back before consumers resume).
 *
 * <p>A work queue {@code q} is a durable quorum queue where the broker has them (with
 * {@code x-delivery-limit} and dead-lettering to {@code q.dlq}, so a message that crashes consumers is
 * bounded too), otherwise a durable classic queue; {@code q.dlq} is declared with it. A queue whose name
 * ends in {@code .dlq} gets no dead-letter arguments of its own. Every process must derive the same
 * arguments for a name, or the broker refuses the second declaration (406 PRECONDITION_FAILED).
 */
final class Topology {
    static final String DEAD_LETTER_SUFFIX = ".dlq";
    static final String LOG_PREFIX = "log.";

    private final Connection connection;
    private final BrokerCapabilities capabilities;
    private final RabbitBusConfig config;
    private final Set<String> declared = ConcurrentHashMap.newKeySet();
    private final Map<String, Declaration> declarations = new LinkedHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private Channel channel;
    private Channel replayedOn;

    Topology(Connection connection, BrokerCapabilities capabilities, RabbitBusConfig config) {
        this.connection = connection;
        this.capabilities = capabilities;
        this.config = config;
    }

    /** Declares work queue {@code name} and, unless it is one, its dead-letter queue. */
    void workQueue(String name) {
        if (declared.contains("queue:" + name)) {
            return;
        }
        declare("queue:" + name, channel -> {
            if (!name.endsWith(DEAD_LETTER_SUFFIX)) {
                String dlq = name + DEAD_LETTER_SUFFIX;
                channel.queueDeclare(
                        dlq, true, false, false, queueArguments(dlq, capabilities, config.deliveryLimit()));
            }
            channel.queueDeclare(name, true, false, false, queueArguments(name, capabilities, config.deliveryLimit()));
        });
        declared.add("queue:" + name);
    }

    /** Declares the durable topic exchange of a topic. */
    void topic(String name) {
        if (declared.contains("exchange:" + name)) {
            return;
        }
        declare(
                "exchange:" + name,
                channel -> channel.exchangeDeclare(name, BuiltinExchangeType.TOPIC, true, false, null));
        declared.add("exchange:" + name);
    }

    /** Declares the stream queue behind a log; only on brokers with streams. */
    void stream(String queueName) {
        if (declared.contains("stream:" + queueName)) {
            return;
        }
        Map<String, Object> args = streamArguments(config.logMaxBytes(), config.logMaxAge());
        declare("stream:" + queueName, channel -> channel.queueDeclare(queueName, true, false, false, args));
        declared.add("stream:" + queueName);
    }

    /**
     * Declares the stream queue behind a log again, even though it was declared before: a broker that crashed
     * may only bring a stream's member back once the stream is declared after its restart.
     */
    void redeclareStream(String queueName) {
        declared.remove("stream:" + queueName);
        stream(queueName);
    }

    static String streamQueueName(String logName) {
        return LOG_PREFIX + logName;
    }

    /** The arguments of work queue {@code name}: a function of the name and the broker only. */
    static Map<String, Object> queueArguments(String name, BrokerCapabilities capabilities, int deliveryLimit) {
        if (!capabilities.quorumQueues()) {
            return null;
        }
        Map<String, Object> args = new HashMap<>();
        args.put("x-queue-type", "quorum");
        if (!name.endsWith(DEAD_LETTER_SUFFIX)) {
            args.put("x-delivery-limit", deliveryLimit);
            args.put("x-dead-letter-exchange", "");
            args.put("x-dead-letter-routing-key", name + DEAD_LETTER_SUFFIX);
        }
        return args;
    }

    static Map<String, Object> streamArguments(long maxBytes, Duration maxAge) {
        Map<String, Object> args = new HashMap<>();
        args.put("x-queue-type", "stream");
        args.put("x-max-length-bytes", maxBytes);
        args.put("x-max-age", maxAge.toSeconds() + "s");
        return args;
    }

    /**
     * Runs a declaration on this topology's long-lived channel. The client recovers a declaration through
     * the channel it was made on, so that channel must stay open: a refused declaration kills it, and then
     * everything declared so far is declared again on its replacement.
     */
    private void declare(String key, Declaration declaration) {
        lock.lock();
        try {
            Channel channel = channel();
            if (channel != replayedOn) {
                for (Declaration earlier : declarations.values()) {
                    earlier.run(channel);
                }
                replayedOn = channel;
            }
            declaration.run(channel);
            declarations.put(key, declaration);
        } catch (IOException | ShutdownSignalException e) {
            throw new BusException("topology declaration failed: " + reason(e), e);
        } finally {
            lock.unlock();
        }
    }

    private Channel channel() throws IOException {
        if (channel != null && channel.isOpen()) {
            return channel;
        }
        if (channel != null && !connection.isOpen()) {
            // disconnected: the client will recover this channel, do not replace it
            throw new IOException("not connected to the broker");
        }
        Channels.closeQuietly(channel);
        channel = connection.createChannel();
        if (channel == null) {
            throw new IOException("the connection has no free channel number");
        }
        return channel;
    }

    static String reason(Exception e) {
        Throwable cause = e.getCause() instanceof ShutdownSignalException s ? s : e;
        return cause.getMessage();
    }

    @FunctionalInterface
    private interface Declaration {
        void run(Channel channel) throws IOException;
    }
}
