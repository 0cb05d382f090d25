package io.reflex.testing.contract;

import io.reflex.core.store.Entity;
import io.reflex.core.store.EntityKind;
import io.reflex.core.store.StateStore;
import io.reflex.core.store.Store;

/** What the contract's test interfaces need from the suite: the store under test and, maybe, a peer. */
public interface StateStoreFixture {
    /** The store of the current test. */
    StateStore stateStore();

    /** A second client on the same data, or null when the backend has none. */
    StateStore peerStore();

    default <T extends Entity> Store<T> store(EntityKind<T> kind) {
        return stateStore().store(kind);
    }
}
