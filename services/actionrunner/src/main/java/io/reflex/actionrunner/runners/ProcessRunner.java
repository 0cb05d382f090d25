package io.reflex.actionrunner.runners;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Runs one OS process for an action: its own session and process group (so the whole tree can be killed),
 * stdout and stderr read line by line as they come (each line handed to the sink at once, for live output),
 * a timeout that kills the whole tree, and cancellation polled while it runs. The process inherits the
 * service's environment except Reflex's own {@code REFLEX_*} settings. Blocks the calling thread.
 */
final class ProcessRunner {
    /** Most output kept in the result per stream; the sink still sees every line. */
    static final int MAX_CAPTURE_CHARS = 32 * 1024 * 1024;
    /** The longest wait for a killed tree to be gone. */
    static final Duration KILL_WAIT = Duration.ofSeconds(5);

    private ProcessRunner() {}

    record Spec(List<String> command, Path cwd, Map<String, String> env, Duration timeout, String stdin) {}

    record Outcome(int exitCode, String stdout, String stderr, boolean timedOut, boolean canceled) {}

    static Outcome run(Spec spec, OutputSink sink, BooleanSupplier cancelRequested) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("setsid");
        cmd.addAll(spec.command());
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (spec.cwd() != null) {
            pb.directory(spec.cwd().toFile());
        }
        // The service's own settings (REFLEX_*: URIs with credentials, admin password) are not the action's.
        pb.environment().keySet().removeIf(name -> name.startsWith("REFLEX_"));
        pb.environment().putAll(spec.env());
        Process p = pb.start();
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        Thread outReader = pump(p.getInputStream(), "stdout", out, sink);
        Thread errReader = pump(p.getErrorStream(), "stderr", err, sink);
        feed(p.getOutputStream(), spec.stdin());
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
            }
            if (timedOut || canceled) {
                killTree(p);
                p.waitFor(10, TimeUnit.SECONDS);
            }
            outReader.join(5_000);
            errReader.join(5_000);
        } catch (InterruptedException e) {
            killTree(p);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + spec.command().get(0), e);
        }
        int code = timedOut ? -9 : canceled ? -15 : p.exitValue();
        return new Outcome(code, out.toString(), err.toString(), timedOut, canceled);
    }

    /**
     * Kills the process's group (its session, thanks to setsid) and every descendant still around, and waits
     * (up to {@link #KILL_WAIT}) until they are gone, so that an execution reported as timed out or canceled
     * has nothing left running.
     */
    static void killTree(Process p) {
        long pid = p.pid();
        List<ProcessHandle> descendants = p.descendants().toList();
        try {
            new ProcessBuilder("kill", "-KILL", "--", "-" + pid)
                    .redirectErrorStream(true)
                    .start()
                    .waitFor(5, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
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

    private static void feed(OutputStream stdin, String text) {
        try (stdin) {
            if (text != null) {
                stdin.write(text.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException ignored) {
            // the process does not read its input: fine
        }
    }
}
