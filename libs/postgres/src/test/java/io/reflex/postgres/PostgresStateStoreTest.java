package io.reflex.postgres;

import io.reflex.core.store.StateStore;
import io.reflex.testing.PostgresDatabase;
import io.reflex.testing.contract.StateStoreContract;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The state store contract against a real PostgreSQL ({@code REFLEX_IT_POSTGRES_URI}; required in CI,
 * skipped elsewhere without a server): a database for the class, a fresh schema for each test.
 */
class PostgresStateStoreTest extends StateStoreContract {
    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static PostgresDatabase database;
    private String uri;

    @BeforeAll
    static void createDatabase() {
        database = PostgresDatabase.create();
    }

    @AfterAll
    static void dropDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @Override
    protected StateStore openStore() {
        uri = database.uri("schema=contract_" + SCHEMAS.incrementAndGet());
        return PostgresStateStore.connect(uri);
    }

    @Override
    protected StateStore openPeer() {
        return PostgresStateStore.connect(uri);
    }
}
