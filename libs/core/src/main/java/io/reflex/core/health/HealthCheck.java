package io.reflex.core.health;

/**
 * A check of one dependency (store, bus, coordinator...). {@link #check} may block briefly (a ping with a
 * short timeout) and never throws: failures are reported as a down status with the reason.
 */
public interface HealthCheck {
    /** A short stable name, e.g. {@code store}, {@code bus}, {@code coordinator}. */
    String name();

    HealthStatus check();

    static HealthCheck of(String name, java.util.function.Supplier<HealthStatus> probe) {
        return new HealthCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public HealthStatus check() {
                try {
                    return probe.get();
                } catch (RuntimeException e) {
                    return HealthStatus.down(e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }
        };
    }
}
