package io.reflex.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import io.reflex.core.bus.BusException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Confirmed publishing from any number of threads. A channel must not be shared by concurrent publishers,
 * so each publish borrows a confirm-mode channel from a pool (at most {@value #MAX_CHANNELS}, created on
 * demand), publishes (one message, or several to one destination in order), waits once for the broker's
 * confirms and gives it back. A channel that failed is closed
 * rather than reused: a timed-out or nacked confirm leaves it in an unknown state. Topology is declared
 * before the first publish to each destination, since a message to a missing queue is silently dropped.
 */
final class Publisher implements AutoCloseable {
    private static final int MAX_CHANNELS = 64;

    private final Connection connection;
    private final Topology topology;
    private final long timeoutMillis;
    private final LinkedBlockingQueue<Channel> idle = new LinkedBlockingQueue<>();
    private final Semaphore inUse = new Semaphore(MAX_CHANNELS);
    private volatile boolean closed;

    Publisher(Connection connection, Topology topology, long timeoutMillis) {
        this.connection = connection;
        this.topology = topology;
        this.timeoutMillis = timeoutMillis;
    }

    void toQueue(String queue, AMQP.BasicProperties props, byte[] body) {
        topology.workQueue(queue);
        publish("", queue, props, body);
    }

    void toTopic(String exchange, String routingKey, AMQP.BasicProperties props, byte[] body) {
        topology.topic(exchange);
        publish(exchange, routingKey, props, body);
    }

    void toStream(String streamQueue, AMQP.BasicProperties props, byte[] body) {
        toStream(streamQueue, List.of(new Outgoing(props, body)));
    }

    /** Several messages to one stream queue, in order, on one channel, waiting once for all their confirms. */
    void toStream(String streamQueue, List<Outgoing> messages) {
        topology.stream(streamQueue);
        publish("", streamQueue, messages);
    }

    /** One message's properties and body. */
    record Outgoing(AMQP.BasicProperties props, byte[] body) {}

    private void publish(String exchange, String routingKey, AMQP.BasicProperties props, byte[] body) {
        publish(exchange, routingKey, List.of(new Outgoing(props, body)));
    }

    private void publish(String exchange, String routingKey, List<Outgoing> messages) {
        acquire();
        BusPublishEvent event = new BusPublishEvent();
        event.begin();
        Channel channel = null;
        boolean healthy = false;
        try {
            channel = borrow();
            for (Outgoing m : messages) {
                channel.basicPublish(exchange, routingKey, m.props(), m.body());
            }
            channel.waitForConfirmsOrDie(timeoutMillis);
            healthy = true;
            if (event.shouldCommit()) {
                event.destination = exchange.isEmpty() ? routingKey : exchange;
                event.messages = messages.size();
                event.commit();
            }
        } catch (IOException | TimeoutException | ShutdownSignalException e) {
            throw new BusException(
                    "publish not confirmed exchange='" + exchange + "' routing_key=" + routingKey + ": "
                            + Topology.reason(e),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusException("interrupted while waiting for a publish confirm", e);
        } finally {
            giveBack(channel, healthy);
            inUse.release();
        }
    }

    private void acquire() {
        if (closed) {
            throw new BusException("bus is closed");
        }
        try {
            if (!inUse.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS)) {
                throw new BusException("no publishing channel free within " + timeoutMillis + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusException("interrupted while waiting for a publishing channel", e);
        }
    }

    private Channel borrow() throws IOException {
        Channel channel;
        while ((channel = idle.poll()) != null) {
            if (channel.isOpen()) {
                return channel;
            }
            Channels.closeQuietly(channel);
        }
        channel = connection.createChannel();
        if (channel == null) {
            throw new IOException("the connection has no free channel number");
        }
        channel.confirmSelect();
        return channel;
    }

    private void giveBack(Channel channel, boolean healthy) {
        if (channel == null) {
            return;
        }
        if (healthy && !closed && channel.isOpen()) {
            idle.offer(channel);
        } else {
            Channels.closeQuietly(channel);
        }
    }

    @Override
    public void close() {
        closed = true;
        Channel channel;
        while ((channel = idle.poll()) != null) {
            Channels.closeQuietly(channel);
        }
    }
}
