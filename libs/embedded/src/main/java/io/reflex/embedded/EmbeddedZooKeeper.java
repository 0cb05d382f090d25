package io.reflex.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real standalone ZooKeeper server inside this JVM, on a loopback port, for {@code reflex up} and for tests
 * that need a coordinator without an installed ensemble. Clients (Curator) talk to it over TCP exactly as
 * to a remote server, so sessions, ephemeral nodes and watches behave as in production.
 *
 * <p>Snapshots and transaction logs live under {@code dataDir/zookeeper}, so the tree (and the fencing
 * counters that are zxids) survives a restart on the same directory. Sessions may last from 1 s to 60 s
 * (the tick is 500 ms), which lets tests use short session timeouts. No admin server is started: this
 * path never creates one, and the {@code zookeeper.admin.enableServer} property is set to false when
 * unset so that nothing else in the JVM binds port 8080 on ZooKeeper's behalf either.
 */
public final class EmbeddedZooKeeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedZooKeeper.class);
    private static final int TICK_MS = 500;
    private static final int MIN_SESSION_MS = 1_000;
    private static final int MAX_SESSION_MS = 60_000;
    private static final int MAX_CLIENT_CONNECTIONS = 1_000;

    private final ZooKeeperServer server;
    private final ServerCnxnFactory factory;
    private final Path dir;
    private final Path tempDir;
    private volatile boolean closed;

    private EmbeddedZooKeeper(ZooKeeperServer server, ServerCnxnFactory factory, Path dir, Path tempDir) {
        this.server = server;
        this.factory = factory;
        this.dir = dir;
        this.tempDir = tempDir;
    }

    /** Starts a server on a free loopback port; see {@link #start(Path, int)}. */
    public static EmbeddedZooKeeper start(Path dataDir) {
        return start(dataDir, 0);
    }

    /**
     * Starts a server and returns once it accepts connections.
     *
     * @param dataDir the data directory (the server writes under {@code dataDir/zookeeper}); {@code null}
     *     uses a temporary directory that is deleted on {@link #close()}
     * @param port the loopback port, or 0 for a free one
     * @throws IllegalStateException when the server does not start (port taken, unreadable data)
     */
    public static EmbeddedZooKeeper start(Path dataDir, int port) {
        System.getProperties().putIfAbsent("zookeeper.admin.enableServer", "false");
        // 0: no server-wide connection limit (the per-client limit below applies); said explicitly so the
        // server does not warn on every start that it is unset.
        System.getProperties().putIfAbsent("zookeeper.maxCnxns", "0");
        Path tempDir = dataDir == null ? createTempDir() : null;
        Path dir = (dataDir == null ? tempDir : dataDir).resolve("zookeeper");
        ZooKeeperServer server = null;
        ServerCnxnFactory factory = null;
        try {
            Files.createDirectories(dir);
            server = new ZooKeeperServer(dir.toFile(), dir.toFile(), TICK_MS);
            server.setMinSessionTimeout(MIN_SESSION_MS);
            server.setMaxSessionTimeout(MAX_SESSION_MS);
            factory = ServerCnxnFactory.createFactory(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), port), MAX_CLIENT_CONNECTIONS);
            factory.startup(server);
        } catch (IOException | InterruptedException | RuntimeException e) {
            stopQuietly(server, factory);
            deleteQuietly(tempDir);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("embedded zookeeper did not start in " + dir + ": " + e, e);
        }
        EmbeddedZooKeeper zk = new EmbeddedZooKeeper(server, factory, dir, tempDir);
        log.info("embedded zookeeper started connect={} dir={}", zk.connectString(), dir);
        return zk;
    }

    /** {@code 127.0.0.1:<port>}, for Curator or the ZooKeeper client. */
    public String connectString() {
        return InetAddress.getLoopbackAddress().getHostAddress() + ":" + factory.getLocalPort();
    }

    public int port() {
        return factory.getLocalPort();
    }

    /** Where snapshots and logs live ({@code dataDir/zookeeper}). */
    Path directory() {
        return dir;
    }

    /** Stops the server (clients see their connection drop), flushes its log and removes a temp dir. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopQuietly(server, factory);
        deleteQuietly(tempDir);
        log.info("embedded zookeeper stopped port={}", factory.getLocalPort());
    }

    private static void stopQuietly(ZooKeeperServer server, ServerCnxnFactory factory) {
        try {
            if (factory != null) {
                factory.shutdown(); // also shuts the server down
            }
            if (server != null) {
                if (server.isRunning()) {
                    server.shutdown();
                }
                if (server.getTxnLogFactory() != null) {
                    server.getTxnLogFactory().close();
                }
            }
        } catch (IOException | RuntimeException e) {
            log.warn("embedded zookeeper stop failed error={}", e.toString());
        }
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("reflex-zookeeper-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp dir for embedded zookeeper", e);
        }
    }

    private static void deleteQuietly(Path root) {
        if (root == null) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            log.warn("embedded zookeeper temp dir not deleted dir={} error={}", root, e.toString());
        }
    }
}
