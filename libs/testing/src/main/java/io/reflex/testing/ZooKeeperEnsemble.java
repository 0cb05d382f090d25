package io.reflex.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A ZooKeeper ensemble of the test's own: three server JVMs of Debian's {@code zookeeper} package on free
 * loopback ports, each with its own data directory, so a test may SIGKILL the leader and start it again.
 * The leader is found with the {@code srvr} four-letter command. Where the package is missing the test fails
 * in CI and is aborted elsewhere, like {@link ExternalBackend#require()}.
 */
public final class ZooKeeperEnsemble implements AutoCloseable {
    /** Debian's server jar; its manifest names the libraries it needs. */
    public static final Path SERVER_JAR = Path.of("/usr/share/java/zookeeper.jar");

    private static final Duration STARTUP = Duration.ofSeconds(90);

    private final Path dir;
    private final List<Server> servers;

    private record Server(int id, int clientPort, Path dir) {}

    private ZooKeeperEnsemble(Path dir, List<Server> servers) {
        this.dir = dir;
        this.servers = servers;
    }

    /** Starts a three-server ensemble and waits until it has a leader and every server serves. */
    public static ZooKeeperEnsemble start() {
        return start(3);
    }

    public static ZooKeeperEnsemble start(int size) {
        if (!Files.isReadable(SERVER_JAR)) {
            String why = "a ZooKeeper ensemble of the test's own needs Debian's zookeeper package (" + SERVER_JAR + ")";
            if (ExternalBackend.inCi()) {
                Assertions.fail(why);
            }
            Assumptions.abort(why);
        }
        try {
            Path dir = Files.createTempDirectory("reflex-zk-");
            List<int[]> ports = new ArrayList<>();
            List<Server> servers = new ArrayList<>();
            for (int id = 1; id <= size; id++) {
                ports.add(new int[] {FreePorts.next(), FreePorts.next(), FreePorts.next()});
                servers.add(new Server(id, ports.getLast()[0], dir.resolve("server" + id)));
            }
            String peers = servers.stream()
                    .map(s -> "server." + s.id() + "=127.0.0.1:" + ports.get(s.id() - 1)[1] + ":"
                            + ports.get(s.id() - 1)[2])
                    .collect(Collectors.joining("\n"));
            ZooKeeperEnsemble ensemble = new ZooKeeperEnsemble(dir, servers);
            for (Server s : servers) {
                ensemble.configure(s, peers);
            }
            for (int i = 0; i < size; i++) {
                ensemble.launch(i);
            }
            ensemble.awaitQuorum();
            return ensemble;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void configure(Server s, String peers) throws IOException {
        Files.createDirectories(s.dir().resolve("data"));
        Files.writeString(s.dir().resolve("data/myid"), s.id() + "\n");
        // Short ticks so a lost leader is replaced in a few seconds; sessions of 2 s or more stay valid.
        Files.writeString(
                s.dir().resolve("zoo.cfg"),
                String.join(
                        "\n",
                        "tickTime=500",
                        "initLimit=20",
                        "syncLimit=6",
                        "minSessionTimeout=1000",
                        "dataDir=" + s.dir().resolve("data"),
                        "clientPort=" + s.clientPort(),
                        "clientPortAddress=127.0.0.1",
                        "admin.enableServer=false",
                        "4lw.commands.whitelist=srvr,ruok",
                        peers,
                        ""));
    }

    /** {@code 127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3} */
    public String connectString() {
        return servers.stream().map(s -> "127.0.0.1:" + s.clientPort()).collect(Collectors.joining(","));
    }

    public int size() {
        return servers.size();
    }

    /** Starts server {@code index} (0-based), again after {@link #kill(int)}, on its own data and ports. */
    public void launch(int index) {
        Server s = servers.get(index);
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(
                        java,
                        "-Xmx128m",
                        "-XX:+UseSerialGC",
                        "-Dzookeeper.log.dir=" + s.dir(),
                        "-Dreflex.zk.ensemble=" + dir,
                        "-cp",
                        SERVER_JAR.toString(),
                        "org.apache.zookeeper.server.quorum.QuorumPeerMain",
                        s.dir().resolve("zoo.cfg").toString())
                .directory(s.dir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        s.dir().resolve("server.log").toFile()));
        try {
            Process p = pb.start();
            Files.writeString(s.dir().resolve("pid"), String.valueOf(p.pid()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILLs server {@code index}, as a crash would, and waits until it is gone. */
    public void kill(int index) {
        pid(servers.get(index)).flatMap(ProcessHandle::of).ifPresent(h -> {
            h.destroyForcibly();
            h.onExit().orTimeout(30, TimeUnit.SECONDS).join();
        });
    }

    /** The index of the server that leads now, if one does. */
    public Optional<Integer> leader() {
        for (int i = 0; i < servers.size(); i++) {
            if (mode(i).equals("leader")) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /**
     * Kills the leader and returns its index; first waits (as {@link #awaitQuorum()}) until one leads, since on
     * a busy host a server may not answer {@code srvr} within its timeout, or an election may still be running.
     */
    public int killLeader() {
        awaitQuorum();
        int leader = leader().orElseThrow(() -> new IllegalStateException("the ensemble has no leader"));
        kill(leader);
        return leader;
    }

    /** Waits until a leader exists and every running server follows or leads. */
    public void awaitQuorum() {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (true) {
            List<String> modes = new ArrayList<>();
            for (int i = 0; i < servers.size(); i++) {
                modes.add(running(i) ? mode(i) : "stopped");
            }
            boolean ready = modes.contains("leader")
                    && modes.stream().allMatch(m -> m.equals("leader") || m.equals("follower") || m.equals("stopped"));
            if (ready) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("ZooKeeper ensemble not ready: " + modes + "; see " + dir);
            }
            sleep(Duration.ofMillis(300));
        }
    }

    private boolean running(int index) {
        return pid(servers.get(index))
                .flatMap(ProcessHandle::of)
                .map(ProcessHandle::isAlive)
                .orElse(false);
    }

    /** What {@code srvr} says of the server's role: leader, follower, or "unavailable". */
    public String mode(int index) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", servers.get(index).clientPort()), 1000);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write("srvr".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return answer.lines()
                    .filter(l -> l.startsWith("Mode: "))
                    .map(l -> l.substring(6).trim())
                    .findFirst()
                    .orElse("unavailable");
        } catch (IOException e) {
            return "unavailable";
        }
    }

    private static Optional<Long> pid(Server s) {
        try {
            return Optional.of(
                    Long.parseLong(Files.readString(s.dir().resolve("pid")).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < servers.size(); i++) {
            kill(i);
        }
        FreePorts.deleteTree(dir);
    }
}
