package io.reflex.embedded;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.bson.Document;
import io.reflex.core.store.StoreCommandEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A mongo-java-server inside this JVM, speaking the MongoDB wire protocol on a free loopback port, so the
 * MongoDB driver (and so {@code MongoStateStore}) talks to it as to a real server. It enforces unique
 * indexes and supports {@code findOneAndUpdate}, but it has no transactions or change streams and it scans
 * collections for list queries (secondary indexes do not make them faster). A query that pins one
 * {@code _id} (a get, or a compare-and-set on {@code _id} plus expected fields) is answered through the
 * {@code _id} index ({@link IdLookup}).
 *
 * <p>With a data directory the databases live in one H2 MVStore file, {@code dataDir/store/reflex.mv}, and
 * survive a restart on the same directory. The file is committed in the background about once a second
 * and on {@link #close()}: a clean stop loses nothing, a crash of the JVM may lose the last second of
 * writes. Without a data directory everything lives in memory and is gone on close.
 */
public final class EmbeddedMongo implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongo.class);

    private final MongoServer server;
    private final int port;
    private final Path file;
    private volatile boolean closed;

    private EmbeddedMongo(MongoServer server, int port, Path file) {
        this.server = server;
        this.port = port;
        this.file = file;
    }

    /**
     * Starts a server on a free loopback port and returns once it accepts connections.
     *
     * @param dataDir where the store file lives ({@code dataDir/store/reflex.mv}); {@code null} keeps
     *     everything in memory
     * @throws IllegalStateException when the server does not start, e.g. because another process holds
     *     the store file
     */
    public static EmbeddedMongo start(Path dataDir) {
        Path file = dataDir == null ? null : dataDir.resolve("store").resolve("reflex.mv");
        MongoBackend backend = openBackend(file);
        MongoServer server = new MongoServer(backend);
        try {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
        } catch (RuntimeException e) {
            // bind() shuts the server down (and closes the backend) itself when it fails
            throw new IllegalStateException("embedded mongo did not start: " + e.getMessage(), e);
        }
        int port = server.getLocalAddress().getPort();
        log.info("embedded mongo started port={} backend={} file={}", port, file == null ? "memory" : "h2", file);
        return new EmbeddedMongo(server, port, file);
    }

    /** Page cache of the H2 file backend, in MiB. */
    static final int CACHE_MB = 256;

    private static MongoBackend openBackend(Path file) {
        if (file == null) {
            return new EmbeddedMemoryBackend();
        }
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file.getParent(), e);
        }
        try {
            // H2's default 16 MiB page cache makes every scan of a large collection read the file again
            // (mongo-java-server scans for every query); a larger cache keeps a laptop's history in memory.
            MVStore store = new MVStore.Builder()
                    .fileName(file.toString())
                    .cacheSize(CACHE_MB)
                    .open();
            return new EmbeddedH2Backend(store);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot open embedded mongo store " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code mongodb://127.0.0.1:<port>}, for the MongoDB driver. */
    public String uri() {
        return "mongodb://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The H2 store file, or null for the memory backend. */
    public Path file() {
        return file;
    }

    /**
     * Disconnects every client, stops the server and closes the store file (committing what is pending).
     * Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdownNow();
        log.info("embedded mongo stopped port={}", port);
    }

    /** Records a command a backend answered ({@link StoreCommandEvent}): its name and the collection it names. */
    static void recordCommand(String command, Document query) {
        Object collection = query == null ? null : query.get(command);
        StoreCommandEvent.record(command, collection instanceof String s ? s : null);
    }
}
