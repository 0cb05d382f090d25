package io.reflex.runtime.backend;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.health.HealthCheck;
import io.reflex.core.store.Entity;
import io.reflex.core.store.EntityKind;
import io.reflex.core.store.ExecutionStore;
import io.reflex.core.store.StateStore;
import io.reflex.core.store.Store;
import io.reflex.embedded.EmbeddedMongo;
import io.reflex.mongo.MongoStateStore;
import io.reflex.runtime.config.Config;
import io.reflex.runtime.config.ConfigKeys;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The state store for a one-off command ({@code reflex pack register}, {@code reflex pack install}).
 * With {@code embedded:} it uses the running Reflex's embedded store when one holds the data directory,
 * and otherwise starts the embedded store itself for the duration of the command.
 */
public final class StoreAccess {
    private StoreAccess() {}

    public static StateStore open(Config config) {
        URI uri = config.get(ConfigKeys.STORE_URI);
        String database = config.get(ConfigKeys.STORE_DATABASE);
        if (!"embedded".equalsIgnoreCase(uri.getScheme())) {
            return Backends.openStore(config);
        }
        Path dataDir = config.get(ConfigKeys.DATA_DIR);
        Optional<JsonNode> running = DataDir.runningEndpoints(dataDir);
        if (running.isPresent() && running.get().hasNonNull("store_uri")) {
            return MongoStateStore.connect(running.get().get("store_uri").asText(), database);
        }
        DataDir owned = DataDir.lock(dataDir);
        try {
            EmbeddedMongo mongo = EmbeddedMongo.start(dataDir);
            return new Owning(MongoStateStore.connect(mongo.uri(), database), mongo, owned);
        } catch (RuntimeException e) {
            owned.close();
            throw e;
        }
    }

    /** A store that also stops the embedded server and releases the data directory when closed. */
    private record Owning(StateStore store, EmbeddedMongo mongo, DataDir dir) implements StateStore {
        @Override
        public <T extends Entity> Store<T> store(EntityKind<T> kind) {
            return store.store(kind);
        }

        @Override
        public ExecutionStore executions() {
            return store.executions();
        }

        @Override
        public HealthCheck health() {
            return store.health();
        }

        @Override
        public void close() {
            try {
                store.close();
            } finally {
                mongo.close();
                dir.close();
            }
        }
    }
}
