package io.reflex.testing;

import io.reflex.core.health.HealthCheck;
import io.reflex.core.store.Entity;
import io.reflex.core.store.EntityKind;
import io.reflex.core.store.ExecutionStore;
import io.reflex.core.store.StateStore;
import io.reflex.core.store.Store;
import io.reflex.testing.contract.StateStoreContract;

class InMemoryStateStoreContractTest extends StateStoreContract {
    private InMemoryStateStore current;

    @Override
    protected StateStore openStore() {
        current = new InMemoryStateStore();
        return current;
    }

    /** A second client of the same in-memory data: every call goes to the same stores; closing it is a no-op. */
    @Override
    protected StateStore openPeer() {
        InMemoryStateStore shared = current;
        return new StateStore() {
            @Override
            public <T extends Entity> Store<T> store(EntityKind<T> kind) {
                return shared.store(kind);
            }

            @Override
            public ExecutionStore executions() {
                return shared.executions();
            }

            @Override
            public HealthCheck health() {
                return shared.health();
            }

            @Override
            public void close() {}
        };
    }
}
