package io.reflex.core.bus;

import io.reflex.core.health.HealthCheck;

/**
 * The message bus: shared work queues, broadcast topics and replayable logs. Delivery is at least once:
 * a message is removed only when its handler returned, so handlers must be idempotent. Publishing blocks
 * until the broker confirmed the message was stored. Topology (queues, exchanges, dead-letter queues) is
 * declared on first use, idempotently, by whoever uses it first. A bus recovers on its own from a lost
 * broker connection: publishes fail with {@link BusException} while it is down, and subscriptions resume
 * when it is back.
 */
public interface EventBus extends AutoCloseable {
    /**
     * Publishes a persistent message to a work queue and waits for the broker's confirm.
     *
     * @param messageId a producer-chosen id carried to the consumer (for idempotency and tracing)
     * @throws BusException when the broker did not confirm in time; the message may or may not be queued
     */
    <T> void publish(WorkQueue<T> queue, String messageId, T message);

    /**
     * Starts consuming a work queue. Up to {@code prefetch} unacknowledged messages are in flight at once,
     * and handlers run concurrently (each on its own virtual thread) up to that bound. A message whose
     * handler fails is delivered again (after the bus's back-off); after the bus's delivery limit it is
     * moved to {@link WorkQueue#deadLetters()}. A message that cannot be decoded is dead-lettered at once.
     */
    <T> Subscription consume(WorkQueue<T> queue, int prefetch, MessageHandler<T> handler);

    /**
     * Broadcasts a message to every current subscriber of {@code topic} whose pattern matches
     * {@code routingKey}; waits for the broker's confirm.
     */
    <T> void broadcast(Topic<T> topic, String routingKey, T message);

    /**
     * Subscribes to a topic with a binding pattern. The subscription is private to this subscriber and
     * disappears when it is closed or the process dies; messages published while a broker connection was
     * down may be missed (use an {@link EventLog} where every message matters).
     */
    <T> Subscription subscribe(Topic<T> topic, String bindingPattern, MessageHandler<T> handler);

    /** The replayable log named by {@code stream}; the same instance for the same name. */
    <T> EventLog<T> log(LogStream<T> stream);

    /** Connected to the broker, with the broker's name/version and the queue type used. */
    HealthCheck health();

    /** Stops every subscription (letting handlers in flight finish) and closes the connections. */
    @Override
    void close();
}
