package io.reflex.runtime.backend;

import io.reflex.embedded.EmbeddedMongo;
import io.reflex.embedded.EmbeddedPostgres;
import io.reflex.runtime.config.ConfigException;
import io.reflex.runtime.config.ConfigKeys;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded state store behind an {@code embedded:} store URI, started under the data directory:
 * {@code embedded:postgres} (a PostgreSQL server from the binaries on the class path, reached through the
 * SQL adapter: real indexes), {@code embedded:mongo} (mongo-java-server in this JVM on its H2 file: no
 * server process, but list queries scan), and {@code embedded:}, which means the default, PostgreSQL.
 *
 * @param uri the address the store adapter connects to (may hold a password: log {@code address})
 * @param address the same without credentials
 */
record EmbeddedStore(Flavour flavour, String uri, String address, AutoCloseable server) implements AutoCloseable {
    /** The embedded store kinds; {@link #DEFAULT} is what a bare {@code embedded:} starts. */
    enum Flavour {
        POSTGRES,
        MONGO;

        static final Flavour DEFAULT = POSTGRES;
    }

    private static final Logger log = LoggerFactory.getLogger(EmbeddedStore.class);

    /**
     * The flavour an {@code embedded:} store URI names.
     *
     * @throws ConfigException for an unknown name, listing the known ones
     */
    static Flavour flavour(URI uri) {
        // "embedded:" is read as "embedded:/"
        String part = uri.getSchemeSpecificPart() == null ? "" : uri.getSchemeSpecificPart();
        String name = part.replaceAll("^/+|/+$", "").toLowerCase(Locale.ROOT);
        return switch (name) {
            case "" -> Flavour.DEFAULT;
            case "postgres", "postgresql" -> Flavour.POSTGRES;
            case "mongo", "mongodb" -> Flavour.MONGO;
            default ->
                throw new ConfigException("config key '" + ConfigKeys.STORE_URI.name() + "': unknown embedded store '"
                        + uri + "'; known: embedded: (the default, PostgreSQL), embedded:postgres, embedded:mongo");
        };
    }

    /**
     * Starts the store {@code uri} names with its data under {@code dataDir}. A bare {@code embedded:} on a
     * data directory that holds a mongo-java-server store and no PostgreSQL cluster (one made before
     * PostgreSQL became the default) keeps using that store, so an upgrade does not hide its history.
     */
    static EmbeddedStore start(URI uri, Path dataDir) {
        Flavour flavour = flavour(uri);
        if (flavour == Flavour.DEFAULT && isBare(uri) && holdsMongoOnly(dataDir)) {
            log.warn(
                    "embedded store: data_dir holds a mongo-java-server store and no PostgreSQL cluster; using it."
                            + " Set store.uri=embedded:mongo to keep it, or embedded:postgres to start afresh data_dir={}",
                    dataDir);
            flavour = Flavour.MONGO;
        }
        return switch (flavour) {
            case POSTGRES -> {
                EmbeddedPostgres postgres = EmbeddedPostgres.start(dataDir);
                yield new EmbeddedStore(Flavour.POSTGRES, postgres.uri(), postgres.address(), postgres);
            }
            case MONGO -> {
                EmbeddedMongo mongo = EmbeddedMongo.start(dataDir);
                yield new EmbeddedStore(Flavour.MONGO, mongo.uri(), mongo.uri(), mongo);
            }
        };
    }

    private static boolean isBare(URI uri) {
        return uri.getSchemeSpecificPart() == null
                || uri.getSchemeSpecificPart().replace("/", "").isEmpty();
    }

    private static boolean holdsMongoOnly(Path dataDir) {
        return Files.exists(dataDir.resolve("store").resolve("reflex.mv"))
                && !Files.exists(dataDir.resolve("postgres").resolve("data"));
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
