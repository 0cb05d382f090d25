package io.reflex.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.reflex.core.health.HealthStatus;
import io.reflex.core.store.AbstractStateStore;
import io.reflex.core.store.Entity;
import io.reflex.core.store.EntityKind;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StoreException;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state store on MongoDB (a replica set in production, mongo-java-server when embedded), through the
 * MongoDB Java sync driver. One collection per kind, named by {@link EntityKind#collection()}; records are
 * stored as documents with their id as {@code _id} and instants as BSON dates. Opening it ensures every
 * index of {@link Kinds#ALL}.
 *
 * <p>Failures surface quickly: unless the URI says otherwise, the driver waits at most 5 s for a server
 * (so an operation against a dead server throws {@link StoreException} after about 5 s instead of
 * hanging) and 60 s for a reply. The driver reconnects on its own when the server comes back.
 */
public final class MongoStateStore extends AbstractStateStore {
    private static final Logger log = LoggerFactory.getLogger(MongoStateStore.class);
    private static final long HEALTH_TIMEOUT_MS = 2_000;

    private final MongoClient client;
    private final MongoDatabase database;
    private volatile String serverVersion;

    MongoStateStore(MongoClient client, MongoDatabase database) {
        super(new MongoExecutionStore(database.getCollection(Kinds.EXECUTION.collection())));
        this.client = Objects.requireNonNull(client, "client");
        this.database = Objects.requireNonNull(database, "database");
    }

    /**
     * Connects to {@code uri} and ensures the indexes of every kind in {@code database}.
     *
     * @param uri a {@code mongodb://} or {@code mongodb+srv://} connection string; its options (e.g.
     *     {@code serverSelectionTimeoutMS}) override the defaults above
     * @param database the database name, or null to take it from the URI (default {@code reflex})
     * @throws StoreException when no server answers within the server selection timeout or an index
     *     cannot be created
     * @throws IllegalArgumentException when the URI is malformed
     */
    public static MongoStateStore connect(String uri, String database) {
        ConnectionString connection = new ConnectionString(uri);
        String name = database != null ? database : Objects.requireNonNullElse(connection.getDatabase(), "reflex");
        MongoClientSettings settings = MongoClientSettings.builder()
                .applicationName("reflex")
                .applyToClusterSettings(b -> b.serverSelectionTimeout(5, TimeUnit.SECONDS))
                .applyToSocketSettings(
                        b -> b.connectTimeout(5, TimeUnit.SECONDS).readTimeout(60, TimeUnit.SECONDS))
                .applyConnectionString(connection)
                .build();
        MongoClient client = MongoClients.create(settings);
        try {
            MongoStateStore store = new MongoStateStore(client, client.getDatabase(name));
            int indexes = store.ensureIndexes();
            log.info("store connected hosts={} database={} indexes={}", connection.getHosts(), name, indexes);
            return store;
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    private int ensureIndexes() {
        int count = 0;
        for (EntityKind<?> kind : Kinds.ALL) {
            count += MongoIndexes.ensure(database, kind);
        }
        return count;
    }

    @Override
    protected <T extends Entity> MongoStore<T> newStore(EntityKind<T> kind) {
        return new MongoStore<>(kind, database.getCollection(kind.collection()));
    }

    @Override
    protected void prepare(EntityKind<?> kind) {
        MongoIndexes.ensure(database, kind);
    }

    /** A {@code ping} bounded by a short client-side timeout; the server version is asked once. */
    @Override
    protected HealthStatus ping() {
        try {
            MongoDatabase quick = database.withTimeout(HEALTH_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            quick.runCommand(new Document("ping", 1));
            if (serverVersion == null) {
                serverVersion = quick.runCommand(new Document("buildInfo", 1)).get("version", "unknown");
            }
            return HealthStatus.up("mongodb " + serverVersion + " database=" + database.getName());
        } catch (MongoException e) {
            return HealthStatus.down("mongodb unreachable: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        client.close();
        log.info("store closed database={}", database.getName());
    }
}
