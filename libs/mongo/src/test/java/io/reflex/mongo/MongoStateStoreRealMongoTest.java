package io.reflex.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.reflex.core.store.StateStore;
import io.reflex.testing.ExternalBackend;
import io.reflex.testing.contract.StateStoreContract;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * The state store contract against a real MongoDB. Opt-in: it runs when {@code REFLEX_IT_MONGO_URI} names
 * a server: the Maven profile {@code real-mongo} (active when that variable is set) includes it; otherwise it
 * is not part of the run at all (a Docker engine alone is not enough to select it). The contract already
 * runs against mongo-java-server on every build ({@link MongoStateStoreEmbeddedTest}), so a machine without
 * MongoDB still checks the adapter; failing CI for want of a server would only punish such machines.
 */
class MongoStateStoreRealMongoTest extends StateStoreContract {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final List<String> USED = new ArrayList<>();
    private static String uri;
    private String database;

    @BeforeAll
    static void findServer() {
        uri = ExternalBackend.MONGO.find().orElse(null);
    }

    @AfterAll
    static void dropDatabases() {
        if (uri == null) {
            return;
        }
        try (MongoClient client = MongoClients.create(uri)) {
            USED.forEach(name -> client.getDatabase(name).drop());
        }
    }

    @Override
    protected StateStore openStore() {
        Assumptions.assumeTrue(
                uri != null,
                "real MongoDB tests are opt-in: set " + ExternalBackend.MONGO.envVar()
                        + " (e.g. mongodb://127.0.0.1:27017) or provide a Docker engine; skipped even in CI");
        database = "reflex_contract_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        USED.add(database);
        return MongoStateStore.connect(uri, database);
    }

    @Override
    protected StateStore openPeer() {
        return MongoStateStore.connect(uri, database);
    }
}
