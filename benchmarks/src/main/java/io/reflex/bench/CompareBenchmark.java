package io.reflex.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The same two workloads against Reflex ({@code reflex up}) and, when installed in the scratch folder, n8n and
 * Node-RED, one system at a time: a webhook whose work is nothing and one that runs {@code true}. Per system
 * and workload: a warm-up batch (not reported; long enough for a JVM's JIT compilers to settle), a burst from
 * {@code --clients} senders (completed/s from the first send to the last completion) and a batch paced at
 * {@code --rate}/s (p50 and p99 from send to completion). What "completed" means differs by system and is
 * stated in the report. n8n and Node-RED come from npm, only with {@code --install}, into {@code --scratch}
 * (outside the git tree).
 *
 * <pre>
 * bin/bench compare [--install] [--systems reflex,n8n,node-red] [--count 1000] [--warmup 2000] [--clients 10]
 *                   [--rate 20] [--paced-seconds 30] [--limit-seconds 300] [--scratch ~/.cache/reflex-bench/compare]
 *                   [--report benchmarks/reports/compare.md]
 * </pre>
 */
public final class CompareBenchmark {
    static final List<String> SYSTEMS = List.of("reflex", "n8n", "node-red");
    private static final Duration STARTUP = Duration.ofMinutes(5);

    /** Settings of one run. */
    record Options(
            List<String> systems,
            boolean install,
            int count,
            int warmup,
            int clients,
            double rate,
            int pacedSeconds,
            Duration limit,
            Path scratch,
            Path checkout,
            Path report) {}

    private CompareBenchmark() {}

    public static void main(String[] args) throws Exception {
        Args a = new Args("compare", args);
        List<String> systems =
                List.of(a.value("--systems", String.join(",", SYSTEMS)).split(","));
        for (String s : systems) {
            if (!SYSTEMS.contains(s)) {
                throw new IllegalArgumentException("--systems takes " + SYSTEMS + ", not " + s);
            }
        }
        Path home = Path.of(System.getProperty("user.home"));
        Options options = new Options(
                systems,
                a.flag("--install"),
                a.intValue("--count", 1000),
                a.intValue("--warmup", 2000),
                a.intValue("--clients", 10),
                Double.parseDouble(a.value("--rate", "20")),
                a.intValue("--paced-seconds", 30),
                Duration.ofSeconds(a.intValue("--limit-seconds", 300)),
                Path.of(a.value(
                        "--scratch", home.resolve(".cache/reflex-bench/compare").toString())),
                Path.of("").toAbsolutePath(),
                Path.of(a.value("--report", "benchmarks/reports/compare.md")));
        if (!a.ready()) {
            return;
        }
        run(options);
    }

    static List<CompareTable.Column> run(Options o) throws Exception {
        NpmScratch npm = new NpmScratch(o.scratch());
        if (o.install() && (o.systems().contains("n8n") || o.systems().contains("node-red"))) {
            npm.install();
        }
        String commit = commit(o.checkout());
        Report report = new Report(
                "Reflex, n8n and Node-RED: the same webhook workloads",
                "system",
                "workload",
                "batch",
                "sent",
                "completed",
                "completed/s",
                "p50 (ms)",
                "p99 (ms)",
                "max (ms)");
        report.context("machine: " + PipelineBenchmark.machine() + "; commit " + commit
                + "; load average (1, 5, 15 min) before the run: " + PipelineBenchmark.loadAverage()
                + " — other work on this machine shares its cores");
        report.context("per system and workload: " + o.warmup() + " warm-up requests (not reported), a burst of "
                + o.count() + " from " + o.clients() + " senders each waiting for its answer, then "
                + (int) (o.rate() * o.pacedSeconds()) + " paced at " + (int) o.rate() + "/s; systems run one at a"
                + " time, each started fresh by the benchmark on loopback and stopped by process id");
        report.context("latency: from just before a request is sent to its completion (below, per system);"
                + " completed/s: completed requests ÷ (first send → last completion)");
        List<CompareTable.Column> columns = new ArrayList<>();
        for (String system : o.systems()) {
            columns.add(measure(system, o, npm, commit, report));
        }
        report.section("\n## Side by side\n\nRatios above 1 mean Reflex did better (completed/s: Reflex ÷ other;"
                + " latency: other ÷ Reflex).\n\n" + CompareTable.markdown(columns));
        report.write(o.report());
        return columns;
    }

    private static CompareTable.Column measure(String system, Options o, NpmScratch npm, String commit, Report report)
            throws Exception {
        String title = title(system);
        String pkg = system.equals("reflex") ? null : system;
        if (pkg != null && !npm.has(pkg)) {
            String why = "not installed";
            System.out.println(title + ": " + why + " in " + npm.dir + " — skipped (bin/bench compare --install)");
            report.context(title + ": " + why + ", skipped");
            return CompareTable.Column.absent(title, why);
        }
        Path dir = o.scratch().resolve("run").resolve(system);
        if (Files.exists(dir)) {
            Teardown.deleteTree(dir);
        }
        Files.createDirectories(dir);
        System.out.println(title + ": starting in " + dir);
        try (CompareTarget target = start(system, o, npm, dir, commit)) {
            report.context(target.name() + " " + target.version() + ": " + target.setup() + "; completed: "
                    + target.completedMeans());
            Map<String, CompareBatch> batches = new LinkedHashMap<>();
            for (CompareWorkload w : CompareWorkload.values()) {
                if (o.warmup() > 0) {
                    target.run(w, o.warmup(), 0, o.clients(), o.limit());
                }
                batches.put(
                        CompareTable.key(w, CompareTable.BURST),
                        row(report, target, w, "burst", target.run(w, o.count(), 0, o.clients(), o.limit())));
                int paced = (int) Math.max(1, o.rate() * o.pacedSeconds());
                batches.put(
                        CompareTable.key(w, CompareTable.PACED),
                        row(
                                report,
                                target,
                                w,
                                "paced " + (int) o.rate() + "/s",
                                target.run(w, paced, o.rate(), o.clients(), o.limit())));
            }
            report.context("load average after " + target.name() + ": " + PipelineBenchmark.loadAverage());
            return CompareTable.Column.measured(target.name(), batches);
        } catch (Exception e) {
            System.err.println(title + " failed: " + e);
            report.context(
                    title + ": failed (" + e.getMessage().lines().findFirst().orElse("") + "); logs in " + dir);
            return CompareTable.Column.absent(title, "failed");
        }
    }

    private static CompareTarget start(String system, Options o, NpmScratch npm, Path dir, String commit)
            throws Exception {
        return switch (system) {
            case "reflex" -> ReflexUpTarget.start(o.checkout(), dir, commit, STARTUP);
            case "n8n" -> N8nTarget.start(npm, dir, STARTUP);
            case "node-red" -> NodeRedTarget.start(npm, dir, STARTUP);
            default -> throw new IllegalArgumentException(system);
        };
    }

    private static CompareBatch row(Report report, CompareTarget t, CompareWorkload w, String batch, CompareBatch b) {
        report.row(
                t.name(),
                w.label,
                batch,
                b.sent(),
                b.completed(),
                CompareTable.number(b.perSecond()),
                b.latencies().percentileMs(50),
                b.latencies().percentileMs(99),
                b.latencies().percentileMs(100));
        return b;
    }

    static String title(String system) {
        return switch (system) {
            case "reflex" -> "Reflex";
            case "n8n" -> "n8n";
            case "node-red" -> "Node-RED";
            default -> system;
        };
    }

    /** The checkout's short commit id, "+ changes" when the work tree differs from it, or "unknown". */
    static String commit(Path checkout) {
        try {
            String head = git(checkout, "rev-parse", "--short", "HEAD").strip();
            return git(checkout, "status", "--porcelain", "--untracked-files=no")
                            .isBlank()
                    ? head
                    : head + " + changes";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(out);
        }
        return out;
    }
}
