package io.reflex.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Reflex service main class run as its own OS process, as it is deployed:
 * {@code java <jvm options> -cp <this JVM's classpath> <main> --set key=value ...}, with the {@code java} of
 * {@code java.home}. Every line it prints (stdout and stderr, merged) is kept with the moment it arrived, so
 * tests and benchmarks can wait for a line, read the URL it listens on, and show the whole output when an
 * assertion fails. A shutdown hook kills whatever is still running when this JVM exits, so a crashed test run
 * leaves no service behind.
 */
public final class ServiceProcess implements AutoCloseable {
    /** What {@code ServiceRunner.main} prints once a service's HTTP listener is up. */
    private static final Pattern LISTENING = Pattern.compile("^(\\S+) listening on (https?://\\S+)");

    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "service-process-reaper"));
    }

    /** One output line and when it was read ({@link System#nanoTime()}). */
    public record Line(long nanos, String text) {}

    private final String name;
    private final Process process;
    private final List<Line> lines = new ArrayList<>();
    private final Thread reader;
    private boolean ended;

    private ServiceProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        LIVE.add(process);
        this.reader =
                Thread.ofPlatform().daemon().name("service-process-" + name).start(this::read);
    }

    /**
     * JVM options suited to short-lived service processes on a small machine: a bounded heap, C1 only (the
     * few cores go to the work, not to compiling it) and the serial collector (fewer threads).
     */
    public static List<String> defaultJvmOptions() {
        return List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    }

    /** Starts {@code mainClass} with {@link #defaultJvmOptions()} and {@code --set key=value} per entry. */
    public static ServiceProcess start(String name, String mainClass, Map<String, String> sets) throws IOException {
        return start(name, mainClass, defaultJvmOptions(), sets);
    }

    /**
     * Starts {@code mainClass} on this JVM's classpath.
     *
     * @param name shown in thread names and in {@link #output()}
     * @param sets configuration keys, passed in iteration order as {@code --set key=value}
     */
    public static ServiceProcess start(String name, String mainClass, List<String> jvmOptions, Map<String, String> sets)
            throws IOException {
        return start(name, mainClass, jvmOptions, List.of(), sets);
    }

    /**
     * Starts {@code mainClass} on this JVM's classpath with {@code args} before the {@code --set} flags: for a
     * main that takes a subcommand or options of its own (such as {@code reflex up --data-dir DIR}).
     */
    public static ServiceProcess start(
            String name, String mainClass, List<String> jvmOptions, List<String> args, Map<String, String> sets)
            throws IOException {
        return start(name, mainClass, jvmOptions, args, sets, null, Map.of());
    }

    /**
     * As {@link #start(String, String, List, List, Map)}, in working directory {@code workDir} (this one when
     * null) with {@code env} added to this process's environment (as a user's shell would run it).
     */
    public static ServiceProcess start(
            String name,
            String mainClass,
            List<String> jvmOptions,
            List<String> args,
            Map<String, String> sets,
            Path workDir,
            Map<String, String> env)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        sets.forEach((k, v) -> {
            cmd.add("--set");
            cmd.add(k + "=" + v);
        });
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (workDir != null) {
            builder.directory(workDir.toFile());
        }
        builder.environment().putAll(env);
        return new ServiceProcess(name, builder.start());
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Every line so far. */
    public synchronized List<Line> lines() {
        return List.copyOf(lines);
    }

    /** True when some line so far contains {@code text}. */
    public synchronized boolean said(String text) {
        return lines.stream().anyMatch(l -> l.text().contains(text));
    }

    /**
     * Waits for the first line (already read or still to come) in which {@code pattern} is found.
     *
     * @throws AssertionError with the output when no such line comes within {@code timeout} or the process
     *     ends first
     */
    public Matcher awaitLine(Pattern pattern, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int next = 0;
        synchronized (this) {
            while (true) {
                for (; next < lines.size(); next++) {
                    Matcher m = pattern.matcher(lines.get(next).text());
                    if (m.find()) {
                        return m;
                    }
                }
                long left = deadline - System.nanoTime();
                if (ended || left <= 0) {
                    throw new AssertionError(name + (ended ? " ended" : " said nothing matching")
                            + " before a line matching /" + pattern + "/ (within " + timeout + "):\n" + output());
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    /** The URL from the service's "listening on" line, waiting up to a minute for it. */
    public String url() throws InterruptedException {
        return url(STARTUP);
    }

    public String url(Duration timeout) throws InterruptedException {
        return awaitLine(LISTENING, timeout).group(2);
    }

    /** The URL if the "listening on" line was printed already. */
    public synchronized Optional<String> urlNow() {
        return lines.stream()
                .map(l -> LISTENING.matcher(l.text()))
                .filter(Matcher::find)
                .map(m -> m.group(2))
                .findFirst();
    }

    /** SIGKILL, then waits until the process is gone: no shutdown hook runs, nothing is released. */
    public void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " still alive 30 s after SIGKILL");
        }
        LIVE.remove(process);
    }

    /**
     * SIGTERM, then waits up to {@code timeout} for the process to exit on its own.
     *
     * @return its exit code (a JVM that ran its shutdown hooks after SIGTERM exits with 143 = 128 + 15)
     * @throws AssertionError with the output when it is still running after {@code timeout} (it is then killed)
     */
    public int terminate(Duration timeout) throws InterruptedException {
        sigterm();
        return awaitExit(timeout);
    }

    /**
     * SIGTERM, without waiting: to stop several processes at the same time, then {@link #awaitExit} each.
     */
    public void sigterm() {
        // Through the handle: Process.destroy() would also close our end of its output pipe, losing (and
        // failing) everything the process prints while it shuts down.
        process.toHandle().destroy();
    }

    /**
     * SIGSTOP: the process freezes as a stalled VM or a swapped-out JVM would (its children run on); {@link
     * #thaw} resumes it.
     */
    public void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT: resumes a {@link #freeze frozen} process. */
    public void thaw() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid()))
                .redirectErrorStream(true)
                .start();
        String out = new String(kill.getInputStream().readAllBytes());
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + name + " " + pid() + " failed: " + out.strip());
        }
    }

    /**
     * Waits up to {@code timeout} for the process to exit, and for the rest of its output.
     *
     * @return its exit code
     * @throws AssertionError with the output when it is still running after {@code timeout} (it is then killed)
     */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            LIVE.remove(process);
            throw new AssertionError(name + " did not exit within " + timeout + ":\n" + output());
        }
        LIVE.remove(process);
        reader.join(5_000);
        return process.exitValue();
    }

    /** The whole output so far, each line prefixed with the process name. */
    public synchronized String output() {
        StringBuilder sb = new StringBuilder();
        lines.forEach(l -> sb.append(name).append("| ").append(l.text()).append('\n'));
        return sb.toString();
    }

    /** The last {@code n} lines, prefixed like {@link #output()}: for assertion messages of chatty services. */
    public synchronized String tail(int n) {
        StringBuilder sb = new StringBuilder();
        lines.subList(Math.max(0, lines.size() - n), lines.size())
                .forEach(l -> sb.append(name).append("| ").append(l.text()).append('\n'));
        return sb.toString();
    }

    private void read() {
        try (var r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                synchronized (this) {
                    lines.add(new Line(System.nanoTime(), line));
                    notifyAll();
                }
            }
        } catch (IOException gone) {
            // the process is gone
        }
        synchronized (this) {
            ended = true;
            notifyAll();
        }
    }

    /** SIGTERM; SIGKILL if the process is still running 30 s later. Idempotent. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.toHandle().destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        LIVE.remove(process);
        reader.join(5_000);
    }
}
