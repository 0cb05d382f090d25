package io.reflex.actionrunner.runners;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one supervisor process beside this JVM ({@code supervise.pl}, shown as {@code reflex-supervisor}) that
 * ties the actions it runs to it (docs/architecture.md, rule 13). A JVM cannot make its children die with it;
 * the supervisor, a short Perl program (Perl is in every Debian and Ubuntu base system, as {@code perl-base}),
 * reads this JVM's commands on its stdin and kills every action it was told of when that stdin reaches end of
 * file: when this JVM dies, however it dies (the kernel closes a dead process's pipes).
 *
 * <p>Each action gets a token before it starts ({@link #expect}), with the moment it must be gone by unless
 * this JVM says otherwise later, so that a runner that stops talking (frozen) loses its actions too. The action
 * carries the token in its environment ({@link #MARKER}) and leads a session of its own ({@code setsid}), which
 * is {@link #watch named} to the supervisor once started; until then, the supervisor finds it by the token.
 *
 * <p>One supervisor serves every action of the JVM: a Perl process per action cost about 13 ms of CPU each
 * (26 when it loaded POSIX), a third of a shell action's whole cost. A supervisor that dies alone is started
 * again at once and told every action still running.
 */
final class Supervisor {
    /** The environment variable that carries an action's token. */
    static final String MARKER = "REFLEX_SUPERVISOR";
    /** What the action's stderr gains when the supervisor killed it at its deadline. */
    static final String KILLED_AT_DEADLINE =
            "reflex supervisor: killed the action, its runner did not renew its lease in time\n";

    private static final Logger log = LoggerFactory.getLogger(Supervisor.class);
    private static final Duration REPORT_WAIT = Duration.ofSeconds(2);
    private static final Supervisor SHARED = new Supervisor();

    /** An action told of: when it must be gone (null: no such moment), and the session it leads once started. */
    private record Action(Instant killBy, long session, long startTicks) {
        String lines(String token) {
            String expect =
                    "expect " + token + " " + (killBy == null ? "-" : Long.toString(millisUntil(killBy))) + "\n";
            return session < 0 ? expect : expect + "watch " + token + " " + session + " " + startTicks + "\n";
        }
    }

    private final String tokenPrefix = ProcessHandle.current().pid() + ".";
    private final Map<String, Action> actions = new LinkedHashMap<>();
    private final Set<String> killed = new HashSet<>();
    private long sequence;
    private Process process;
    private OutputStream commands;

    private Supervisor() {}

    /** This JVM's supervisor. */
    static Supervisor shared() {
        return SHARED;
    }

    /**
     * Tells the supervisor of an action about to start, to be killed at {@code killBy} (null: only with this
     * JVM) unless told later; returns its token, unique on this host, for the action's {@link #MARKER}.
     */
    synchronized String expect(Instant killBy) throws IOException {
        try {
            ensureRunning();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        String token = tokenPrefix + (++sequence);
        Action a = new Action(killBy, -1, -1);
        actions.put(token, a);
        send(a.lines(token));
        return token;
    }

    /** Names the session the action of {@code token} leads, its leader started at {@code startTicks}. */
    synchronized void watch(String token, long leader, long startTicks) {
        Action a = actions.get(token);
        if (a == null) {
            return;
        }
        actions.put(token, new Action(a.killBy(), leader, startTicks));
        send("watch " + token + " " + leader + " " + startTicks + "\n");
    }

    /** Moves the moment by which the action of {@code token} must be gone. */
    synchronized void deadline(String token, Instant killBy) {
        Action a = actions.get(token);
        if (a == null || killBy == null) {
            return;
        }
        actions.put(token, new Action(killBy, a.session(), a.startTicks()));
        send("deadline " + token + " " + millisUntil(killBy) + "\n");
    }

    /** The action of {@code token} is over. */
    synchronized void forget(String token) {
        killed.remove(token);
        if (actions.remove(token) != null) {
            send("forget " + token + "\n");
        }
    }

    /**
     * Whether the supervisor killed the action of {@code token} at its deadline, waiting a little for its
     * report (it kills first and reports after).
     */
    synchronized boolean killedAtDeadline(String token) throws InterruptedException {
        long end = System.nanoTime() + REPORT_WAIT.toNanos();
        while (!killed.contains(token) && System.nanoTime() < end) {
            wait(Math.max(1, (end - System.nanoTime()) / 1_000_000));
        }
        return killed.contains(token);
    }

    private static long millisUntil(Instant moment) {
        return Math.max(0, Duration.between(Instant.now(), moment).toMillis());
    }

    private void send(String lines) {
        try {
            if (ensureRunning()) {
                return; // a new supervisor was told everything, this too
            }
        } catch (UncheckedIOException e) {
            log.warn("action supervisor not running, {}", e.getMessage());
            return;
        }
        write(lines);
    }

    private void write(String lines) {
        try {
            commands.write(lines.getBytes(StandardCharsets.US_ASCII));
            commands.flush();
        } catch (IOException e) {
            // it is dying: when it has exited, the one started next is told every action, these too
        }
    }

    /** Starts the supervisor when it is not running, and tells it every action; true when it did. */
    private boolean ensureRunning() {
        if (process != null && process.isAlive()) {
            return false;
        }
        boolean again = process != null;
        ProcessBuilder pb =
                new ProcessBuilder("perl", "-e", Script.TEXT).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().keySet().removeIf(name -> name.startsWith("REFLEX_"));
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the action supervisor (perl): " + e.getMessage(), e);
        }
        commands = process.getOutputStream();
        Process started = process;
        Thread.ofVirtual().name("supervisor-reports").start(() -> readReports(started.getInputStream()));
        started.onExit().thenRun(this::restartIfNeeded);
        if (again) {
            log.warn("action supervisor started again pid={} actions={}", started.pid(), actions.size());
        }
        StringBuilder all = new StringBuilder();
        actions.forEach((token, a) -> all.append(a.lines(token)));
        write(all.toString());
        return true;
    }

    /** A supervisor that died alone is replaced at once while actions run, not at the next action. */
    private synchronized void restartIfNeeded() {
        if (!actions.isEmpty()) {
            send("");
        }
    }

    private void readReports(InputStream in) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("killed ")) {
                    reportKilled(line.substring("killed ".length()).trim());
                }
            }
        } catch (IOException e) {
            // the supervisor is gone: onExit replaces it
        }
    }

    private synchronized void reportKilled(String token) {
        killed.add(token);
        notifyAll();
    }

    /** The supervisor's program as it is run. */
    static String scriptText() {
        return Script.TEXT;
    }

    /** The program, loaded when a first action starts; without its comment lines (it travels on the command line). */
    private static final class Script {
        static final String TEXT = load();

        private static String load() {
            try (InputStream in = Supervisor.class.getResourceAsStream("supervise.pl")) {
                if (in == null) {
                    throw new IllegalStateException("supervise.pl is missing from the actionrunner jar");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                        .lines()
                        .filter(line -> !line.startsWith("#"))
                        .collect(Collectors.joining("\n", "", "\n"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
