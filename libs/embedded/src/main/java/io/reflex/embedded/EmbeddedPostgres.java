package io.reflex.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server started by this process from the binaries on the class path, with its cluster under
 * {@code dataDir/postgres}, listening on a free loopback port, and stopped with this process. It is the
 * embedded store with real indexes: the SQL adapter talks to it as to any PostgreSQL.
 *
 * <p>Layout: {@code dataDir/postgres/data} (the cluster, created by {@code initdb} on the first start),
 * {@code dataDir/postgres.password} (the generated password of the {@code reflex} role, readable by its
 * owner only) and {@code dataDir/postgres.log} (the server's log). A second start on the same directory
 * finds the data of the first. The binaries are shared by all data directories ({@link PostgresDistribution}).
 *
 * <p>Durability matches the other embedded backends: commits are not flushed one by one
 * ({@code synchronous_commit=off}); a crash of the machine may lose the last fraction of a second of writes,
 * never consistency, and a crash of the JVM loses nothing (the server shuts down cleanly when the JVM dies,
 * see {@link PostgresAccount}). Runs as {@code nobody} when Reflex runs as root.
 */
public final class EmbeddedPostgres implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);
    private static final String ROLE = "reflex";
    private static final String DATABASE = "postgres";
    private static final String READY = "database system is ready to accept connections";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final Process server;
    private final int port;
    private final String password;
    private final Path logFile;
    private volatile boolean closed;

    private EmbeddedPostgres(Process server, int port, String password, Path logFile) {
        this.server = server;
        this.port = port;
        this.password = password;
        this.logFile = logFile;
    }

    /**
     * Unpacks the binaries and creates the cluster where missing, starts the server and returns once it
     * accepts connections.
     *
     * @throws IllegalStateException when the server does not start; the message says why in one line and
     *     names the log
     */
    public static EmbeddedPostgres start(Path dataDir) {
        Path home = dataDir.toAbsolutePath().resolve("postgres");
        Path logFile = dataDir.toAbsolutePath().resolve("postgres.log");
        try {
            Files.createDirectories(home);
            PostgresAccount account = PostgresAccount.current(home);
            account.own(home);
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
            long t0 = System.nanoTime();
            Path binaries = PostgresDistribution.binaries(home.resolve("binaries"));
            long unpacked = System.nanoTime();
            String password = password(dataDir.toAbsolutePath().resolve("postgres.password"));
            Path data = home.resolve("data");
            if (!Files.isRegularFile(data.resolve("PG_VERSION"))) {
                initdb(account, binaries, data, password, logFile);
            }
            long initialised = System.nanoTime();
            int port = freePort();
            Process server = launch(account, serverCommand(account, binaries, data, port), logFile);
            awaitReady(server, logFile, Files.exists(logFile) ? Files.size(logFile) : 0);
            log.info(
                    "embedded postgres started port={} data={} pid={} as={} unpack_ms={} initdb_ms={} start_ms={}",
                    port,
                    data,
                    server.pid(),
                    account.root() ? "nobody" : "self",
                    (unpacked - t0) / 1_000_000,
                    (initialised - unpacked) / 1_000_000,
                    (System.nanoTime() - initialised) / 1_000_000);
            return new EmbeddedPostgres(server, port, password, logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("embedded postgres under " + home + ": " + e.getMessage(), e);
        }
    }

    private static List<String> serverCommand(PostgresAccount account, Path binaries, Path data, int port) {
        return List.of(
                account.seen(binaries.resolve("bin/postgres")),
                "-D",
                account.seen(data),
                "-p",
                Integer.toString(port),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "unix_socket_directories=",
                "-c",
                "synchronous_commit=off",
                "-c",
                "max_connections=200");
    }

    /** Creates the cluster in a sibling directory and renames it, so a failed initdb leaves nothing half made. */
    private static void initdb(PostgresAccount account, Path binaries, Path data, String password, Path logFile)
            throws IOException {
        Path home = data.getParent();
        Path fresh = home.resolve("data.init");
        Path passwordFile = home.resolve("initdb.password");
        PostgresDistribution.deleteTree(fresh);
        Files.writeString(passwordFile, password, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        account.own(passwordFile);
        try {
            List<String> command = List.of(
                    account.seen(binaries.resolve("bin/initdb")),
                    "-D",
                    account.seen(fresh),
                    "-U",
                    ROLE,
                    "--pwfile=" + account.seen(passwordFile),
                    "-A",
                    "scram-sha-256",
                    "-E",
                    "UTF8",
                    "--no-locale");
            Process initdb = launch(account, command, logFile);
            boolean done = initdb.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (!done || initdb.exitValue() != 0) {
                initdb.destroyForcibly();
                throw new IllegalStateException("embedded postgres: initdb failed" + hint(account) + " (see " + logFile
                        + ": " + lastLine(logFile) + ")");
            }
            Files.move(fresh, data);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the embedded postgres cluster", e);
        } finally {
            Files.deleteIfExists(passwordFile);
        }
    }

    private static String hint(PostgresAccount account) {
        return account.root()
                ? " running as nobody (Reflex runs as root: it needs util-linux's unshare, mount and setpriv"
                        + " and the right to create a mount namespace; otherwise run Reflex as another user or"
                        + " use store.uri=embedded:mongo)"
                : "";
    }

    /**
     * Starts {@code command} from a thread that lives as long as the process: the kernel's parent-death
     * signal is tied to the starting thread, not to the JVM, so a short-lived thread would stop the server.
     */
    private static Process launch(PostgresAccount account, List<String> command, Path logFile) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(account.wrap(command))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        CompletableFuture<Process> started = new CompletableFuture<>();
        Thread owner = new Thread(
                () -> {
                    Process process;
                    try {
                        process = builder.start();
                    } catch (IOException | RuntimeException e) {
                        started.completeExceptionally(e);
                        return;
                    }
                    started.complete(process);
                    try {
                        process.waitFor();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "embedded-postgres-" + Path.of(command.get(0)).getFileName());
        owner.setDaemon(true);
        owner.start();
        try {
            return started.get();
        } catch (ExecutionException e) {
            throw new IOException(
                    "cannot run " + command.get(0) + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting " + command.get(0), e);
        }
    }

    private static void awaitReady(Process server, Path logFile, long from) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (logSince(logFile, from).contains(READY)) {
                return;
            }
            if (!server.isAlive()) {
                throw new IllegalStateException("embedded postgres exited with status " + server.exitValue()
                        + " before accepting connections (see " + logFile + ": " + lastLine(logFile) + ")");
            }
            sleep(50);
        }
        server.destroyForcibly();
        throw new IllegalStateException("embedded postgres did not accept connections within "
                + START_TIMEOUT.toSeconds() + " s (see " + logFile + ")");
    }

    private static String logSince(Path logFile, long from) throws IOException {
        byte[] all = Files.readAllBytes(logFile);
        int start = (int) Math.min(from, all.length);
        return new String(all, start, all.length - start, StandardCharsets.UTF_8);
    }

    private static String lastLine(Path logFile) {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return lines.isEmpty() ? "empty" : lines.get(lines.size() - 1);
        } catch (IOException e) {
            return "unreadable";
        }
    }

    /** The role's password: generated on the first start, then read from a file only its owner can read. */
    private static String password(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        }
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, password, StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return password;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for embedded postgres", e);
        }
    }

    /**
     * {@code postgresql://reflex:<password>@127.0.0.1:<port>/postgres}, for the SQL store adapter. It holds
     * the password: log {@link #address()} instead.
     */
    public String uri() {
        return "postgresql://" + ROLE + ":" + password + "@127.0.0.1:" + port + "/" + DATABASE;
    }

    /** The URI without the password, for logs. */
    public String address() {
        return "postgresql://" + ROLE + "@127.0.0.1:" + port + "/" + DATABASE;
    }

    public int port() {
        return port;
    }

    /** The server's log (its standard output and error). */
    public Path logFile() {
        return logFile;
    }

    /** The server's main process id. */
    public long pid() {
        return server.pid();
    }

    /**
     * Stops the server with a fast shutdown (open sessions are ended, everything committed is kept) and
     * waits for it to exit. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (server.isAlive()) {
                new ProcessBuilder(new ArrayList<>(List.of("kill", "-INT", Long.toString(server.pid()))))
                        .start()
                        .waitFor();
            }
            if (!server.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                log.warn("embedded postgres did not stop in time pid={} log={}", server.pid(), logFile);
                server.destroyForcibly();
            }
        } catch (IOException e) {
            server.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.destroyForcibly();
        }
        log.info("embedded postgres stopped port={}", port);
    }
}
