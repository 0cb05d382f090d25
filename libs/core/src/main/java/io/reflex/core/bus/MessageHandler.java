package io.reflex.core.bus;

/**
 * Handles one delivery. Returning normally acknowledges the message, so return only after its effects are
 * persisted. Throwing makes the message come back later (up to the bus's delivery limit, then it goes to
 * the dead-letter queue); throwing {@link PoisonMessageException} sends it to the dead-letter queue at
 * once.
 */
@FunctionalInterface
public interface MessageHandler<T> {
    void handle(Delivery<T> delivery) throws Exception;
}
