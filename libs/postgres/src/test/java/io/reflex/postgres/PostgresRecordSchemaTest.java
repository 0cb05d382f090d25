package io.reflex.postgres;

import static io.reflex.testing.contract.StateStoreSamples.T0;
import static io.reflex.testing.contract.StateStoreSamples.action;
import static io.reflex.testing.contract.StateStoreSamples.execution;
import static io.reflex.testing.contract.StateStoreSamples.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.model.Action;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.SchemaTooNewException;
import io.reflex.core.store.Store;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A record written by a newer release (its {@code _schema} past what this build writes) on a real
 * PostgreSQL: this process reads it, but replace, compare-and-set and save refuse to overwrite it with a
 * clear error and leave the stored document, with the fields this build does not know, as it was.
 */
class PostgresRecordSchemaTest {
    @RegisterExtension
    static final PostgresSchemas POSTGRES = new PostgresSchemas("record_schema");

    private PostgresStateStore store;
    private String schema;

    @BeforeEach
    void openStore() {
        schema = POSTGRES.newSchema();
        store = POSTGRES.open(schema);
    }

    @Test
    void aRecordOfANewerSchemaIsReadButNeverOverwritten() throws Exception {
        Store<Action> actions = store.store(Kinds.ACTION);
        Action stored = actions.insert(action(id(1), "core", "local"));
        writtenByNewerRelease("action", stored.id());
        Action changed = action(id(1), "core", "local-changed");

        assertThat(actions.get(stored.id())).contains(stored);
        assertThatThrownBy(() -> actions.replace(changed))
                .isInstanceOf(SchemaTooNewException.class)
                .hasMessageContaining("action/" + stored.id())
                .hasMessageContaining("newer than 1");
        assertThatThrownBy(() -> actions.save(changed)).isInstanceOf(SchemaTooNewException.class);
        assertThat(storedDocument("action", stored.id()))
                .contains("\"_schema\": 2")
                .contains("\"future\": \"kept\"");
        assertThat(actions.get(stored.id())).contains(stored);
    }

    @Test
    void compareAndSetOnANewerExecutionIsRefusedNotTakenForALostRace() throws Exception {
        Execution requested = store.executions().insert(execution(id(2), "core.local", T0));
        writtenByNewerRelease("execution", requested.id());

        assertThatThrownBy(() -> store.executions()
                        .compareAndSet(requested, requested.transitionTo(ExecutionStatus.SCHEDULED, T0)))
                .isInstanceOf(SchemaTooNewException.class);
        assertThat(store.executions().get(requested.id()).orElseThrow().status())
                .isEqualTo(ExecutionStatus.REQUESTED);
    }

    @Test
    void recordsOfTheSameOrAnOlderSchemaAreWrittenAsBefore() {
        Store<Action> actions = store.store(Kinds.ACTION);
        actions.insert(action(id(3), "core", "local"));
        Action changed = action(id(3), "core", "local-changed");

        assertThat(actions.replace(changed)).isTrue();
        assertThat(actions.replaceIf(action(id(4), "core", "absent"), Filter.all()))
                .isFalse();
        assertThat(actions.get(id(3))).contains(changed);
    }

    /** What a newer release leaves behind: a higher version and a field this build has never heard of. */
    private void writtenByNewerRelease(String table, String id) throws Exception {
        try (Connection c = POSTGRES.database().connection();
                PreparedStatement update = c.prepareStatement("UPDATE " + schema + "." + table
                        + " SET doc = doc || '{\"_schema\": 2, \"future\": \"kept\"}'::jsonb WHERE id = ?")) {
            update.setString(1, id);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    private String storedDocument(String table, String id) throws Exception {
        try (Connection c = POSTGRES.database().connection();
                PreparedStatement select =
                        c.prepareStatement("SELECT doc::text FROM " + schema + "." + table + " WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
                assertThat(rows.next()).isTrue();
                return rows.getString(1);
            }
        }
    }
}
