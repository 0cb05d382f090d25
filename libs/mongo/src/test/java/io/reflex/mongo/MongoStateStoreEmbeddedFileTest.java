package io.reflex.mongo;

import io.reflex.core.store.StateStore;
import io.reflex.embedded.EmbeddedMongo;
import io.reflex.testing.contract.StateStoreContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The state store contract against mongo-java-server on its H2 file backend, as {@code reflex up} runs it:
 * its collections answer a query that pins an {@code _id} through the index, which the compare-and-set
 * and concurrency parts of the contract exercise.
 */
class MongoStateStoreEmbeddedFileTest extends StateStoreContract {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static Path dir;
    private static EmbeddedMongo mongo;
    private String database;

    @BeforeAll
    static void startServer() throws IOException {
        dir = Files.createTempDirectory("reflex-mongo-file-contract-");
        mongo = EmbeddedMongo.start(dir);
    }

    @AfterAll
    static void stopServer() throws IOException {
        mongo.close();
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Override
    protected StateStore openStore() {
        database = "contract_" + DATABASES.incrementAndGet();
        return MongoStateStore.connect(mongo.uri(), database);
    }

    @Override
    protected StateStore openPeer() {
        return MongoStateStore.connect(mongo.uri(), database);
    }
}
