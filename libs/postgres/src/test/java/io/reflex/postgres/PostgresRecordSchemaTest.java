package io.reflex.postgres;

import static io.reflex.testing.contract.StateStoreSamples.action;
import static io.reflex.testing.contract.StateStoreSamples.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.model.Action;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import io.reflex.core.store.Store;
import io.reflex.testing.contract.RecordSchemaContract;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link RecordSchemaContract} on a real PostgreSQL, and records of the same or an older schema, which are
 * written as before.
 */
class PostgresRecordSchemaTest extends RecordSchemaContract {
    @RegisterExtension
    static final PostgresSchemas POSTGRES = new PostgresSchemas("record_schema");

    private PostgresStateStore store;
    private String schema;

    @BeforeEach
    void openStore() {
        schema = POSTGRES.newSchema();
        store = POSTGRES.open(schema);
    }

    @Override
    protected StateStore store() {
        return store;
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
    @Override
    protected void writtenByNewerRelease(String table, String id) throws Exception {
        try (Connection c = POSTGRES.database().connection();
                PreparedStatement update = c.prepareStatement("UPDATE " + schema + "." + table
                        + " SET doc = doc || '{\"_schema\": 2, \"future\": \"kept\"}'::jsonb WHERE id = ?")) {
            update.setString(1, id);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    @Override
    protected void assertStillAsTheNewerReleaseLeftIt(String table, String id) throws Exception {
        assertThat(storedDocument(table, id)).contains("\"_schema\": 2").contains("\"future\": \"kept\"");
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
