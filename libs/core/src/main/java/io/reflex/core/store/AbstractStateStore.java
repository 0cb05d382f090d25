package io.reflex.core.store;

import io.reflex.core.health.HealthCheck;
import io.reflex.core.health.HealthStatus;
import io.reflex.core.model.ContentStamp;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the database adapters of {@link StateStore} share: one {@link Store} per kind, made on first use and
 * kept for the life of the state store (the stores of cached content renew the {@link ContentStamp} on each
 * write); the execution store made up front; a health check named {@code store}. A kind outside {@link Kinds#ALL} (whose schema opening the store did not prepare) has its
 * schema prepared on first use. An adapter supplies the store of one kind, that preparation and its ping.
 */
public abstract class AbstractStateStore implements StateStore {
    private final Map<EntityKind<?>, Store<?>> stores = new ConcurrentHashMap<>();
    private final ExecutionStore executions;
    private final HealthCheck health;

    protected AbstractStateStore(ExecutionStore executions) {
        this.executions = Objects.requireNonNull(executions, "executions");
        this.health = HealthCheck.of("store", this::ping);
        stores.put(Kinds.EXECUTION, executions);
    }

    @Override
    @SuppressWarnings("unchecked")
    public final <T extends Entity> Store<T> store(EntityKind<T> kind) {
        return (Store<T>) stores.computeIfAbsent(kind, this::open);
    }

    private Store<?> open(EntityKind<?> kind) {
        if (!Kinds.ALL.contains(kind)) {
            prepare(kind);
        }
        return ContentStamp.renewedOnWrite(this, newStore(kind));
    }

    @Override
    public final ExecutionStore executions() {
        return executions;
    }

    @Override
    public final HealthCheck health() {
        return health;
    }

    /** A new store of {@code kind}; called once per kind, its schema already prepared. */
    protected abstract <T extends Entity> Store<T> newStore(EntityKind<T> kind);

    /** Creates what {@code kind}, a kind outside the catalogue, needs in the database (tables, indexes). */
    protected abstract void prepare(EntityKind<?> kind);

    /** Whether the database answers now, bounded by a short timeout; never throws. */
    protected abstract HealthStatus ping();
}
