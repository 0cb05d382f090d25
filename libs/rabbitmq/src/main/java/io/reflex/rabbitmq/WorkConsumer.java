package io.reflex.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import io.reflex.core.bus.BusException;
import io.reflex.core.bus.Delivery;
import io.reflex.core.bus.MessageHandler;
import io.reflex.core.bus.PoisonMessageException;
import io.reflex.core.bus.Subscription;
import io.reflex.core.bus.WorkQueue;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code consume} subscription: its own channel with {@code basicQos(prefetch)} and manual acks, each
 * delivery handled on its own virtual thread, at most {@code prefetch} at once (a semaphore keeps the bound
 * even right after a reconnect, when handlers of the old connection may still run).
 *
 * <p>Outcomes: success acks. A failure waits {@code retryDelay} (holding its prefetch slot), re-publishes a
 * copy carrying the next delivery number to the back of the queue and acks the original; the
 * {@code deliveryLimit}-th failure, a {@link PoisonMessageException} or an undecodable body goes to
 * {@code <queue>.dlq} instead. If re-publishing fails the message is left to the broker, which delivers it
 * again.
 *
 * <p>Consumer crashes and lost connections: a quorum queue counts the returns of a message itself
 * ({@code x-delivery-count}, added to the count) and dead-letters it past {@code x-delivery-limit} even when
 * no consumer lives long enough to do so. A classic queue only says "redelivered", without a count, so such
 * a delivery is first re-published with its count incremented: a message that keeps crashing consumers still
 * reaches the dead-letter queue. The gap: a crash between that re-publish and its ack duplicates the
 * message (harmless under at-least-once).
 *
 * <p>A message of a schema version this process does not read is left for a process that does (see
 * {@link SchemaGate}): the consumer cancels itself at the broker, rejects the message with requeue, and
 * consumes again after a pause. It is checked before the delivery count, so this consumer never
 * dead-letters it; on a quorum queue each hand-back still counts towards {@code x-delivery-limit}, which the
 * pause keeps from being used up while a compatible consumer exists.
 */
final class WorkConsumer<T> implements Subscription {
    private static final Logger log = LoggerFactory.getLogger(WorkConsumer.class);

    private final WorkQueue<T> queue;
    private final Channel channel;
    private final MessageHandler<T> handler;
    private final Publisher publisher;
    private final int deliveryLimit;
    private final Duration retryDelay;
    private final Semaphore permits;
    private final ConsumerThreads threads;
    private final ReentrantLock ackLock = new ReentrantLock();
    private final SchemaGate gate;
    private final ReentrantLock pauseLock = new ReentrantLock();
    private DefaultConsumer consumer;
    private boolean paused;
    private boolean closing;
    private volatile String consumerTag;

    WorkConsumer(
            WorkQueue<T> queue,
            Channel channel,
            int prefetch,
            MessageHandler<T> handler,
            Publisher publisher,
            RabbitBusConfig config) {
        this.queue = queue;
        this.channel = channel;
        this.handler = handler;
        this.publisher = publisher;
        this.deliveryLimit = config.deliveryLimit();
        this.retryDelay = config.retryDelay();
        this.permits = new Semaphore(prefetch, true);
        this.threads = ConsumerThreads.perDelivery("bus-consume-" + queue.name() + "-");
        this.gate = new SchemaGate(queue.name(), queue.type(), config.schemas(), config.retryDelay());
    }

    void start(int prefetch) throws IOException {
        channel.basicQos(prefetch);
        consumer = new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
                threads.execute(() -> runBounded(envelope, props, body));
            }

