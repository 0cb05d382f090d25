package io.reflex.embedded;

import io.reflex.core.bus.LocalLogs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.qpid.server.SystemLauncher;
import org.apache.qpid.server.SystemLauncherListener;
import org.apache.qpid.server.model.Broker;
import org.apache.qpid.server.model.Port;
import org.apache.qpid.server.model.SystemConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Apache Qpid Broker-J running inside this JVM and speaking AMQP 0-9-1 on a free loopback port, for
 * {@code reflex up} and tests without a RabbitMQ server. It knows classic durable queues, exchanges,
 * publisher confirms and prefetch, but not RabbitMQ's queue types ({@code x-queue-type} closes the
 * connection with 542), so clients must probe it before declaring quorum or stream queues.
 *
 * <p>With a data directory, the virtual host keeps its messages in an H2 database under {@code dataDir/broker}
 * ({@link QpidConfig#MESSAGE_STORE_URL}; a directory first started with the Derby store keeps that): durable
 * queues and persistent messages survive a restart on the same directory. Without one, everything lives
 * in memory and is gone on {@link #close()}.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);

    private final SystemLauncher launcher;
    private final Path workDir;
    private final boolean temporary;
    private final int port;
    private final AtomicBoolean closed = new AtomicBoolean();

    private final LocalLogs localLogs = new LocalLogs();

    private EmbeddedBroker(SystemLauncher launcher, Path workDir, boolean temporary, int port) {
        this.launcher = launcher;
        this.workDir = workDir;
        this.temporary = temporary;
        this.port = port;
    }

    /**
     * Starts a broker and returns once its AMQP port accepts connections.
     *
     * @param dataDir where durable state lives ({@code dataDir/broker}); {@code null} for an in-memory broker
     * @throws IllegalStateException when the broker does not start (the cause says why)
     */
    public static EmbeddedBroker start(Path dataDir) {
        boolean persistent = dataDir != null;
        Path workDir = persistent ? dataDir.resolve("broker") : temporaryDirectory();
        AtomicReference<SystemConfig<?>> system = new AtomicReference<>();
        SystemLauncher launcher = new SystemLauncher(new SystemLauncherListener.DefaultSystemLauncherListener() {
            @Override
            public void onContainerResolve(SystemConfig<?> systemConfig) {
                system.set(systemConfig);
            }
        });
        try {
            Files.createDirectories(workDir);
            silenceDerbyLog();
            launcher.startup(systemAttributes(workDir, persistent));
            int port = boundAmqpPort(system.get());
            detachBrokerShutdownHook(system.get());
            log.info("embedded broker started port={} persistent={} work_dir={}", port, persistent, workDir);
            return new EmbeddedBroker(launcher, workDir, !persistent, port);
        } catch (Exception e) {
            launcher.shutdown();
            if (!persistent) {
                deleteRecursively(workDir);
            }
            throw new IllegalStateException("embedded broker did not start: " + e.getMessage(), e);
        }
    }

    /**
     * Qpid's broker registers a JVM shutdown hook that closes it (and its logging) on SIGTERM, racing the
     * embedding process's own ordered shutdown, which must stop services before their broker. The embedding
     * process owns the broker's life, so the hook is removed; {@link #close} stops the broker instead.
     */
    private static void detachBrokerShutdownHook(SystemConfig<?> system) {
        Object broker = system.getContainer();
        try {
            for (Class<?> c = broker.getClass(); c != null; c = c.getSuperclass()) {
                for (java.lang.reflect.Field field : c.getDeclaredFields()) {
                    if (field.getName().equals("_shutdownHook")) {
                        field.setAccessible(true);
                        if (field.get(broker) instanceof Thread hook) {
                            Runtime.getRuntime().removeShutdownHook(hook);
                        }
                        return;
                    }
                }
            }
            log.warn("could not detach the broker's own shutdown hook: no such field in {}", broker.getClass());
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("could not detach the broker's own shutdown hook error={}", e.toString());
        }
    }

    private static Map<String, Object> systemAttributes(Path workDir, boolean persistent) throws IOException {
        Path initialConfig = workDir.resolve("initial-config.json");
        Files.writeString(initialConfig, QpidConfig.initialConfig(persistent));
        Map<String, Object> context = new HashMap<>();
        context.put("qpid.work_dir", workDir.toString());
        context.put(QpidConfig.PORT_CONTEXT_VAR, "0");
        // No preferences (a management-UI feature): nothing to write, nothing to lock.
        context.put("qpid.broker.defaultPreferenceStoreAttributes", "{\"type\": \"Noop\"}");
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(SystemConfig.TYPE, persistent ? "JSON" : "Memory");
        attributes.put(
                SystemConfig.INITIAL_CONFIGURATION_LOCATION,
                initialConfig.toUri().toString());
        attributes.put(SystemConfig.STARTUP_LOGGED_TO_SYSTEM_OUT, false);
        attributes.put(SystemConfig.CONTEXT, context);
        if (persistent) {
            attributes.put("storePath", QpidConfig.systemConfigPath(workDir).toString());
        }
        return attributes;
    }

    /**
     * Derby writes {@code derby.log} into the working directory unless a system property says otherwise, and
     * reads it once, when its driver class loads, which Qpid does while starting any broker, even an
     * in-memory one (Qpid's own redirect comes later, and logs Derby's banner at WARN). Derby's diagnostic
     * log is discarded; its errors still reach Qpid as exceptions, which Qpid logs.
     */
    private static void silenceDerbyLog() {
        if (System.getProperty("derby.stream.error.file") == null
                && System.getProperty("derby.stream.error.method") == null
                && System.getProperty("derby.stream.error.field") == null) {
            System.setProperty("derby.stream.error.method", "java.io.OutputStream.nullOutputStream");
        }
    }

    private static int boundAmqpPort(SystemConfig<?> system) {
        if (system == null) {
            throw new IllegalStateException("broker container was never resolved");
        }
        Broker<?> broker = system.getContainer(Broker.class);
        for (Port<?> port : broker.getPorts()) {
            if (port.getBoundPort() > 0) {
                return port.getBoundPort();
            }
        }
        throw new IllegalStateException("broker has no bound AMQP port");
    }

    /** The loopback port the broker's AMQP 0-9-1 listener is bound to. */
    public int port() {
        return port;
    }

    /** An AMQP URI for the RabbitMQ client: {@code amqp://guest:guest@127.0.0.1:<port>}. */
    public String amqpUri() {
        return "amqp://guest:guest@127.0.0.1:" + port;
    }

    /**
     * The logs of this broker's buses: it has no stream queues, so buses connected to it in this process keep
     * their logs here (see {@code RabbitEventBus.connect(config, localLogs)}).
     */
    public LocalLogs localLogs() {
        return localLogs;
    }

    /** Stops the broker; an in-memory broker's temporary files are deleted. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        launcher.shutdown();
        if (temporary) {
            deleteRecursively(workDir);
        } else {
            closeMessageStore();
        }
        log.info("embedded broker stopped port={}", port);
    }

    /**
     * The message store's database stays open while this process runs ({@link QpidConfig#MESSAGE_STORE_URL});
     * a stopped broker closes it, so another broker (or process) can open the directory. A directory whose
     * broker keeps its messages elsewhere (an older Derby store) has no such database: nothing to close.
     */
    private void closeMessageStore() {
        String url = QpidConfig.messageStoreUrl(workDir) + ";IFEXISTS=TRUE";
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        } catch (SQLException e) {
            log.debug("embedded broker message store not closed work_dir={} error={}", workDir, e.toString());
        }
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("reflex-broker-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("embedded broker cleanup failed dir={} error={}", dir, e.toString());
        }
    }
}
