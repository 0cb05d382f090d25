package io.reflex.core.bus;

import java.util.Objects;

/**
 * One received message. {@code deliveryCount} is 1 on first delivery and grows each time the message comes
 * back (handler failure, consumer crash, lost connection), so a handler can tell a redelivery.
 */
public record Delivery<T>(T body, String messageId, String routingKey, int deliveryCount) {
    public Delivery {
        Objects.requireNonNull(body, "body");
        routingKey = routingKey == null ? "" : routingKey;
        if (deliveryCount < 1) {
            throw new IllegalArgumentException("delivery count starts at 1");
        }
    }

    public boolean redelivered() {
        return deliveryCount > 1;
    }
}
