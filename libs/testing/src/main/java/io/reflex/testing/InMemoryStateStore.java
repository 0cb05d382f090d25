package io.reflex.testing;

import io.reflex.core.health.HealthCheck;
import io.reflex.core.health.HealthStatus;
import io.reflex.core.model.ContentStamp;
import io.reflex.core.store.Entity;
import io.reflex.core.store.EntityKind;
import io.reflex.core.store.ExecutionStore;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import io.reflex.core.store.Store;
import io.reflex.core.store.StoreException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A faithful in-memory {@link StateStore} for unit tests: it answers every query as the MongoDB store does
 * (the same contract suite runs against both), enforces each kind's unique indexes, and makes every
 * single-record operation atomic, so compare-and-set races behave as in production. Records are kept as
 * their JSON trees, so what is read back is a copy that equals what was written.
 *
 * <p>For tests of "the store is down" paths, {@link #setAvailable(boolean) setAvailable(false)} makes every
 * operation throw {@link StoreException} and the health check report down, until it is set back. After
 * {@link #close()} every operation throws too. Thread-safe.
 */
public final class InMemoryStateStore implements StateStore {
    private final Map<EntityKind<?>, InMemoryStore<?>> stores = new ConcurrentHashMap<>();
    private final Map<EntityKind<?>, Store<?>> renewing = new ConcurrentHashMap<>();
    private final InMemoryStoreExecutions executions;
    private final HealthCheck health;
    private volatile boolean available = true;
    private volatile boolean closed;

    public InMemoryStateStore() {
        this.executions = new InMemoryStoreExecutions(this::checkReachable);
        this.health = HealthCheck.of("store", this::status);
        stores.put(Kinds.EXECUTION, executions);
        Kinds.ALL.forEach(this::store);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends Entity> Store<T> store(EntityKind<T> kind) {
        return (Store<T>) renewing.computeIfAbsent(kind, k -> ContentStamp.renewedOnWrite(this, behindReflex(k)));
    }

    /**
     * The store of {@code kind} as an edit of the database itself reaches it: its writes do nothing a store of
     * Reflex does on a write (they do not renew the {@link ContentStamp}). For tests of what a cache does about
     * writes made behind Reflex's back.
     */
    @SuppressWarnings("unchecked")
    public <T extends Entity> Store<T> behindReflex(EntityKind<T> kind) {
        return (Store<T>) stores.computeIfAbsent(kind, k -> new InMemoryStore<>(k, this::checkReachable));
    }

    @Override
    public ExecutionStore executions() {
        return executions;
    }

    @Override
    public HealthCheck health() {
        return health;
    }

    /** Simulates losing ({@code false}) and regaining ({@code true}) the backend. */
    public void setAvailable(boolean available) {
        this.available = available;
    }

    private HealthStatus status() {
        if (closed) {
            return HealthStatus.down("in-memory store closed");
        }
        return available ? HealthStatus.up("in-memory") : HealthStatus.down("in-memory store made unavailable");
    }

    private void checkReachable() {
        if (closed) {
            throw new StoreException("in-memory store is closed");
        }
        if (!available) {
            throw new StoreException("in-memory store is unavailable (simulated outage)");
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
