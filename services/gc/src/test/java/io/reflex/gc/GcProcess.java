package io.reflex.gc;

import io.reflex.testing.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A gc service running as its own OS process ({@code java ... io.reflex.gc.GcMain}, a {@link ServiceProcess}),
 * and what the failover test reads of it: the deletion batches it reported and its resident memory.
 */
final class GcProcess {
    /** A bounded serial heap: the test compares resident memory over time, so the heap must not roam. */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC");

    private static final Pattern BATCH = Pattern.compile("gc batch kind=(\\S+) deleted=(\\d+) member=(\\S+)");
    private static final Pattern RSS = Pattern.compile("^VmRSS:\\s+(\\d+) kB", Pattern.MULTILINE);

    /** One deletion batch the process reported, with when its line was read ({@link System#nanoTime}). */
    record Batch(long at, String kind, long deleted, String member) {}

    private GcProcess() {}

    static ServiceProcess start(String name, Map<String, String> sets) throws IOException {
        return ServiceProcess.start(name, GcMain.class.getName(), JVM_OPTIONS, sets);
    }

    static List<Batch> batches(ServiceProcess p) {
        List<Batch> out = new ArrayList<>();
        for (ServiceProcess.Line l : p.lines()) {
            Matcher m = BATCH.matcher(l.text());
            if (m.find()) {
                out.add(new Batch(l.nanos(), m.group(1), Long.parseLong(m.group(2)), m.group(3)));
            }
        }
        return out;
    }

    /** Executions the process reported deleted so far. */
    static long deleted(ServiceProcess p) {
        return batches(p).stream().mapToLong(Batch::deleted).sum();
    }

    /** Resident set size in KiB, read from /proc; empty once the process is gone. */
    static OptionalLong rssKb(ServiceProcess p) {
        try {
            Matcher m = RSS.matcher(Files.readString(Path.of("/proc", Long.toString(p.pid()), "status")));
            return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }
}
