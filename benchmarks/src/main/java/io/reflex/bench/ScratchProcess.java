package io.reflex.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A process of another system started by a benchmark, its output in a log file of the benchmark's scratch
 * folder. {@link #close()} stops it and every process it started, by process id (SIGTERM, then SIGKILL after
 * a grace period), and nothing else.
 */
final class ScratchProcess implements AutoCloseable {
    private static final Duration GRACE = Duration.ofSeconds(15);
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        // A benchmark stopped early (Ctrl-C) leaves nothing behind.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> LIVE.forEach(p -> {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                })));
    }

    final String name;
    final Path log;
    private final Process process;

    private ScratchProcess(String name, Path log, Process process) {
        this.name = name;
        this.log = log;
        this.process = process;
        LIVE.add(process);
    }

    /** Starts {@code command} in {@code dir} with {@code env} added to this JVM's environment. */
    static ScratchProcess start(String name, List<String> command, Path dir, Map<String, String> env)
            throws IOException {
        Path log = dir.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return new ScratchProcess(name, log, pb.start());
    }

    /** Runs {@code command} to its end (at most {@code limit}); its output goes to {@code <name>.log}. */
    static String runToEnd(String name, List<String> command, Path dir, Map<String, String> env, Duration limit)
            throws IOException, InterruptedException {
        try (ScratchProcess p = start(name, command, dir, env)) {
            if (!p.process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(name + " did not finish within " + limit + ":\n" + p.tail(30));
            }
            String out = Files.readString(p.log, StandardCharsets.UTF_8);
            if (p.process.exitValue() != 0) {
                throw new IllegalStateException(name + " exited " + p.process.exitValue() + ":\n" + p.tail(30));
            }
            return out;
        }
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Waits until {@code url} answers a GET with a status below 500, or fails with the log's tail. */
    void awaitHttp(String url, Duration limit) throws InterruptedException {
        await(url, limit, false);
    }

    /** Waits until a POST of {@code {}} to {@code url} is answered 200 (a webhook registered late). */
    void awaitPost(String url, Duration limit) throws InterruptedException {
        await(url, limit, true);
    }

    private void await(String url, Duration limit, boolean post) throws InterruptedException {
        // HTTP/1.1: Node.js servers hand a request offering an h2c upgrade to their WebSocket handler.
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited " + process.exitValue() + ":\n" + tail(40));
            }
            try {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
                HttpRequest request = post
                        ? b.header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                .build()
                        : b.GET().build();
                int status = http.send(request, HttpResponse.BodyHandlers.discarding())
                        .statusCode();
                if (post ? status == 200 : status < 500) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(name + " did not answer " + url + " within " + limit + ":\n" + tail(40));
    }

    /** The last {@code n} lines of the log. */
    String tail(int n) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(no output: " + e + ")";
        }
    }

    /** A loopback port free at the time of asking. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + GRACE.toNanos();
        process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        for (ProcessHandle c : children) {
            while (c.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        LIVE.remove(process);
    }
}
