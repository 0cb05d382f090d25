package io.reflex.actionrunner.runners;

import io.reflex.actionrunner.runners.Runner.OutputSink;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Runs one OS process for an action, leading a session of its own ({@code setsid}, so the whole tree can be
 * killed), which this JVM's {@link Supervisor} watches: the supervisor kills it when this JVM dies, so an action
 * never outlives its runner. stdout and stderr are read line by line as they come (each line handed to the sink
 * at once, for live output); the input is written to its stdin, which then ends. A timeout kills the whole tree,
 * cancellation is polled while it runs, and the supervisor is told the {@link Supervision#killBy} deadline
 * whenever it moves. The process inherits the service's environment except Reflex's own {@code REFLEX_*}
 * settings. Blocks the calling thread.
 */
final class ProcessRunner {
    /** Most output kept in the result per stream; the sink still sees every line. */
    static final int MAX_CAPTURE_CHARS = 32 * 1024 * 1024;
    /** The exit status of a process that SIGKILL ended (128 + 9). */
    static final int SIGKILLED = 137;
    /** The longest wait for a killed tree to be gone. */
    static final Duration KILL_WAIT = Duration.ofSeconds(5);

    private ProcessRunner() {}

    record Spec(
            List<String> command,
            Path cwd,
            Map<String, String> env,
            Duration timeout,
            String stdin,
            Supervision supervision) {
        Spec {
            supervision = supervision == null ? Supervision.NONE : supervision;
        }

        Spec(List<String> command, Path cwd, Map<String, String> env, Duration timeout, String stdin) {
            this(command, cwd, env, timeout, stdin, Supervision.NONE);
        }
    }

    record Outcome(int exitCode, String stdout, String stderr, boolean timedOut, boolean canceled) {}

    static Outcome run(Spec spec, OutputSink sink, BooleanSupplier cancelRequested) throws IOException {
        byte[] input = spec.stdin() == null ? new byte[0] : spec.stdin().getBytes(StandardCharsets.UTF_8);
        Supervisor supervisor = Supervisor.shared();
        List<String> command = new ArrayList<>();
        // setsid(1) forks only when started as a process group leader, which a JVM's child never is: the
        // action is this very process, and its exit status the process's
        command.add("setsid");
        command.addAll(spec.command());
        ProcessBuilder pb = new ProcessBuilder(command);
        if (spec.cwd() != null) {
            pb.directory(spec.cwd().toFile());
        }
        // The service's own settings (REFLEX_*: URIs with credentials, admin password) are not the action's.
        pb.environment().keySet().removeIf(name -> name.startsWith("REFLEX_"));
        pb.environment().putAll(spec.env());
        Instant killBy = spec.supervision().killBy().get();
        String token = supervisor.expect(killBy);
        pb.environment().put(Supervisor.MARKER, token);
        Path record = spec.supervision().record();
        try {
            Process p = pb.start();
            // nothing to name or record when it already exited: there is nothing left to find then
            Supervision.startTicks(p.pid()).ifPresent(ticks -> {
                supervisor.watch(token, p.pid(), ticks);
                Supervision.writeRecord(record, p.pid(), ticks);
            });
            return supervise(
                    p, spec, input, new Control(supervisor, token, spec.supervision(), killBy), sink, cancelRequested);
        } finally {
            supervisor.forget(token);
            Supervision.deleteRecord(record);
        }
    }

    private static Outcome supervise(
            Process p, Spec spec, byte[] input, Control control, OutputSink sink, BooleanSupplier cancelRequested)
            throws IOException {
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        Thread outReader = pump(p.getInputStream(), "stdout", out, sink);
        Thread errReader = pump(p.getErrorStream(), "stderr", err, sink);
        Thread.ofVirtual().name("action-stdin").start(() -> feed(p.getOutputStream(), input));
        long deadline = System.nanoTime() + spec.timeout().toNanos();
        boolean timedOut = false;
        boolean canceled = false;
        try {
            while (!p.waitFor(200, TimeUnit.MILLISECONDS)) {
                if (System.nanoTime() > deadline) {
                    timedOut = true;
                    break;
                }
                if (cancelRequested.getAsBoolean()) {
                    canceled = true;
                    break;
                }
                control.extend();
            }
            if (timedOut || canceled) {
                killTree(p);
                p.waitFor(10, TimeUnit.SECONDS);
            } else if (p.exitValue() == SIGKILLED) {
                // what the action started may be left in its session: end the session
                Supervision.killSession(p.pid(), KILL_WAIT);
            }
            outReader.join(5_000);
            errReader.join(5_000);
            if (!timedOut && !canceled && p.exitValue() == SIGKILLED && control.killedAtDeadline()) {
                emit(new StringBuilder(Supervisor.KILLED_AT_DEADLINE), "stderr", err, sink);
            }
        } catch (InterruptedException e) {
            killTree(p);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + spec.command().get(0), e);
        }
        int code = timedOut ? -9 : canceled ? -15 : p.exitValue();
        return new Outcome(code, out.toString(), err.toString(), timedOut, canceled);
    }

    /** Writes the action's input and closes its stdin, so that it reads end of file after the input. */
    private static void feed(OutputStream stdin, byte[] input) {
        try (stdin) {
            stdin.write(input);
        } catch (IOException ignored) {
            // the action exited, or closed its stdin, without reading all of it
        }
    }

    /**
     * Kills the action's session and every descendant still around, also those that left the session, and
     * waits (up to {@link #KILL_WAIT}) until they are gone, so that an execution reported as timed out or
     * canceled has nothing left running.
     */
    static void killTree(Process p) {
        List<ProcessHandle> descendants = p.descendants().toList();
        Supervision.killSession(p.pid(), KILL_WAIT);
        descendants.forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        long deadline = System.nanoTime() + KILL_WAIT.toNanos();
        for (ProcessHandle h : descendants) {
            try {
                h.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                // still there after KILL_WAIT (unkillable, e.g. in uninterruptible I/O): nothing more to do
            }
        }
    }

    /** What the supervisor is told about one action: the kill-by moment whenever it moves. */
    static final class Control {
        private final Supervisor supervisor;
        private final String token;
        private final Supervision supervision;
        private Instant sent;

        /** @param sent the kill-by moment the supervisor was first told */
        Control(Supervisor supervisor, String token, Supervision supervision, Instant sent) {
            this.supervisor = supervisor;
            this.token = token;
            this.supervision = supervision;
            this.sent = sent;
        }

        /** Tells the supervisor the current kill-by moment if it changed since last told. */
        void extend() {
            Instant killBy = supervision.killBy().get();
            if (killBy == null || killBy.equals(sent)) {
                return;
            }
            supervisor.deadline(token, killBy);
            sent = killBy;
        }

        boolean killedAtDeadline() throws InterruptedException {
            return supervisor.killedAtDeadline(token);
        }
    }

    private static Thread pump(InputStream in, String stream, StringBuilder capture, OutputSink sink) {
        return Thread.ofVirtual().name("action-" + stream).start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                StringBuilder line = new StringBuilder();
                int c;
                while ((c = r.read()) != -1) {
                    line.append((char) c);
                    if (c == '\n') {
                        emit(line, stream, capture, sink);
                    }
                }
                if (!line.isEmpty()) {
                    emit(line, stream, capture, sink);
                }
            } catch (IOException ignored) {
                // the process went away: what was read is kept
            }
        });
    }

    private static void emit(StringBuilder line, String stream, StringBuilder capture, OutputSink sink) {
        String text = line.toString();
        line.setLength(0);
        if (capture.length() + text.length() <= MAX_CAPTURE_CHARS) {
            capture.append(text);
        }
        sink.line(stream, text);
    }
}
