package io.reflex.testing.contract;

import static io.reflex.testing.contract.StateStoreSamples.T0;
import static io.reflex.testing.contract.StateStoreSamples.action;
import static io.reflex.testing.contract.StateStoreSamples.execution;
import static io.reflex.testing.contract.StateStoreSamples.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.model.Action;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.SchemaTooNewException;
import io.reflex.core.store.StateStore;
import io.reflex.core.store.Store;
import org.junit.jupiter.api.Test;

/**
 * A record written by a newer release (its {@code _schema} past what this build writes), seen through a real
 * store: read, but never overwritten by replace, compare-and-set or save; the stored document keeps the fields
 * this build does not know. A subclass gives a fresh store per test and reaches its backend directly to play
 * the newer release.
 */
public abstract class RecordSchemaContract {
    /** The store under test, fresh for each test. */
    protected abstract StateStore store();

    /**
     * What a newer release leaves behind in record {@code id} of {@code collection}, written straight to the
     * backend: {@code _schema} 2 and a field {@code future} = {@code "kept"}; asserts that one record changed.
     */
    protected abstract void writtenByNewerRelease(String collection, String id) throws Exception;

    /** Asserts that record {@code id} of {@code collection}, read straight from the backend, is as the newer release left it. */
    protected abstract void assertStillAsTheNewerReleaseLeftIt(String collection, String id) throws Exception;

    @Test
    public void aRecordOfANewerSchemaIsReadButNeverOverwritten() throws Exception {
        Store<Action> actions = store().store(Kinds.ACTION);
        Action stored = actions.insert(action(id(1), "core", "local"));
        writtenByNewerRelease("action", stored.id());
        Action changed = action(id(1), "core", "local-changed");

        assertThat(actions.get(stored.id())).contains(stored);
        assertThatThrownBy(() -> actions.replace(changed))
                .isInstanceOf(SchemaTooNewException.class)
                .hasMessageContaining("action/" + stored.id())
                .hasMessageContaining("newer than 1");
        assertThatThrownBy(() -> actions.save(changed)).isInstanceOf(SchemaTooNewException.class);
        assertStillAsTheNewerReleaseLeftIt("action", stored.id());
        assertThat(actions.get(stored.id())).contains(stored);
    }

    @Test
    public void compareAndSetOnANewerExecutionIsRefusedNotTakenForALostRace() throws Exception {
        Execution requested = store().executions().insert(execution(id(2), "core.local", T0));
        writtenByNewerRelease("execution", requested.id());

        assertThatThrownBy(() -> store().executions()
                        .compareAndSet(requested, requested.transitionTo(ExecutionStatus.SCHEDULED, T0)))
                .isInstanceOf(SchemaTooNewException.class);
        assertThat(store().executions().get(requested.id()).orElseThrow().status())
                .isEqualTo(ExecutionStatus.REQUESTED);
    }
}
