package io.reflex.actionrunner.runners;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the OS processes of one execution are tied to their runner (docs/architecture.md, rule 13).
 * {@code record} is the file naming the action's session while it runs, so that the next runner on this host
 * can kill it should both the runner and its {@link Supervisor} die ({@code null}: none kept). {@code killBy}
 * answers, whenever asked, the moment by which the action's processes must be gone unless the runner says
 * otherwise later: its lease's expiry less a margin ({@code null}: no such moment).
 *
 * <p>The records ({@link #recordFile}): one file per running action, {@code <dir>/<execution id>.tree}, naming the action's session (its
 * leader's pid and start time) and the runner that owns it, on this boot of this host. The supervisor
 * kills the session when the runner dies; the files are for what it cannot cover, the supervisor killed
 * together with its runner (a whole process group SIGKILLed): the next runner to start on this data
 * directory {@link #sweep sweeps} them and kills such sessions before it takes work. A session counts as
 * ours only if its leader is the recorded process (same pid and start time), or if the leader is gone and
 * processes remain in the session: Linux does not reuse a pid while a session carries its number, so those
 * are what is left of ours. Files of runners still alive (sharing the data directory) are left alone.
 * The Linux sessions are read from {@code /proc} here too, and killed whole ({@link #killSession}).
 */
public record Supervision(Path record, Supplier<Instant> killBy) {
    /** No record, no deadline: the processes still die with the runner. */
    public static final Supervision NONE = new Supervision(null, () -> null);

    private static final Logger log = LoggerFactory.getLogger(Supervision.class);
    private static final Path PROC = Path.of("/proc");
    private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");
    private static final String SUFFIX = ".tree";
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    public Supervision {
        if (killBy == null) {
            killBy = () -> null;
        }
    }

    /** What one file says. */
    record Entry(String bootId, long sid, long leaderTicks, long ownerPid, long ownerTicks) {
        static Optional<Entry> parse(String text) {
            String[] f = text.trim().split(" ");
            try {
                return f.length != 5
                        ? Optional.empty()
                        : Optional.of(new Entry(
                                f[0],
                                Long.parseLong(f[1]),
                                Long.parseLong(f[2]),
                                Long.parseLong(f[3]),
                                Long.parseLong(f[4])));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        String format() {
            return bootId + " " + sid + " " + leaderTicks + " " + ownerPid + " " + ownerTicks + "\n";
        }
    }

    /** The file for one execution's action in {@code dir}. */
    public static Path recordFile(Path dir, String executionId) {
        return dir.resolve(executionId + SUFFIX);
    }

    /** This JVM: its pid, its start time (empty when /proc cannot tell) and this boot's id, read once. */
    private static final class Self {
        static final long PID = ProcessHandle.current().pid();
        static final Optional<Long> TICKS = startTicks(PID);
        static final String BOOT = bootId();
    }

    /**
     * Records the session led by {@code leader}, an action this JVM just started at {@code leaderTicks};
     * nothing when {@code file} is null. A file that cannot be written is logged and the action runs on: the
     * supervisor still ties it to this runner.
     */
    static void writeRecord(Path file, long leader, long leaderTicks) {
        if (file == null) {
            return;
        }
        if (Self.TICKS.isEmpty()) {
            return;
        }
        try {
            // createDirectories makes (and catches) an exception for a directory that exists: ask first
            if (!Files.isDirectory(file.getParent())) {
                Files.createDirectories(file.getParent());
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, new Entry(Self.BOOT, leader, leaderTicks, Self.PID, Self.TICKS.get()).format());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("action tree record not written file={} error={}", file, e.toString());
        }
    }

    /** Removes the file of an action that is over; nothing when {@code file} is null or absent. */
    static void deleteRecord(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("action tree record not removed file={} error={}", file, e.toString());
        }
    }

    /**
     * Kills the sessions recorded in {@code dir} by runners that are gone, and removes their files (and those
     * of an earlier boot). Blocks up to a few seconds per session that does not die at once.
     *
     * @return how many sessions still had processes and were killed
     */
    public static int sweep(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        List<Path> files;
        try (Stream<Path> all = Files.list(dir)) {
            files = all.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).toList();
        } catch (IOException e) {
            log.warn("action tree records not read dir={} error={}", dir, e.toString());
            return 0;
        }
        String boot = Self.BOOT;
        int killed = 0;
        for (Path f : files) {
            Optional<Entry> entry = read(f);
            if (entry.isPresent() && entry.get().bootId().equals(boot) && ownerAlive(entry.get())) {
                continue;
            }
            if (entry.isPresent() && entry.get().bootId().equals(boot) && killOrphan(f, entry.get())) {
                killed++;
            }
            deleteRecord(f);
        }
        return killed;
    }

    private static boolean killOrphan(Path f, Entry e) {
        Optional<Long> leaderTicks = startTicks(e.sid());
        boolean ours = leaderTicks.isEmpty() || leaderTicks.get() == e.leaderTicks();
        List<Long> members = ours ? sessionMembers(e.sid()) : List.of();
        if (members.isEmpty()) {
            return false;
        }
        boolean gone = killSession(e.sid(), KILL_WAIT);
        log.warn(
                "orphaned action killed execution={} session={} processes={} gone={}",
                f.getFileName().toString().replace(SUFFIX, ""),
                e.sid(),
                members.size(),
                gone);
        return true;
    }

    private static boolean ownerAlive(Entry e) {
        return startTicks(e.ownerPid()).filter(t -> t == e.ownerTicks()).isPresent();
    }

    private static Optional<Entry> read(Path f) {
        try {
            return Entry.parse(Files.readString(f));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String bootId() {
        try {
            return Files.readString(BOOT_ID).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    // The sessions themselves, read from /proc: which live processes belong to a session, when a process
    // started (in clock ticks since boot, which never changes for a process and is never shared by the
    // process that later reuses its pid), and killing a whole session. Blocks on /proc reads only.

    /** The fields of {@code /proc/<pid>/stat} Reflex needs. */
    private record Stat(long pid, char state, long session, long startTicks) {}

    /** The process's stat, or empty when it is gone (or {@code /proc} cannot tell). */
    private static Optional<Stat> stat(long pid) {
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
    static List<Long> sessionMembers(long sid) {
        try (Stream<Path> all = Files.list(PROC)) {
            return all.map(p -> p.getFileName().toString())
                    .filter(name -> !name.isEmpty() && name.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong)
                    .map(Supervision::stat)
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
    static boolean killSession(long sid, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        long self = ProcessHandle.current().pid();
        while (true) {
            List<Long> left =
                    sessionMembers(sid).stream().filter(pid -> pid != self).toList();
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
                return sessionMembers(sid).isEmpty();
            }
        }
    }
}
