package io.reflex.runtime.lifecycle;

/**
 * A part of a service with a start and a stop. {@code start} may block until the part is ready (a listener
 * bound, a consumer registered); {@code close} stops it and must be safe to call once after a failed or
 * successful start.
 */
public interface Component extends AutoCloseable {
    default void start() throws Exception {}

    @Override
    void close() throws Exception;

    /** A component that is live already (opened when created) and only needs closing. */
    static Component closing(AutoCloseable resource) {
        return resource::close;
    }
}
