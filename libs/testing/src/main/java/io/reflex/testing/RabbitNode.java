package io.reflex.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A RabbitMQ node of the test's own (Debian's {@code rabbitmq-server}), on free loopback ports with its own
 * node name and data directory, so a test may SIGKILL and restart a broker without touching the shared one
 * other tests use. Needs root (the server script switches to the {@code rabbitmq} user, which must own the
 * data directory). Where {@code rabbitmq-server} is missing the test fails in CI and is aborted elsewhere,
 * like {@link ExternalBackend#require()}.
 */
public final class RabbitNode implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(90);
    /** How long a declared stream is left to settle before its node may be crashed ({@link #awaitQueueSettled}). */
    private static final Duration SETTLE = Duration.ofSeconds(5);

    private final String nodeName;
    private final int amqpPort;
    private final int distPort;
    private final Path dir;

    private RabbitNode(String nodeName, int amqpPort, int distPort, Path dir) {
        this.nodeName = nodeName;
        this.amqpPort = amqpPort;
        this.distPort = distPort;
        this.dir = dir;
    }

    /** Starts a new node and waits until it serves AMQP. */
    public static RabbitNode start() {
        try {
            RabbitNode node = create();
            node.restart();
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void requireServer() {
        Path server = Path.of("/usr/sbin/rabbitmq-server");
        if (!Files.isExecutable(server) || !"root".equals(System.getProperty("user.name"))) {
            String why = "a RabbitMQ node of the test's own needs /usr/sbin/rabbitmq-server and root";
            if (ExternalBackend.inCi()) {
                Assertions.fail(why);
            }
            Assumptions.abort(why);
        }
    }

    /** A node with its own name, ports and data directory, not started yet. */
    static RabbitNode create() throws IOException {
        requireServer();
        Path dir = Files.createTempDirectory("reflex-rabbit-");
        String name = "reflexit" + UUID.randomUUID().toString().substring(0, 8) + "@localhost";
        RabbitNode node = new RabbitNode(name, FreePorts.next(), FreePorts.next(), dir);
        node.prepare();
        return node;
    }

    /** The Erlang node name, {@code reflexit…@localhost}. */
    public String nodeName() {
        return nodeName;
    }

    /** Runs {@code rabbitmqctl -q -n <this node> args…} and returns its exit code. */
    int ctl(String... args) {
        return run(ctlCommand(args), STARTUP);
    }

    /** Runs {@code rabbitmqctl -q -n <this node> args…} and returns what it printed. */
    String ctlOutput(String... args) {
        return output(ctlCommand(args));
    }

    private List<String> ctlCommand(String... args) {
        List<String> command = new ArrayList<>(List.of("/usr/sbin/rabbitmqctl", "-q", "-n", nodeName));
        command.addAll(List.of(args));
        return command;
    }

    /** {@code amqp://guest:guest@127.0.0.1:<port>} */
    public String uri() {
        return "amqp://guest:guest@127.0.0.1:" + amqpPort;
    }

    public int port() {
        return amqpPort;
    }

    private void prepare() throws IOException {
        Files.createDirectories(dir.resolve("mnesia"));
        Files.createDirectories(dir.resolve("log"));
        Files.writeString(
                dir.resolve("rabbitmq.conf"), "listeners.tcp.1 = 127.0.0.1:" + amqpPort + "\nloopback_users = none\n");
        Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
        run(List.of("chown", "-R", "rabbitmq:rabbitmq", dir.toString()), Duration.ofSeconds(10));
    }

    /** Starts the node (again, on the same data and ports after {@link #kill()}) and waits until it is up. */
    public void restart() {
        ProcessBuilder pb = new ProcessBuilder("/usr/sbin/rabbitmq-server", "-detached");
        Map<String, String> env = pb.environment();
        env.put("RABBITMQ_NODENAME", nodeName);
        env.put("RABBITMQ_NODE_PORT", String.valueOf(amqpPort));
        env.put("RABBITMQ_DIST_PORT", String.valueOf(distPort));
        env.put("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString());
        env.put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
        env.put("RABBITMQ_PID_FILE", dir.resolve("pid").toString());
        env.put("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString());
        env.put("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq").toString());
        pb.directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("start.out").toFile());
        try {
            Process p = pb.start();
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        // await_startup fails at once until the node has registered with epmd, so ask until it answers
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (run(List.of("/usr/sbin/rabbitmqctl", "-q", "-n", nodeName, "await_startup", "--timeout", "60"), STARTUP)
                != 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "RabbitMQ node " + nodeName + " did not start; see " + dir.resolve("log"));
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * The names of the node's queues that the node itself reports {@code down}: after a SIGKILL and restart,
     * RabbitMQ 3.10 sometimes leaves a stream in that state (its record names a leader process that no longer
     * exists and the stream coordinator never replaces it), whatever its clients do.
     */
    public List<String> queuesDown() {
        return queuesIn("down");
    }

    /** The names of the node's queues in {@code state}, as {@code rabbitmqctl list_queues} reports them. */
    private List<String> queuesIn(String state) {
        return output(ctlCommand("list_queues", "name", "state"))
                .lines()
                .map(l -> l.strip().split("\\s+"))
                .filter(cols -> cols.length == 2 && cols[1].equals(state))
                .map(cols -> cols[0])
                .toList();
    }

    /**
     * Waits until {@code recovered} holds after a {@link #restart()}.
     *
     * @throws AssertionError when it does not within {@code timeout}, with the node's queue states and log
     */
    public void awaitRecovery(java.util.function.BooleanSupplier recovered, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!recovered.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " not back within " + timeout.toSeconds() + " s; queues the node"
                        + " itself reports down: " + queuesDown() + "\n" + diagnostics());
            }
            pause(Duration.ofMillis(250));
        }
    }

    /**
     * Waits until the node reports queue {@code name} {@code running}, then {@link #SETTLE} more. RabbitMQ 3.10
     * loses a stream queue declared about a second before its node is SIGKILLed: the queue's record survives
     * the crash, the stream coordinator does not restart its writer, and the queue stays {@code down} for good,
     * even across a clean restart of the node (seen in CI: killed 0.8 s after the declaration). A test that
     * crashes the broker to check its clients' recovery waits this long first, as a deployment's streams are
     * declared when its services start, long before any crash.
     */
    public void awaitQueueSettled(String name, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!queuesIn("running").contains(name)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "queue " + name + " not running within " + timeout.toSeconds() + " s\n" + diagnostics());
            }
            pause(Duration.ofMillis(250));
        }
        pause(SETTLE);
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What the node says of its streams and the end of its log: for a test's failure message. */
    public String diagnostics() {
        StringBuilder sb = new StringBuilder("RabbitMQ node ").append(nodeName).append('\n');
        sb.append(
                output(List.of("/usr/sbin/rabbitmqctl", "-q", "-n", nodeName, "list_queues", "name", "type", "state")));
        try (Stream<Path> logs = Files.list(dir.resolve("log"))) {
            for (Path log : logs.filter(p -> p.toString().endsWith(".log")).toList()) {
                List<String> lines = Files.readAllLines(log);
                sb.append("--- ").append(log.getFileName()).append(" (last 40 lines)\n");
                lines.subList(Math.max(0, lines.size() - 40), lines.size())
                        .forEach(l -> sb.append(l).append('\n'));
            }
        } catch (IOException e) {
            sb.append("(log unreadable: ").append(e.getMessage()).append(")\n");
        }
        return sb.toString();
    }

    private static String output(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "(" + command.get(0) + " failed: " + e.getMessage() + ")\n";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)\n";
        }
    }

    /**
     * SIGKILLs the node's Erlang VM and its helper processes, as a crash would, and waits until they are gone.
     * The VM is found by its pid file and, should that be missing or stale (a start that timed out before
     * writing it), by the node name in its environment, so no VM of this node outlives the test.
     */
    public void kill() {
        List<ProcessHandle> vms = new ArrayList<>();
        pid().flatMap(ProcessHandle::of).ifPresent(vms::add);
        ProcessHandle.allProcesses()
                .filter(h -> h.pid() != ProcessHandle.current().pid() && runsThisNode(h.pid()))
                .forEach(vms::add);
        List<ProcessHandle> all = new ArrayList<>();
        for (ProcessHandle vm : vms) {
            all.addAll(vm.descendants().toList());
            all.add(vm);
        }
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : all) {
            h.onExit().orTimeout(30, TimeUnit.SECONDS).join();
        }
    }

    private boolean runsThisNode(long pid) {
        try {
            String env = new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "environ")));
            return env.contains("RABBITMQ_NODENAME=" + nodeName + "\0");
        } catch (IOException | SecurityException e) {
            return false; // gone, or not ours to read
        }
    }

    private Optional<Long> pid() {
        try {
            Path file = dir.resolve("pid");
            return Files.exists(file)
                    ? Optional.of(Long.parseLong(Files.readString(file).trim()))
                    : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        kill();
        FreePorts.deleteTree(dir);
    }

    private static int run(List<String> command, Duration timeout) {
        try {
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
