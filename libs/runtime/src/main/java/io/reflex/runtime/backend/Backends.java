package io.reflex.runtime.backend;

import io.reflex.core.bus.EventBus;
import io.reflex.core.bus.LocalLogs;
import io.reflex.core.coordination.Coordinator;
import io.reflex.core.health.HealthCheck;
import io.reflex.core.store.StateStore;
import io.reflex.mongo.MongoStateStore;
import io.reflex.postgres.PostgresStateStore;
import io.reflex.rabbitmq.RabbitBusConfig;
import io.reflex.rabbitmq.RabbitEventBus;
import io.reflex.redis.RedisCoordinator;
import io.reflex.runtime.config.Config;
import io.reflex.runtime.config.ConfigException;
import io.reflex.runtime.config.ConfigKey;
import io.reflex.runtime.config.ConfigKeys;
import io.reflex.zookeeper.ZooKeeperCoordinator;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The three backends of a service, opened from their URIs: the one place where a URI scheme picks an
 * adapter. {@code embedded:} URIs must have been resolved to real addresses first (see
 * {@link EmbeddedServers}). Opening retries with backoff until {@code startup.timeout}, so a service
 * started before its backends waits for them instead of failing.
 */
public final class Backends implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Backends.class);

    private final StateStore store;
    private final EventBus bus;
    private final Coordinator coordinator;

    public Backends(StateStore store, EventBus bus, Coordinator coordinator) {
        this.store = Objects.requireNonNull(store, "store");
        this.bus = Objects.requireNonNull(bus, "bus");
        this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
    }

    /** Opens store, bus and coordinator for the service {@code client} (used in connection names). */
    public static Backends open(Config config, String client) {
        return open(config, client, new LocalLogs());
    }

    /**
     * As {@link #open(Config, String)}; on a broker without stream queues the bus keeps its logs in
     * {@code busLogs} (the embedded broker's, see {@link EmbeddedServers#busLogs}).
     */
    public static Backends open(Config config, String client, LocalLogs busLogs) {
        Duration timeout = config.get(ConfigKeys.STARTUP_TIMEOUT);
        StateStore store = Retry.until(timeout, "store", () -> openStore(config));
        try {
            EventBus bus = Retry.until(timeout, "bus", () -> openBus(config, client, busLogs));
            try {
                Coordinator coordinator = Retry.until(timeout, "coordinator", () -> openCoordinator(config));
                return new Backends(store, bus, coordinator);
            } catch (RuntimeException e) {
                bus.close();
                throw e;
            }
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    public StateStore store() {
        return store;
    }

    public EventBus bus() {
        return bus;
    }

    public Coordinator coordinator() {
        return coordinator;
    }

    public List<HealthCheck> healthChecks() {
        return List.of(store.health(), bus.health(), coordinator.health());
    }

    static StateStore openStore(Config config) {
        URI uri = config.get(ConfigKeys.STORE_URI);
        return switch (scheme(uri)) {
            case "mongodb", "mongodb+srv" ->
                MongoStateStore.connect(uri.toString(), config.get(ConfigKeys.STORE_DATABASE));
            case "postgresql", "postgres" -> PostgresStateStore.connect(uri.toString());
            default ->
                throw unknownScheme(
                        ConfigKeys.STORE_URI, uri, "mongodb://, mongodb+srv://, postgresql://, postgres://, embedded:");
        };
    }

    static EventBus openBus(Config config, String client, LocalLogs busLogs) {
        URI uri = config.get(ConfigKeys.BUS_URI);
        return switch (scheme(uri)) {
            case "amqp", "amqps" ->
                RabbitEventBus.connect(
                        RabbitBusConfig.defaults(uri.toString()).withConnectionName("reflex-" + client), busLogs);
            default -> throw unknownScheme(ConfigKeys.BUS_URI, uri, "amqp://, amqps://, embedded:");
        };
    }

    static Coordinator openCoordinator(Config config) {
        URI uri = config.get(ConfigKeys.COORDINATION_URI);
        String namespace = config.get(ConfigKeys.COORDINATION_NAMESPACE);
        Duration session = config.get(ConfigKeys.COORDINATION_SESSION_TIMEOUT);
        return switch (scheme(uri)) {
            case "zookeeper" -> ZooKeeperCoordinator.connect(zooKeeperConnect(uri), namespace, session);
            case "redis", "rediss" -> RedisCoordinator.connect(uri.toString(), namespace, session);
            default ->
                throw unknownScheme(ConfigKeys.COORDINATION_URI, uri, "zookeeper://, redis://, rediss://, embedded:");
        };
    }

    /** {@code zookeeper://h1:2181,h2:2181/chroot} → {@code h1:2181,h2:2181/chroot}. */
    static String zooKeeperConnect(URI uri) {
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isBlank()) {
            throw new ConfigException("config key 'coordination.uri': '" + uri + "' names no ZooKeeper host");
        }
        String path = uri.getRawPath();
        return path == null || path.isEmpty() || path.equals("/") ? authority : authority + path;
    }

    private static String scheme(URI uri) {
        return uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    }

    private static ConfigException unknownScheme(ConfigKey<?> key, URI uri, String known) {
        if ("embedded".equals(scheme(uri))) {
            return new ConfigException(
                    "config key '" + key.name() + "': embedded: was not resolved to a running server");
        }
        return new ConfigException(
                "config key '" + key.name() + "': unknown scheme in '" + uri + "'; known schemes: " + known);
    }

    @Override
    public void close() {
        coordinator.close();
        bus.close();
        store.close();
    }

    /** Retries an open with exponential backoff (0.5 s doubling to 8 s) until a deadline. */
    static final class Retry {
        private Retry() {}

        static <T> T until(Duration timeout, String what, Supplier<T> open) {
            long deadline = System.nanoTime() + timeout.toNanos();
            long backoffMs = 500;
            for (int attempt = 1; ; attempt++) {
                try {
                    return open.get();
                } catch (ConfigException e) {
                    throw e;
                } catch (RuntimeException e) {
                    if (System.nanoTime() + backoffMs * 1_000_000 > deadline) {
                        throw new BackendUnavailableException(
                                what + " unreachable after " + attempt + " attempt(s): " + e.getMessage(), e);
                    }
                    log.warn(
                            "backend not ready backend={} attempt={} retry_in_ms={} error={}",
                            what,
                            attempt,
                            backoffMs,
                            e.toString());
                    sleep(backoffMs);
                    backoffMs = Math.min(backoffMs * 2, 8_000);
                }
            }
        }

        private static void sleep(long ms) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackendUnavailableException("interrupted while waiting for a backend", e);
            }
        }
    }
}
