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

    /** Reports whether the backend answers a round trip now. */
    HealthCheck health();

    @Override
    void close();
}
