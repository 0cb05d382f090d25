package io.reflex.core.health;

import java.util.Objects;

/** The state of one dependency at one moment; {@code detail} says why it is down (or what it is). */
public record HealthStatus(boolean up, String detail) {
    public HealthStatus {
        Objects.requireNonNull(detail, "detail");
    }

    public static HealthStatus up(String detail) {
        return new HealthStatus(true, detail);
    }

    public static HealthStatus down(String detail) {
        return new HealthStatus(false, detail);
    }
}
