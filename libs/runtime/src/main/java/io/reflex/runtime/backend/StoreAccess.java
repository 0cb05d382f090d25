package io.reflex.runtime.backend;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.health.HealthCheck;
import io.reflex.core.store.Entity;
import io.reflex.core.store.EntityKind;
import io.reflex.core.store.ExecutionStore;
import io.reflex.core.store.StateStore;
import io.reflex.core.store.Store;
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
        if (!"embedded".equalsIgnoreCase(uri.getScheme())) {
            return Backends.openStore(config);
        }
        EmbeddedStore.flavour(uri);
        Path dataDir = config.get(ConfigKeys.DATA_DIR);
        Optional<JsonNode> running = DataDir.runningEndpoints(dataDir);
        if (running.isPresent() && running.get().hasNonNull("store_uri")) {
            return connect(config, running.get().get("store_uri").asText());
        }
        DataDir owned = DataDir.lock(dataDir);
        EmbeddedStore server = null;
        try {
            server = EmbeddedStore.start(uri, dataDir);
            return new Owning(connect(config, server.uri()), server, owned);
        } catch (RuntimeException e) {
            closeQuietly(server);
            owned.close();
            throw e;
        }
    }

    private static StateStore connect(Config config, String storeUri) {
        return Backends.openStore(config.with(ConfigKeys.STORE_URI, URI.create(storeUri), "embedded"));
    }

    private static void closeQuietly(AutoCloseable server) {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (Exception e) {
            // the start failed already; that failure is the one to report
        }
    }

    /** A store that also stops the embedded server and releases the data directory when closed. */
    private record Owning(StateStore store, EmbeddedStore server, DataDir dir) implements StateStore {
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
                closeQuietly(server);
                dir.close();
            }
        }
    }
}
