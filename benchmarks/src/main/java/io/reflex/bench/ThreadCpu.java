package io.reflex.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The CPU time of a JVM's threads by group, read from Linux's {@code /proc/<pid>/task}: every thread, the
 * JVM's own (garbage collector, JIT compilers) included, which Java's thread bean and JFR's samples leave out.
 * A group is a thread's name with its digits dropped ({@code GC Thread#0} and {@code GC Thread#1} are one).
 * Empty where {@code /proc} is not there. Threads that ended between two snapshots are missing from the later
 * one, so a difference is a lower bound for a group whose threads come and go.
 */
final class ThreadCpu {
    private ThreadCpu() {}

    /** The JIT compilers' threads ({@code C1 CompilerThread0}; Linux keeps 15 characters of a name). */
    static final String COMPILERS = "JIT compiler threads";

    /** The garbage collector's threads and the VM thread that runs its pauses. */
    static final String COLLECTOR = "garbage collector threads";

    /** CPU ms per thread group of this JVM, now. */
    static Map<String, Double> snapshot() {
        return snapshot("self");
    }

    /** CPU ms per thread group of process {@code pid}, now; empty when it cannot be read. */
    static Map<String, Double> snapshot(long pid) {
        return snapshot(Long.toString(pid));
    }

    /**
     * CPU ms of process {@code pid}'s JVM housekeeping, now: {@link #COMPILERS} and {@link #COLLECTOR}; empty when
     * the process cannot be read.
     */
    static Map<String, Double> housekeeping(long pid) {
        Map<String, Double> out = new HashMap<>();
        snapshot(pid).forEach((name, ms) -> {
            if (name.equals("CN CompilerThre")) { // a group's name has its digits as N
                out.merge(COMPILERS, ms, Double::sum);
            } else if (name.equals("GC Thread#N") || name.equals("VM Thread")) {
                out.merge(COLLECTOR, ms, Double::sum);
            }
        });
        return out;
    }

    private static Map<String, Double> snapshot(String process) {
        Map<String, Double> out = new HashMap<>();
        Path tasks = Path.of("/proc", process, "task");
        if (!Files.isDirectory(tasks)) {
            return out;
        }
        double tick = 1000.0 / 100; // USER_HZ is 100 on Linux
        try (Stream<Path> threads = Files.list(tasks)) {
            threads.forEach(t -> {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String name = stat.substring(open + 1, close).replaceAll("[0-9]+", "N");
                    String[] f = stat.substring(close + 2).split(" ");
                    // fields after the name: state is 3rd overall, utime the 14th and stime the 15th
                    double ms = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * tick;
                    out.merge(name, ms, Double::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended while being read
                }
            });
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /** The groups' CPU between two snapshots divided by {@code units}, largest first, the top {@code n}. */
    static Map<String, Double> perUnit(Map<String, Double> before, Map<String, Double> after, int units, int n) {
        Map<String, Double> diff = new HashMap<>();
        after.forEach((k, v) -> diff.put(k, (v - before.getOrDefault(k, 0.0)) / units));
        Map<String, Double> out = new LinkedHashMap<>();
        diff.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(n)
                .forEach(e -> out.put(e.getKey(), Math.round(e.getValue() * 10) / 10.0));
        return out;
    }
}
