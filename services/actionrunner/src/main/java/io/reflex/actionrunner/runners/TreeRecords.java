package io.reflex.actionrunner.runners;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One file per running action, {@code <dir>/<execution id>.tree}, naming the action's session (its
 * supervisor's pid and start time) and the runner that owns it, on this boot of this host. The supervisor
 * kills the session when the runner dies; the files are for what it cannot cover, the supervisor killed
 * together with its runner (a whole process group SIGKILLed): the next runner to start on this data
 * directory {@link #sweep sweeps} them and kills such sessions before it takes work. A session counts as
 * ours only if its leader is the recorded process (same pid and start time), or if the leader is gone and
 * processes remain in the session: Linux does not reuse a pid while a session carries its number, so those
 * are what is left of ours. Files of runners still alive (sharing the data directory) are left alone.
 */
public final class TreeRecords {
    private static final Logger log = LoggerFactory.getLogger(TreeRecords.class);
    private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");
    private static final String SUFFIX = ".tree";
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    private TreeRecords() {}

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
    public static Path file(Path dir, String executionId) {
        return dir.resolve(executionId + SUFFIX);
    }

    /**
     * Records the session led by {@code leader}, a supervisor this JVM just started; nothing when {@code
     * file} is null or the leader already exited (there is nothing left to find then). A file that cannot be
     * written is logged and the action runs on: the supervisor still ties it to this runner.
     */
    static void write(Path file, long leader) {
        if (file == null) {
            return;
        }
        long self = ProcessHandle.current().pid();
        Optional<Long> leaderTicks = Sessions.startTicks(leader);
        Optional<Long> selfTicks = Sessions.startTicks(self);
        if (leaderTicks.isEmpty() || selfTicks.isEmpty()) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, new Entry(bootId(), leader, leaderTicks.get(), self, selfTicks.get()).format());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("action tree record not written file={} error={}", file, e.toString());
        }
    }

    /** Removes the file of an action that is over; nothing when {@code file} is null or absent. */
    static void delete(Path file) {
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
        String boot = bootId();
        int killed = 0;
        for (Path f : files) {
            Optional<Entry> entry = read(f);
            if (entry.isPresent() && entry.get().bootId().equals(boot) && ownerAlive(entry.get())) {
                continue;
            }
            if (entry.isPresent() && entry.get().bootId().equals(boot) && killOrphan(f, entry.get())) {
                killed++;
            }
            delete(f);
        }
        return killed;
    }

    private static boolean killOrphan(Path f, Entry e) {
        Optional<Long> leaderTicks = Sessions.startTicks(e.sid());
        boolean ours = leaderTicks.isEmpty() || leaderTicks.get() == e.leaderTicks();
        List<Long> members = ours ? Sessions.members(e.sid()) : List.of();
        if (members.isEmpty()) {
            return false;
        }
        boolean gone = Sessions.kill(e.sid(), KILL_WAIT);
        log.warn(
                "orphaned action killed execution={} session={} processes={} gone={}",
                f.getFileName().toString().replace(SUFFIX, ""),
                e.sid(),
                members.size(),
                gone);
        return true;
    }

    private static boolean ownerAlive(Entry e) {
        return Sessions.startTicks(e.ownerPid())
                .filter(t -> t == e.ownerTicks())
                .isPresent();
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
}
