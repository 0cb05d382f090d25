package io.reflex.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.reflex.core.health.HealthStatus;
import io.reflex.core.store.AbstractStateStore;
import io.reflex.core.store.Entity;
import io.reflex.core.store.EntityKind;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StoreException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state store on PostgreSQL, through the PostgreSQL JDBC driver and a HikariCP pool. One table per
 * kind, named by {@link EntityKind#collection()}, holding each record's JSON form as {@code jsonb}; the
 * indexes of every kind are real PostgreSQL indexes, unique ones included ({@link PostgresSchema}). Opening
 * it creates what is missing, safely when several processes start at once.
 *
 * <p>Failures surface quickly: unless the URI says otherwise, connecting waits at most 5 s, a pooled
 * connection is awaited at most 5 s and a reply at most 60 s; then the operation throws
 * {@link StoreException}. Broken connections are replaced by the pool when the server comes back. For
 * high availability point the URI at every node of a replicated PostgreSQL with
 * {@code targetServerType=primary}: the driver connects to whichever is primary.
 */
public final class PostgresStateStore extends AbstractStateStore {
    private static final Logger log = LoggerFactory.getLogger(PostgresStateStore.class);
    private static final int HEALTH_TIMEOUT_SECONDS = 2;

    private final HikariDataSource pool;
    private final PostgresUri uri;
    private volatile String serverVersion;

    private PostgresStateStore(HikariDataSource pool, PostgresUri uri) {
        super(new PostgresExecutionStore(pool));
        this.pool = Objects.requireNonNull(pool, "pool");
        this.uri = Objects.requireNonNull(uri, "uri");
    }

    /**
     * Connects to {@code uri} and creates the tables and indexes of every kind that are missing.
     *
     * @param uri a {@code postgresql://} URI ({@link PostgresUri})
     * @throws StoreException when no server answers within the connect timeout or the schema cannot be
     *     created
     * @throws IllegalArgumentException when the URI is malformed
     */
    public static PostgresStateStore connect(String uri) {
        PostgresUri parsed = PostgresUri.parse(uri);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(poolConfig(parsed));
        } catch (RuntimeException e) {
            throw new StoreException(
                    "cannot connect to PostgreSQL " + parsed.hosts() + "/" + parsed.database() + ": " + rootMessage(e),
                    e);
        }
        try {
            PostgresStateStore store = new PostgresStateStore(pool, parsed);
            int indexes = store.ensureSchema(Kinds.ALL);
            log.info(
                    "store connected hosts={} database={} schema={} indexes={}",
                    parsed.hosts(),
                    parsed.database(),
                    parsed.schema() == null ? "(search_path)" : parsed.schema(),
                    indexes);
            return store;
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** The URI's {@code pool_size}: the connections of this process's pool. */
    @Override
    public int maxConcurrentCommands() {
        return uri.poolSize();
    }

    private static HikariConfig poolConfig(PostgresUri uri) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(uri.jdbcUrl());
        if (uri.user() != null) {
            config.setUsername(uri.user());
        }
        if (uri.password() != null) {
            config.setPassword(uri.password());
        }
        config.setPoolName("reflex-store");
        config.setMaximumPoolSize(uri.poolSize());
        config.setMinimumIdle(Math.min(2, uri.poolSize()));
        config.setConnectionTimeout(5_000);
        config.setValidationTimeout(2_000);
        // Driver defaults the URI may override: bounded connect and read, a recognisable application name.
        String url = uri.jdbcUrl();
        putUnlessSet(config, url, "connectTimeout", "5");
        putUnlessSet(config, url, "socketTimeout", "60");
        putUnlessSet(config, url, "tcpKeepAlive", "true");
        putUnlessSet(config, url, "ApplicationName", "reflex");
        return config;
    }

    private static void putUnlessSet(HikariConfig config, String url, String property, String value) {
        if (!url.contains(property + "=")) {
            config.addDataSourceProperty(property, value);
        }
    }

    private int ensureSchema(List<EntityKind<?>> kinds) {
        try (Connection connection = pool.getConnection()) {
            return new PostgresSchema(uri.schema()).ensure(connection, kinds);
        } catch (SQLException e) {
            throw new StoreException("cannot create the store schema: " + e.getMessage(), e);
        }
    }

    @Override
    protected <T extends Entity> PostgresStore<T> newStore(EntityKind<T> kind) {
        return new PostgresStore<>(kind, pool);
    }

    @Override
    protected void prepare(EntityKind<?> kind) {
        ensureSchema(List.of(kind));
    }

    /** A {@code SELECT 1} bounded by a short timeout; the server version is asked once. */
    @Override
    protected HealthStatus ping() {
        try (Connection connection = pool.getConnection();
                Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(HEALTH_TIMEOUT_SECONDS);
            statement.execute("SELECT 1");
            if (serverVersion == null) {
                try (ResultSet rows = statement.executeQuery("SHOW server_version")) {
                    serverVersion = rows.next() ? rows.getString(1) : "unknown";
                }
            }
            return HealthStatus.up("postgresql " + serverVersion + " database=" + uri.database());
        } catch (SQLException e) {
            return HealthStatus.down("postgresql unreachable: SQLSTATE " + e.getSQLState() + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        pool.close();
        log.info("store closed database={}", uri.database());
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
