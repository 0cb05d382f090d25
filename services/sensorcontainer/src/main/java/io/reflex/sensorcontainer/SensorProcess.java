package io.reflex.sensorcontainer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sensor run as a supervised child process. A supervisor thread starts the wrapper, feeds it the pack
 * configuration and the sensor's triggers on stdin, turns its stdout messages into events, logs its stderr,
 * and when the process dies with a non-zero exit code starts it again after {@link RespawnPolicy}'s pause,
 * for ever. A process that exits 0 finished on purpose (its {@code run()} returned) and is left alone, as
 * StackStorm does. {@link #stop} asks with SIGTERM and kills after a grace; {@link #kill} kills at once.
 * Descendants the sensor started are killed with it.
 */
final class SensorProcess {
    private static final Logger log = LoggerFactory.getLogger(SensorProcess.class);

    /** What the process reports; called on its reader and supervisor threads. */
    interface Events {
        void spawned(SensorSpec spec, long pid, String cmd);

        void exited(SensorSpec spec, long pid, int exitCode);

        void dispatched(SensorSpec spec, WrapperProtocol.Dispatch dispatch);
    }

    /**
     * How to start the wrapper.
     *
     * @param orphanTimeout see {@link SensorSettings#orphanTimeout()} (zero: the wrapper does not watch)
     */
    record Launch(
            Path wrapperDir, String apiUrl, String token, Map<String, String> inheritedEnv, Duration orphanTimeout) {}

    private final SensorSpec spec;
    private final Launch launch;
    private final RespawnPolicy respawn;
    private final Events events;
    private final Clock clock;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    // Held only to start a process or to mark stopping (never while writing or waiting), so kill() is immediate.
    private final Object state = new Object();
    private volatile Process process;
    private volatile boolean stopping;
    private volatile boolean finished;
    private volatile Thread supervisor;
    private volatile BooleanSupplier mayRun = () -> true;
    // Guarded by feedLock: the triggers the sensor has been told about and the feed of the running process.
    private final Object feedLock = new Object();
    private Map<String, ObjectNode> triggers = Map.of();
    private StdinFeed feed;

    SensorProcess(SensorSpec spec, Launch launch, RespawnPolicy respawn, Events events, Clock clock) {
        this.spec = spec;
        this.launch = launch;
        this.respawn = respawn;
        this.events = events;
        this.clock = clock;
    }

    SensorSpec spec() {
        return spec;
    }

    void start(Map<String, ObjectNode> initialTriggers) {
        start(initialTriggers, () -> true);
    }

    /**
     * Starts supervising: the process is started now and again whenever it dies, but only while {@code
     * mayRun} says so (the container still holds the sensor's lock); otherwise the attempt counts as a failure
     * and waits its backoff, while the container stops the assignment.
     */
    void start(Map<String, ObjectNode> initialTriggers, BooleanSupplier mayRun) {
        synchronized (feedLock) {
            triggers = Map.copyOf(initialTriggers);
        }
        this.mayRun = mayRun;
        supervisor = Thread.ofVirtual().name("sensor-" + spec.ref()).start(this::supervise);
    }

    /** True while a process runs (false between a death and its restart, and once it finished). */
    boolean alive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    long pid() {
        Process p = process;
        return p == null ? -1 : p.pid();
    }

    boolean finished() {
        return finished;
    }

    /**
     * Tells the running sensor which of its triggers were created, changed or deleted since the last call
     * ({@code add_trigger}/{@code update_trigger}/{@code remove_trigger}); a restarted process is told them
     * all again.
     */
    void triggers(Map<String, ObjectNode> current) {
        synchronized (feedLock) {
            String lines = changes(current);
            triggers = Map.copyOf(current);
            if (feed != null) {
                feed.send(lines);
            }
        }
    }

    /** Tells the running process that its container is alive and still holds its lock. */
    void keepalive() {
        synchronized (feedLock) {
            if (feed != null) {
                feed.send(WrapperProtocol.KEEPALIVE);
            }
        }
    }

    private String changes(Map<String, ObjectNode> current) {
        StringBuilder lines = new StringBuilder();
        current.forEach((id, t) -> {
            ObjectNode before = triggers.get(id);
            if (before == null) {
                lines.append(WrapperProtocol.trigger("add_trigger", t));
            } else if (!before.equals(t)) {
                lines.append(WrapperProtocol.trigger("update_trigger", t));
            }
        });
        triggers.forEach((id, t) -> {
            if (!current.containsKey(id)) {
                lines.append(WrapperProtocol.trigger("remove_trigger", t));
            }
        });
        return lines.toString();
    }

    /** SIGTERM, then SIGKILL after {@code grace}; returns once the process and its supervisor are gone. */
    void stop(Duration grace) {
        Process p = markStopping();
        if (p != null && p.isAlive()) {
            List<ProcessHandle> children = p.descendants().toList();
            p.destroy();
            try {
                if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn(
                            "sensor did not stop in time, killing sensor={} pid={} grace_ms={}",
                            spec.ref(),
                            p.pid(),
                            grace.toMillis());
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
            children.forEach(ProcessHandle::destroyForcibly);
        }
        join();
    }

    /** SIGKILL now, without waiting: the sensor must not run another moment (its lock is gone). */
    void kill() {
        Process p = markStopping();
        if (p != null && p.isAlive()) {
            List<ProcessHandle> children = p.descendants().toList();
            p.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }

    void join() {
        Thread t = supervisor;
        if (t == null) {
            return;
        }
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Process markStopping() {
        synchronized (state) {
            stopping = true;
            stopSignal.countDown();
            return process;
        }
    }

    private void supervise() {
        int failures = 0;
        while (true) {
            Instant started = clock.instant();
            Process p = spawn();
            int code = p == null ? -1 : awaitExit(p);
            if (stopping) {
                return;
            }
            if (code == 0) {
                finished = true;
                log.info("sensor finished sensor={} exit_code=0 (run() returned): not restarted", spec.ref());
                return;
            }
            failures = respawn.failuresAfter(failures, Duration.between(started, clock.instant()));
            Duration delay = respawn.delay(failures);
            log.warn(
                    "sensor died sensor={} exit_code={} failures_in_a_row={} restart_in_ms={}",
                    spec.ref(),
                    code,
                    failures,
                    delay.toMillis());
            try {
                if (stopSignal.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Starts the wrapper unless stopping; null when it could not start (counted as a failure). */
    private Process spawn() {
        List<String> cmd = spec.command(launch.wrapperDir());
        Process p;
        synchronized (state) {
            if (stopping) {
                return null;
            }
            if (!mayRun.getAsBoolean()) {
                log.warn("sensor not started sensor={} reason=\"lock no longer held\"", spec.ref());
                return null;
            }
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(spec.packDir().toFile());
            pb.environment().clear();
            pb.environment()
                    .putAll(spec.environment(
                            launch.inheritedEnv(), launch.wrapperDir(), launch.apiUrl(), launch.token()));
            try {
                p = pb.start();
            } catch (IOException e) {
                log.warn(
                        "sensor did not start sensor={} cmd=\"{}\" error={}",
                        spec.ref(),
                        String.join(" ", cmd),
                        e.toString());
                return null;
            }
            process = p;
        }
        synchronized (feedLock) {
            feed = new StdinFeed(p.getOutputStream(), "sensor-in-" + spec.ref());
            StringBuilder first = new StringBuilder(WrapperProtocol.init(spec.config(), launch.orphanTimeout()));
            triggers.values().forEach(t -> first.append(WrapperProtocol.trigger("add_trigger", t)));
            feed.send(first.toString());
        }
        log.info("sensor started sensor={} pid={}", spec.ref(), p.pid());
        return p;
    }

    /** Announces the process, reads its streams until it exits, announces the exit; returns the exit code. */
    private int awaitExit(Process p) {
        SensorOutput reader = new SensorOutput(spec, events);
        Thread out =
                Thread.ofVirtual().name("sensor-out-" + spec.ref()).start(() -> reader.messages(p.getInputStream()));
        Thread err = Thread.ofVirtual().name("sensor-err-" + spec.ref()).start(() -> reader.log(p.getErrorStream()));
        events.spawned(spec, p.pid(), String.join(" ", spec.command(launch.wrapperDir())));
        int code;
        try {
            code = p.waitFor();
            // Dispatches still in the pipe go out before the exit is announced.
            out.join(Duration.ofSeconds(5));
            err.join(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            code = -1;
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        synchronized (feedLock) {
            feed.end();
            feed = null;
        }
        log.info("sensor exited sensor={} pid={} exit_code={}", spec.ref(), p.pid(), code);
        events.exited(spec, p.pid(), code);
        return code;
    }

    @Override
    public String toString() {
        return "SensorProcess[" + spec.ref() + "]";
    }
}