            @Override
            public void handleCancel(String tag) {
                log.warn("bus consumer cancelled by broker queue={}", queue.name());
            }
        };
        consumerTag = channel.basicConsume(queue.name(), false, consumer);
        log.info("bus consuming queue={} prefetch={}", queue.name(), prefetch);
    }

    private void runBounded(Envelope envelope, AMQP.BasicProperties props, byte[] body) {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            if (threads.stopping()) {
                reject(envelope);
                return;
            }
            process(envelope, props, body);
        } finally {
            permits.release();
        }
    }

    private void process(Envelope envelope, AMQP.BasicProperties props, byte[] body) {
        if (!gate.reads(props)) {
            gate.leave(props);
            pauseConsuming();
            reject(envelope);
            return;
        }
        int count = WireFormat.deliveryCount(props, envelope.isRedeliver());
        if (count > deliveryLimit) {
            deadLetter(envelope, props, body, "delivered " + count + " times, limit " + deliveryLimit);
            return;
        }
        if (envelope.isRedeliver() && !WireFormat.brokerCounted(props)) {
            // Make the redelivery count durable before anything can crash again (classic queues).
            republish(envelope, props, body, count);
            return;
        }
        T message;
        try {
            message = WireFormat.decode(body, queue.type());
        } catch (RuntimeException e) {
            deadLetter(envelope, props, body, "undecodable: " + e.getMessage());
            return;
        }
        handle(envelope, props, body, new Delivery<>(message, props.getMessageId(), envelope.getRoutingKey(), count));
    }

    private void handle(Envelope envelope, AMQP.BasicProperties props, byte[] body, Delivery<T> delivery) {
        try {
            handler.handle(delivery);
            ack(envelope);
        } catch (PoisonMessageException e) {
            deadLetter(envelope, props, body, "poison: " + e.getMessage());
        } catch (Exception e) {
            if (delivery.deliveryCount() >= deliveryLimit) {
                deadLetter(envelope, props, body, "failed " + delivery.deliveryCount() + " times: " + e);
                return;
            }
            log.info(
                    "bus handler failed queue={} message_id={} delivery_count={} error={}",
                    queue.name(),
                    delivery.messageId(),
                    delivery.deliveryCount(),
                    e.toString());
            threads.pause(retryDelay);
            republish(envelope, props, body, delivery.deliveryCount() + 1);
        }
    }

    private void republish(Envelope envelope, AMQP.BasicProperties props, byte[] body, int nextCount) {
        try {
            publisher.toQueue(queue.name(), WireFormat.forRetry(props, nextCount), body);
            ack(envelope);
        } catch (BusException e) {
            log.warn(
                    "bus retry not published queue={} message_id={} error={}",
                    queue.name(),
                    props.getMessageId(),
                    e.getMessage());
            reject(envelope);
        }
    }

    private void deadLetter(Envelope envelope, AMQP.BasicProperties props, byte[] body, String reason) {
        String dlq = queue.deadLetters().name();
        try {
            publisher.toQueue(dlq, WireFormat.forDeadLetter(props, reason), body);
            log.warn(
                    "bus message dead-lettered queue={} message_id={} reason={}",
                    queue.name(),
                    props.getMessageId(),
                    reason);
            ack(envelope);
        } catch (BusException e) {
            log.warn(
                    "bus dead-letter not published queue={} message_id={} error={}",
                    queue.name(),
                    props.getMessageId(),
                    e.getMessage());
            reject(envelope);
        }
    }

    private void ack(Envelope envelope) {
        try {
            ackLock.lock();
            try {
                channel.basicAck(envelope.getDeliveryTag(), false);
            } finally {
                ackLock.unlock();
            }
        } catch (IOException | ShutdownSignalException e) {
            log.info("bus ack lost, message will be redelivered queue={} error={}", queue.name(), e.getMessage());
        }
    }

    private void reject(Envelope envelope) {
        try {
            ackLock.lock();
            try {
                channel.basicReject(envelope.getDeliveryTag(), true);
            } finally {
                ackLock.unlock();
            }
        } catch (IOException | ShutdownSignalException e) {
            // the channel is gone: the broker requeues every unacked message anyway
        }
    }

    /**
     * Stops taking deliveries for the gate's next pause, then consumes again. Cancelling first means the message handed
     * back next goes to another consumer. When the cancel fails (disconnected) nothing is paused: the client
     * restores the consumer on reconnect, and a second one must not be added.
     */
    private void pauseConsuming() {
        Duration pause;
        pauseLock.lock();
        try {
            if (paused || closing) {
                return;
            }
            channel.basicCancel(consumerTag);
            paused = true;
            pause = gate.nextPause();
        } catch (IOException | ShutdownSignalException e) {
            return;
        } finally {
            pauseLock.unlock();
        }
        log.info("bus consumer paused queue={} pause_ms={}", queue.name(), pause.toMillis());
        Thread.ofVirtual().name("bus-resume-" + queue.name()).start(() -> resumeAfter(pause));
    }

    private void resumeAfter(Duration pause) {
        threads.pause(pause);
        pauseLock.lock();
        try {
            if (closing) {
                return;
            }
            consumerTag = channel.basicConsume(queue.name(), false, consumer);
            paused = false;
        } catch (IOException | ShutdownSignalException e) {
            log.warn("bus consumer not resumed, retrying queue={} error={}", queue.name(), e.getMessage());
            Thread.ofVirtual().name("bus-resume-" + queue.name()).start(() -> resumeAfter(pause));
        } finally {
            pauseLock.unlock();
        }
    }

    @Override
    public void close() {
        String tag;
        pauseLock.lock();
        try {
            closing = true;
            tag = paused ? null : consumerTag;
        } finally {
            pauseLock.unlock();
        }
        threads.close(channel, tag, () -> log.info("bus consumer closed queue={}", queue.name()));
    }
}
