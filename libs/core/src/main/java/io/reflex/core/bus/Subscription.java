package io.reflex.core.bus;

import io.reflex.core.health.HealthStatus;

/**
 * A running consumer. {@link #close} stops deliveries, waits for handlers in flight to finish (their
 * messages are acknowledged or returned as usual) and is idempotent.
 */
public interface Subscription extends AutoCloseable {
    @Override
    void close();

    /**
     * Whether deliveries are flowing now. Down, with the reason, while the consumer is being re-established
     * after a broker failure; it comes back up by itself. Does not block.
     */
    default HealthStatus status() {
        return HealthStatus.up("consuming");
    }
}
