package io.reflex.postgres;

import io.reflex.core.store.StateStore;
import io.reflex.embedded.EmbeddedPostgres;
import io.reflex.testing.contract.StateStoreContract;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state store contract against the embedded PostgreSQL, as {@code reflex up} runs it by default: one
 * server for the class, a fresh schema for each test.
 */
class EmbeddedPostgresStateStoreTest extends StateStoreContract {
    private static final AtomicInteger SCHEMAS = new AtomicInteger();

    @TempDir
    static Path dir;

    private static EmbeddedPostgres server;
    private String uri;

    @BeforeAll
    static void startServer() {
        server = EmbeddedPostgres.start(dir);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected StateStore openStore() {
        uri = server.uri() + "?schema=contract_" + SCHEMAS.incrementAndGet();
        return PostgresStateStore.connect(uri);
    }

    @Override
    protected StateStore openPeer() {
        return PostgresStateStore.connect(uri);
    }
}
