package io.reflex.mongo;

import io.reflex.core.store.StateStore;
import io.reflex.embedded.EmbeddedMongo;
import io.reflex.testing.contract.StateStoreContract;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The state store contract against mongo-java-server (memory backend) over the wire protocol. */
class MongoStateStoreEmbeddedTest extends StateStoreContract {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedMongo mongo;
    private String database;

    @BeforeAll
    static void startServer() {
        mongo = EmbeddedMongo.start(null);
    }

    @AfterAll
    static void stopServer() {
        mongo.close();
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
