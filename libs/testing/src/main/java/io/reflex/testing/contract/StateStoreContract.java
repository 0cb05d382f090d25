package io.reflex.testing.contract;

import io.reflex.core.store.StateStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The contract of {@link StateStore}, run against the in-memory fake and every real adapter: one tiny
 * subclass per backend supplies {@link #openStore()}. Each test gets a new, empty store. The tests live in
 * the interfaces this class implements, grouped by theme: records and uniqueness
 * ({@link StateStoreRecordsContract}), queries ({@link StateStoreQueryContract}), compare-and-set, races and
 * bounded deletes ({@link StateStoreConcurrencyContract}), the execution outbox ({@link StateStoreOutboxContract}).
 *
 * <p>Backends that several processes share also implement {@link #openPeer()}: a second client on the
 * same data, with which the suite checks that writes are visible across clients and that compare-and-set
 * races between clients have one winner.
 */
public abstract class StateStoreContract
        implements StateStoreRecordsContract,
                StateStoreQueryContract,
                StateStoreConcurrencyContract,
                StateStoreOutboxContract {
    private final List<StateStore> opened = new ArrayList<>();
    private StateStore store;

    /** A new store with no records; called before each test. */
    protected abstract StateStore openStore();

    /**
     * A second client on the data of the store last returned by {@link #openStore()}, or null when the
     * backend cannot have one (the peer tests are then skipped).
     */
    protected StateStore openPeer() {
        return null;
    }

    /** Releases a store after its test; by default closes it. */
    protected void discard(StateStore used) {
        used.close();
    }

    @BeforeEach
    final void openStoreForTest() {
        store = openStore();
        opened.add(store);
    }

    @AfterEach
    final void discardStores() {
        for (int i = opened.size() - 1; i >= 0; i--) {
            discard(opened.get(i));
        }
        opened.clear();
    }

    @Override
    public final StateStore stateStore() {
        return store;
    }

    @Override
    public final StateStore peerStore() {
        StateStore peer = openPeer();
        if (peer != null) {
            opened.add(peer);
        }
        return peer;
    }
}
