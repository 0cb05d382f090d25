package io.reflex.testing;

import static io.reflex.testing.contract.StateStoreSamples.action;
import static io.reflex.testing.contract.StateStoreSamples.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reflex.core.model.Action;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.core.store.Store;
import io.reflex.core.store.StoreException;
import org.junit.jupiter.api.Test;

/** The fake's own switches for tests of callers: a simulated outage and the closed state. */
class InMemoryStateStoreTest {
    @Test
    void aSimulatedOutageFailsEveryOperationAndTurnsHealthDownUntilLifted() {
        InMemoryStateStore store = new InMemoryStateStore();
        Store<Action> actions = store.store(Kinds.ACTION);
        Action written = actions.insert(action(id(1), "core", "local"));

        store.setAvailable(false);

        assertThatThrownBy(() -> actions.get(id(1))).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> actions.find(Query.all())).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> actions.insert(action(id(2), "core", "b"))).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.executions().count(Filter.all())).isInstanceOf(StoreException.class);
        assertThat(store.health().check().up()).isFalse();

        store.setAvailable(true);

        assertThat(actions.find(Query.all())).containsExactly(written);
        assertThat(store.health().check().up()).isTrue();
    }

    @Test
    void aClosedStoreRefusesEveryOperation() {
        InMemoryStateStore store = new InMemoryStateStore();
        Store<Action> actions = store.store(Kinds.ACTION);

        store.close();

        assertThatThrownBy(() -> actions.get(id(1))).isInstanceOf(StoreException.class);
        assertThat(store.health().check().up()).isFalse();
    }
}
