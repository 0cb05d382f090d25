package io.reflex.core.bus;

/**
 * A running consumer. {@link #close} stops deliveries, waits for handlers in flight to finish (their
 * messages are acknowledged or returned as usual) and is idempotent.
 */
public interface Subscription extends AutoCloseable {
    @Override
    void close();
}
