package io.reflex.postgres;

import io.reflex.core.store.StateStore;
import io.reflex.testing.contract.StateStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The state store contract against a real PostgreSQL ({@code REFLEX_IT_POSTGRES_URI}; required in CI,
 * skipped elsewhere without a server): a database for the class, a fresh schema for each test.
 */
class PostgresStateStoreTest extends StateStoreContract {
    @RegisterExtension
    static final PostgresSchemas POSTGRES = new PostgresSchemas("contract");

    private String uri;

    @Override
    protected StateStore openStore() {
        uri = POSTGRES.uri(POSTGRES.newSchema());
        return PostgresStateStore.connect(uri);
    }

    @Override
    protected StateStore openPeer() {
        return PostgresStateStore.connect(uri);
    }
}
