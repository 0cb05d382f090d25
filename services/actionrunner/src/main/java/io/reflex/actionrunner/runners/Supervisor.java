package io.reflex.actionrunner.runners;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The command line that runs an action under its supervisor: a short Perl program (Perl is in every Debian
 * and Ubuntu base system, as {@code perl-base}) between the runner's JVM and the action, because a JVM
 * cannot make its child die with it. The supervisor leads a new session holding the action and all it
 * starts, reads the action's input from its stdin, and then kills the whole session when its stdin reaches
 * end of file: when the runner closes it, or when the runner dies however it dies (the kernel closes a dead
 * process's pipes). It starts with a deadline, and each line {@code <n>\n} written to it sets a new one n ms
 * ahead, at which it kills the session unless a later line moves it, so that a runner that stops talking
 * (frozen) loses its action too.
 * Its exit status is the action's (128 + signal number when a signal ended the action).
 */
final class Supervisor {
    private static final String SCRIPT = load();

    private Supervisor() {}

    /**
     * {@code action} under a supervisor that first reads {@code stdinBytes} bytes of the action's input.
     *
     * @param deadline when to kill the action unless told later (measured from the supervisor's start, so
     *     up to its start-up time late); null: none yet
     */
    static List<String> command(List<String> action, int stdinBytes, Duration deadline) {
        String first = deadline == null ? "-" : Long.toString(Math.max(0, deadline.toMillis()));
        List<String> cmd = new ArrayList<>(List.of("perl", "-e", SCRIPT, first, Integer.toString(stdinBytes)));
        cmd.addAll(action);
        return cmd;
    }

    /** The program without its comment lines (it travels on the command line). */
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
