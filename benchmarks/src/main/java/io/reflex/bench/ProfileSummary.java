package io.reflex.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * What one process's recording says, per execution: CPU samples by component (the package of the topmost
 * frame), by method and by the nearest Reflex method on the stack (whose code led to the work), allocation by
 * class, and the counts of Reflex's own events (store commands answered by the embedded mongo-java-server
 * store or statements sent to PostgreSQL, confirmed bus publishes). A harness that reads the store itself (to
 * see a run end) names its thread, and the statements it sent are counted apart ({@code harnessCommands}), so the
 * store commands are the system's; commands a store server answers on its own threads (mongo-java-server) cannot
 * be told apart and stay counted.
 */
record ProfileSummary(
        String process,
        long samples,
        Map<String, Long> components,
        Map<String, Long> methods,
        Map<String, Long> reflexMethods,
        double allocatedBytes,
        Map<String, Double> allocations,
        Map<String, Long> storeCommands,
        Map<String, Long> busPublishes,
        long harnessCommands) {

    /** Top-frame package prefixes → the component shown in the report; the first match wins. */
    private static final List<String[]> COMPONENTS = List.of(
            new String[] {"de.bwaldvogel.", "embedded store (mongo-java-server)"},
            new String[] {"org.h2.", "embedded store (H2 file)"},
            new String[] {"com.mongodb.", "MongoDB driver"},
            new String[] {"org.bson.", "MongoDB driver"},
            new String[] {"com.rabbitmq.", "RabbitMQ client"},
            new String[] {"org.apache.zookeeper.", "ZooKeeper"},
            new String[] {"org.apache.curator.", "ZooKeeper"},
            new String[] {"io.netty.", "Netty"},
            new String[] {"io.undertow.", "HTTP server"},
            new String[] {"org.xnio.", "HTTP server"},
            new String[] {"com.fasterxml.jackson.", "Jackson (JSON)"},
            new String[] {"ch.qos.logback.", "logging"},
            new String[] {"org.slf4j.", "logging"},
            new String[] {"io.reflex.", "Reflex"},
            new String[] {"java.", "JDK"},
            new String[] {"javax.", "JDK"},
            new String[] {"jdk.", "JDK"},
            new String[] {"sun.", "JDK"},
            new String[] {"com.sun.", "JDK"});

    static ProfileSummary read(String process, Path file) throws IOException {
        return read(process, file, null);
    }

    /** @param harnessThread the name of the thread whose store commands are the harness's own, or null */
    static ProfileSummary read(String process, Path file, String harnessThread) throws IOException {
        long harness = 0;
        long samples = 0;
        Map<String, Long> components = new HashMap<>();
        Map<String, Long> methods = new HashMap<>();
        Map<String, Long> reflex = new HashMap<>();
        double allocated = 0;
        Map<String, Double> allocations = new HashMap<>();
        Map<String, Long> store = new HashMap<>();
        Map<String, Long> bus = new HashMap<>();
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent e = recording.readEvent();
                switch (e.getEventType().getName()) {
                    case "jdk.ExecutionSample" -> {
                        RecordedFrame top = topFrame(e.getStackTrace());
                        if (top != null) {
                            samples++;
                            String type = top.getMethod().getType().getName();
                            components.merge(component(type), 1L, Long::sum);
                            methods.merge(type + "." + top.getMethod().getName(), 1L, Long::sum);
                            reflex.merge(nearestReflex(e.getStackTrace()), 1L, Long::sum);
                        }
                    }
                    case "jdk.ObjectAllocationSample" -> {
                        long weight = e.getLong("weight");
                        allocated += weight;
                        allocations.merge(e.getClass("objectClass").getName(), (double) weight, Double::sum);
                    }
                    case "reflex.StoreCommand" -> {
                        if (harnessThread != null
                                && e.getThread() != null
                                && harnessThread.equals(e.getThread().getJavaName())) {
                            harness++;
                        } else {
                            store.merge(e.getString("command") + " " + e.getString("collection"), 1L, Long::sum);
                        }
                    }
                    case "reflex.BusPublish" -> bus.merge(e.getString("destination"), 1L, Long::sum);
                    default -> {}
                }
            }
        }
        return new ProfileSummary(
                process, samples, components, methods, reflex, allocated, allocations, store, bus, harness);
    }

    /** The topmost Reflex method of the stack, {@code (outside Reflex)} when none. */
    private static String nearestReflex(RecordedStackTrace stack) {
        for (RecordedFrame f : stack.getFrames()) {
            String type = f.getMethod().getType().getName();
            if (f.isJavaFrame() && type.startsWith("io.reflex.")) {
                return type.substring(type.lastIndexOf('.') + 1) + "."
                        + f.getMethod().getName();
            }
        }
        return "(outside Reflex)";
    }

    private static RecordedFrame topFrame(RecordedStackTrace stack) {
        if (stack == null) {
            return null;
        }
        for (RecordedFrame f : stack.getFrames()) {
            if (f.isJavaFrame()) {
                return f;
            }
        }
        return null;
    }

    static String component(String type) {
        for (String[] c : COMPONENTS) {
            if (type.startsWith(c[0])) {
                return c[1];
            }
        }
        return "other libraries";
    }

    /** A Markdown section for {@code executions} executions of {@code action}. */
    static String markdown(String action, List<ProfileSummary> all, int executions, Map<String, String> cpu) {
        return markdown(
                action + " burst",
                "in every process during the burst of " + executions + " executions",
                all,
                executions,
                "execution",
                cpu);
    }

    /**
     * A Markdown section titled {@code title}, the amounts divided by {@code units} (executions, workflow
     * tasks...); {@code during} says what was recorded.
     */
    static String markdown(
            String title, String during, List<ProfileSummary> all, int units, String unit, Map<String, String> cpu) {
        StringBuilder sb = new StringBuilder("\n## Profile: ").append(title).append("\n\n");
        sb.append("Java Flight Recorder (`profile` settings) ")
                .append(during)
                .append(". CPU samples are by the topmost Java frame; a share is of that process's")
                .append(" samples. Allocation is JFR's sampled estimate.\n\n");
        sb.append("| process | CPU ms / ")
                .append(unit)
                .append(" | samples | top components (share of samples) | allocated KiB / ")
                .append(unit)
                .append(" | top allocated classes |\n| --- | --- | --- | --- | --- | --- |\n");
        for (ProfileSummary p : all) {
            sb.append("| ")
                    .append(p.process())
                    .append(" | ")
                    .append(cpu.getOrDefault(p.process(), "?"))
                    .append(" | ")
                    .append(p.samples())
                    .append(" | ")
                    .append(top(p.components(), p.samples(), 4))
                    .append(" | ")
                    .append(round(p.allocatedBytes() / 1024 / units))
                    .append(" | ")
                    .append(top(p.allocations(), p.allocatedBytes(), 3))
                    .append(" |\n");
        }
        sb.append("\nHottest methods (topmost frame), per process:\n\n");
        perProcess(sb, all, p -> top(p.methods(), p.samples(), 6));
        sb.append("\nNearest Reflex method on the stack (the code that led to the work), per process:\n\n");
        perProcess(sb, all, p -> top(p.reflexMethods(), p.samples(), 10));
        sb.append("\nStore commands (answered by mongo-java-server, or statements sent to PostgreSQL), per ")
                .append(unit)
                .append(": ");
        sb.append(perExecution(all.stream().map(ProfileSummary::storeCommands).toList(), units));
        long harness = all.stream().mapToLong(ProfileSummary::harnessCommands).sum();
        if (harness > 0) {
            sb.append(" (not counted: the harness's own reads, ")
                    .append(round((double) harness / units))
                    .append(" per ")
                    .append(unit)
                    .append(')');
        }
        sb.append("\n\nConfirmed bus publishes, per ").append(unit).append(" (all services): ");
        sb.append(perExecution(all.stream().map(ProfileSummary::busPublishes).toList(), units));
        return sb.append('\n').toString();
    }

    private static void perProcess(
            StringBuilder sb, List<ProfileSummary> all, java.util.function.Function<ProfileSummary, String> line) {
        for (ProfileSummary p : all) {
            sb.append("- ")
                    .append(p.process())
                    .append(": ")
                    .append(line.apply(p))
                    .append('\n');
        }
    }

    private static String perExecution(List<Map<String, Long>> maps, int executions) {
        Map<String, Long> sum = new HashMap<>();
        maps.forEach(m -> m.forEach((k, v) -> sum.merge(k, v, Long::sum)));
        long total = sum.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return "none recorded";
        }
        StringBuilder sb = new StringBuilder("total ").append(round((double) total / executions));
        sum.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(12)
                .forEach(e -> sb.append("; `")
                        .append(e.getKey().strip())
                        .append("` ")
                        .append(round((double) e.getValue() / executions)));
        return sb.toString();
    }

    /** The {@code n} largest entries as "`key` share", largest first. */
    private static String top(Map<String, ? extends Number> amounts, double total, int n) {
        StringBuilder sb = new StringBuilder();
        amounts.entrySet().stream()
                .sorted(Comparator.comparingDouble((Map.Entry<String, ? extends Number> e) ->
                                e.getValue().doubleValue())
                        .reversed())
                .limit(n)
                .forEach(e -> sb.append(sb.isEmpty() ? "" : ", ")
                        .append('`')
                        .append(e.getKey())
                        .append("` ")
                        .append(percent(e.getValue().doubleValue(), total)));
        return sb.toString();
    }

    private static String percent(double part, double total) {
        return total <= 0 ? "0 %" : String.format(Locale.ROOT, "%.0f %%", 100 * part / total);
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
