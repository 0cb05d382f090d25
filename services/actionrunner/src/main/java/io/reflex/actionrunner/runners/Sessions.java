package io.reflex.actionrunner.runners;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Linux process sessions, read from {@code /proc}: which live processes belong to a session, when a process
 * started (in clock ticks since boot, which never changes for a process and is never shared by the process
 * that later reuses its pid), and killing a whole session. Blocks on {@code /proc} reads only.
 */
final class Sessions {
    private static final Path PROC = Path.of("/proc");

    private Sessions() {}

    /** The fields of {@code /proc/<pid>/stat} Reflex needs. */
    record Stat(long pid, char state, long session, long startTicks) {}

    /** The process's stat, or empty when it is gone (or {@code /proc} cannot tell). */
    static Optional<Stat> stat(long pid) {
        try {
            String line = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
            // the command name (field 2) may hold spaces and parentheses: the fields that follow start after
            // its last ')'
            String[] f = line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
            return Optional.of(new Stat(pid, f[0].charAt(0), Long.parseLong(f[3]), Long.parseLong(f[19])));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The start time of a live process, in clock ticks since boot; empty when it is gone. */
    static Optional<Long> startTicks(long pid) {
        return stat(pid).filter(s -> s.state() != 'Z').map(Stat::startTicks);
    }

    /** Every live (not zombie) process of session {@code sid}, the leader included. */
    static List<Long> members(long sid) {
        try (Stream<Path> all = Files.list(PROC)) {
            return all.map(p -> p.getFileName().toString())
                    .filter(name -> !name.isEmpty() && name.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong)
                    .map(Sessions::stat)
                    .flatMap(Optional::stream)
                    .filter(s -> s.session() == sid && s.state() != 'Z')
                    .map(Stat::pid)
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * SIGKILLs every process of session {@code sid} (this JVM excepted) until none is left, waiting up to
     * {@code wait} for them to be gone (a process in uninterruptible I/O dies only when the I/O ends).
     *
     * @return whether the session is empty
     */
    static boolean kill(long sid, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        long self = ProcessHandle.current().pid();
        while (true) {
            List<Long> left = members(sid).stream().filter(pid -> pid != self).toList();
            if (left.isEmpty()) {
                return true;
            }
            left.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return members(sid).isEmpty();
            }
        }
    }
}
