package io.reflex.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of a process tree from Linux's {@code /proc}: the process's own user and system time, the time
 * of its children that have exited and been waited for ({@code cutime}, {@code cstime}), and the time of
 * its live descendants. A server that forks one process per connection (PostgreSQL) is counted whole.
 */
final class ProcessTreeCpu {
    private static final long TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux architecture in use

    private ProcessTreeCpu() {}

    /** Milliseconds of CPU used by {@code pid} and its descendants so far; -1 when /proc cannot say. */
    static long millis(long pid) {
        long ticks = ticks(pid, true);
        if (ticks < 0) {
            return -1;
        }
        for (ProcessHandle child :
                ProcessHandle.of(pid).map(h -> h.descendants().toList()).orElse(java.util.List.of())) {
            ticks += Math.max(0, ticks(child.pid(), false));
        }
        return ticks * 1000 / TICKS_PER_SECOND;
    }

    /**
     * Milliseconds of CPU used so far by the process trees this JVM started (the embedded PostgreSQL server
     * when it is the store, with the backends it forked per connection); 0 when it started none, -1 when
     * /proc cannot say.
     */
    static long childrenOfThisJvm() {
        long total = 0;
        for (ProcessHandle child : ProcessHandle.current().children().toList()) {
            long millis = millis(child.pid());
            if (millis < 0) {
                return -1;
            }
            total += millis;
        }
        return total;
    }

    /** utime + stime (+ cutime + cstime when {@code withReaped}) of one process, in clock ticks. */
    private static long ticks(long pid, boolean withReaped) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // fields after the command name, which is in parentheses and may hold spaces
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // f[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17
            long own = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return withReaped ? own + Long.parseLong(f[13]) + Long.parseLong(f[14]) : own;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
