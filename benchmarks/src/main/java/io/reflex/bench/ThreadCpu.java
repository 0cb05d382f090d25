package io.reflex.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The CPU time of this JVM's threads by group, read from Linux's {@code /proc/self/task}: every thread, the
 * JVM's own (garbage collector, JIT compilers) included, which Java's thread bean and JFR's samples leave out.
 * A group is a thread's name with its digits dropped ({@code GC Thread#0} and {@code GC Thread#1} are one).
 * Empty where {@code /proc} is not there. Threads that ended between two snapshots are missing from the later
 * one, so a difference is a lower bound for a group whose threads come and go.
 */
final class ThreadCpu {
    private ThreadCpu() {}

    /** CPU ms per thread group, now. */
    static Map<String, Double> snapshot() {
        Map<String, Double> out = new HashMap<>();
        Path tasks = Path.of("/proc/self/task");
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
