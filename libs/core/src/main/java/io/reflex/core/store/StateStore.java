package io.reflex.core.store;

import io.reflex.core.health.HealthCheck;

/**
 * The state store: one {@link Store} per aggregate, opened together. Opening a state store ensures every
 * index of {@link Kinds#ALL} (idempotent; safe when several services start at once). Closing it releases
 * its connections; stores obtained from it must not be used afterwards.
 */
public interface StateStore extends AutoCloseable {
    /** The store of {@code kind}; the same instance for the same kind. */
    <T extends Entity> Store<T> store(EntityKind<T> kind);

    ExecutionStore executions();

    /**
     * How many commands this store runs at once at most: the size of its connection pool. A caller past it
     * waits for a connection (and fails when the wait outlasts the backend's bound), so a consumer whose
     * handlers each run their store commands one after another gains nothing from more handlers than this.
     * {@link Integer#MAX_VALUE} when the backend sets no bound worth agreeing with.
     */
    default int maxConcurrentCommands() {
        return Integer.MAX_VALUE;
    }

    /** Reports whether the backend answers a round trip now. */
    HealthCheck health();

    @Override
    void close();
}
