package io.reflex.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Webhook → rule → execution throughput and latency with every service its own process: api, rulesengine,
 * actionrunner and notifier JVMs on a real RabbitMQ, store and ZooKeeper embedded in this JVM
 * ({@link PipelineCluster}). After a warm-up batch per action, per action: a burst (every webhook posted as
 * fast as the API accepts them: sustained executions/s, latency including the queue) and a paced batch at a
 * rate below that (latency of a pipeline that keeps up). Without {@code --rate} the paced rate is half the
 * burst's steady throughput and the paced batch lasts at most {@code --paced-seconds}; with it, only a paced
 * batch of {@code --count} webhooks runs. The warm-up is long because the services' JIT compilers keep working
 * through the first few thousand executions: measured after 800 webhooks, they took a quarter of the services'
 * CPU, and the code they had not yet compiled more. The report gives, per burst, the CPU their compiler and
 * collector threads still took.
 *
 * <pre>
 * bin/bench pipeline [--count 2000] [--rate N] [--action core.noop|core.local|both] [--warmup 3000]
 *                    [--clients 8] [--paced-seconds 30] [--store memory|h2|postgres] [--amqp amqp://...]
 *                    [--limit-seconds 300] [--report FILE] [--profile [--profile-dir DIR]] [--statements]
 * </pre>
 *
 * <p>With {@code --profile} every burst runs under Java Flight Recorder in every process ({@link Profiler});
 * the report gains, per action, where the CPU went, what was allocated, and how many store commands and bus
 * publishes one execution took ({@link ProfileSummary}). The recordings stay in {@code --profile-dir}
 * (default {@code benchmarks/target/profile}) for a closer look in JDK Mission Control.
 *
 * <p>With {@code --statements} (and {@code --store postgres}) the embedded PostgreSQL logs every statement, and
 * the report gains, per burst, the statements one execution cost, by service, verb and table
 * ({@link PostgresStatements}). Logging costs the server CPU, so the burst's numbers are not comparable then.
 */
public final class PipelineBenchmark {
    /** The actions measured and the parameters their rule gives them. */
    static final Map<String, String> ACTIONS = Map.of("core.noop", "{}", "core.local", "{\"cmd\": \"true\"}");

    /** Settings of one benchmark run. */
    record Options(
            int count,
            double rate,
            List<String> actions,
            int warmup,
            int clients,
            int pacedSeconds,
            String store,
            String amqp,
            Duration limit,
            Path packs,
            Path report,
            Path profileDir,
            boolean statements) {}

    /** One reported batch. */
    record Measured(String action, String mode, PipelineRun.Result result) {}

    private static final int AMQP_PORT = 5672;

    private PipelineBenchmark() {}

    public static void main(String[] args) throws Exception {
        Args a = new Args("pipeline", args);
        String action = a.value("--action", "both");
        String amqp = a.value(
                "--amqp", System.getenv().getOrDefault("REFLEX_IT_AMQP_URI", "amqp://guest:guest@127.0.0.1:5672"));
        Path profileDir = Path.of(a.value("--profile-dir", "benchmarks/target/profile"));
        Options options = new Options(
                a.intValue("--count", 2000),
                Double.parseDouble(a.value("--rate", "0")),
                action.equals("both") ? List.of("core.noop", "core.local") : List.of(action),
                a.intValue("--warmup", 3000),
                a.intValue("--clients", 8),
                a.intValue("--paced-seconds", 30),
                a.value("--store", "memory"),
                amqp,
                Duration.ofSeconds(a.intValue("--limit-seconds", 300)),
                Path.of(a.value("--packs", Files.isDirectory(Path.of("packs/core")) ? "packs" : "../packs")),
                Path.of(a.value("--report", "benchmarks/reports/pipeline.md")),
                a.flag("--profile") ? profileDir : null,
                a.flag("--statements"));
        if (!a.ready()) {
            return;
        }
        run(options);
    }

    static List<Measured> run(Options o) throws Exception {
        for (String action : o.actions()) {
            if (!ACTIONS.containsKey(action)) {
                throw new IllegalArgumentException("--action must be core.noop, core.local or both, not " + action);
            }
        }
        Report report = new Report(
                "Webhook → rule → execution pipeline",
                "action",
                "batch",
                "webhooks",
                "succeeded",
                "not succeeded",
                "offered (webhooks/s)",
                "executions/s (first POST → last completion)",
                "executions/s (steady, 10th–90th pct completion)",
                "p50 POST → succeeded (ms)",
                "p99 (ms)",
                "max (ms)");
        describe(report, o);
        report.context("machine: " + machine() + "; load average (1, 5, 15 min) before the run: " + loadAverage());
        List<Measured> all = new ArrayList<>();
        try (PipelineCluster cluster = PipelineCluster.start(o.amqp(), o.store(), o.packs())) {
            if (o.statements()) {
                cluster.logStatements();
            }
            PipelineRun runs = new PipelineRun(cluster);
            Map<String, String> hooks = new LinkedHashMap<>();
            for (String action : o.actions()) {
                String hook = "bench-" + action.replace('.', '-') + "-"
                        + UUID.randomUUID().toString().substring(0, 8);
                runs.rule(hook.replace('-', '_'), hook, action, ACTIONS.get(action));
                hooks.put(action, hook);
            }
            // Every action warms the whole pipeline (the services' JIT) before any batch is measured.
            for (var h : hooks.entrySet()) {
                if (o.warmup() > 0) {
                    check(h.getKey(), "warm-up", runs.run(h.getValue(), o.warmup(), 0, o.clients(), o.limit()));
                }
            }
            for (var h : hooks.entrySet()) {
                all.addAll(measure(cluster, runs, h.getKey(), h.getValue(), o, report));
            }
        }
        report.context("load average (1, 5, 15 min) after the run: " + loadAverage()
                + " — other work on this machine shares its cores");
        report.write(o.report());
        return all;
    }

    /** A burst (unless a rate was given), then a paced batch of at most {@code pacedSeconds} of webhooks. */
    private static List<Measured> measure(
            PipelineCluster cluster, PipelineRun runs, String action, String hook, Options o, Report report)
            throws Exception {
        List<Measured> out = new ArrayList<>();
        double rate = o.rate();
        int paced = o.count();
        if (rate <= 0) {
            Profiler profiler = o.profileDir() == null ? null : Profiler.start(cluster.servicePids());
            Map<String, Long> cpuBefore = cluster.cpuMillis();
            Map<String, Map<String, Long>> threadsBefore = new LinkedHashMap<>();
            for (String group : List.of(ThreadCpu.COMPILERS, ThreadCpu.COLLECTOR)) {
                threadsBefore.put(group, cluster.housekeepingMillis(group));
            }
            Optional<Long> broker = ListeningProcess.of(URI.create(o.amqp()), AMQP_PORT);
            long brokerBefore = broker.map(ProcessTreeCpu::millis).orElse(-1L);
            PostgresActivity pgBefore = cluster.postgresActivity();
            PostgresStatements statements = cluster.statements();
            long logMark = statements == null ? 0 : statements.mark();
            // every counter is read once the burst has drained, before its executions are read back
            PipelineRun.Sent sent = runs.send(hook, o.count(), 0, o.clients(), o.limit());
            int n = sent.count();
            Map<String, Double> cpu = cpuPerExecution(cpuBefore, cluster.cpuMillis(), n);
            Map<String, Map<String, Double>> threads = new LinkedHashMap<>();
            threadsBefore.forEach((group, before) ->
                    threads.put(group, cpuPerExecution(before, cluster.housekeepingMillis(group), n)));
            long brokerAfter = broker.map(ProcessTreeCpu::millis).orElse(-1L);
            PostgresActivity pgAfter = pgBefore == null ? null : cluster.postgresActivity();
            String statementsSeen =
                    statements == null ? null : PostgresStatements.describe(statements.since(logMark, n));
            PipelineRun.Result burst = runs.collect(sent);
            out.add(row(report, action, "burst", burst));
            report.context(action + " burst, CPU time per execution (ms): " + describeCpu(cpu));
            threads.forEach((group, perExecution) -> report.context(action + " burst, of the services' CPU above,"
                    + " their " + group + " (ms per execution): " + describeCpu(perExecution)));
            if (brokerBefore >= 0 && brokerAfter >= 0) {
                report.context(action + " burst, the RabbitMQ broker's CPU time per execution (ms; pid " + broker.get()
                        + ", found listening on the bus's port; not started by the benchmark, so not in the total"
                        + " above, and it served whatever else used it meanwhile): "
                        + round((brokerAfter - brokerBefore) / (double) n));
            }
            if (pgAfter != null) {
                report.context(action + " burst, PostgreSQL per execution (its statistics views): "
                        + pgAfter.perExecution(pgBefore, n)
                        + "; average stored document (bytes): " + cluster.postgresDocumentSizes());
            }
            if (statementsSeen != null) {
                report.context(action + " burst, PostgreSQL statements per execution (its log), " + statementsSeen);
            }
            if (profiler != null) {
                profile(report, action, profiler.stop(o.profileDir(), action.replace('.', '-')), burst.sent(), cpu);
            }
            rate = Math.max(1, Math.floor(burst.steadyPerSecond() / 2));
            paced = (int) Math.max(10, Math.min(o.count(), rate * o.pacedSeconds()));
        }
        PipelineRun.Result result = runs.run(hook, paced, rate, o.clients(), o.limit());
        out.add(row(report, action, "paced " + (int) rate + "/s", result));
        return out;
    }

    private static void check(String action, String batch, PipelineRun.Result r) {
        if (r.succeeded() != r.sent()) {
            throw new IllegalStateException(action + " " + batch + ": " + r.succeeded() + " of " + r.sent()
                    + " webhooks ended in a succeeded execution (" + r.rejected() + " rejected, " + r.otherwise()
                    + " otherwise)");
        }
    }

    private static Measured row(Report report, String action, String batch, PipelineRun.Result r) {
        report.row(
                action,
                batch,
                r.sent(),
                r.succeeded(),
                r.sent() - r.succeeded(),
                round(r.offered()),
                round(r.perSecond()),
                round(r.steadyPerSecond()),
                r.latencies().percentileMs(50),
                r.latencies().percentileMs(99),
                r.latencies().percentileMs(100));
        return new Measured(action, batch, r);
    }

    /** CPU ms used by each process between two snapshots, divided by {@code n}, in snapshot order. */
    private static Map<String, Double> cpuPerExecution(Map<String, Long> before, Map<String, Long> after, int n) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (var e : after.entrySet()) {
            out.put(e.getKey(), (e.getValue() - before.getOrDefault(e.getKey(), 0L)) / (double) n);
        }
        return out;
    }

    /** "api 3.1, rulesengine 4.2, ..., total 17.0". */
    private static String describeCpu(Map<String, Double> cpu) {
        StringBuilder sb = new StringBuilder();
        cpu.forEach((name, ms) -> sb.append(name).append(' ').append(round(ms)).append(", "));
        double total = cpu.values().stream().mapToDouble(Double::doubleValue).sum();
        return sb.append("total ").append(round(total)).toString();
    }

    private static void profile(
            Report report, String action, Map<String, Path> files, int executions, Map<String, Double> cpu)
            throws java.io.IOException {
        List<ProfileSummary> all = new ArrayList<>();
        for (var f : files.entrySet()) {
            all.add(ProfileSummary.read(f.getKey(), f.getValue()));
        }
        Map<String, String> cpuCells = new LinkedHashMap<>();
        cpu.forEach((name, ms) -> cpuCells.put(name, String.valueOf(round(ms))));
        report.section(ProfileSummary.markdown(action, all, executions, cpuCells));
    }

    /** CPU model and memory from /proc, or "unknown". */
    static String machine() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse("unknown CPU");
            String mem = Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(l -> l.startsWith("MemTotal"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024 / 1024 + " GiB RAM")
                    .findFirst()
                    .orElse("");
            return Runtime.getRuntime().availableProcessors() + " × " + cpu + ", " + mem;
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The first three fields of /proc/loadavg, or "unknown". */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static void describe(Report report, Options o) {
        report.context("services: api, rulesengine, actionrunner (concurrency 16), notifier, each its own JVM ("
                + String.join(" ", PipelineCluster.JVM_OPTIONS) + ", logging.level=warn), started by the"
                + " benchmark as child processes; a service's CPU includes the processes it started (the action"
                + " runner's actions and their supervisors)");
        report.context("bus: RabbitMQ " + o.amqp().replaceAll("//[^@]*@", "//")
                + " (quorum queues, publisher confirms); store: "
                + (o.store().equals("postgres")
                        ? "embedded PostgreSQL (its own server processes, whose CPU is counted as `postgres`)"
                        : "mongo-java-server (" + o.store() + " backend, in the benchmark JVM)")
                + " and coordinator: embedded ZooKeeper served by the benchmark JVM, all on loopback");
        report.context("each webhook: POST /api/v1/webhooks/<hook> (token auth) → trigger instance on the bus → rules"
                + " engine stores it, matches one rule, stores the enforcement and the execution, publishes the request"
                + " → runner claims (lease), runs, stores the result → notifier emits core.st2.generic.actiontrigger,"
                + " which the rules engine stores too");
        report.context("latency: from this JVM's clock just before the POST is sent to the execution's end_timestamp,"
                + " written by the runner process when it stores the completed execution (same host, same clock);"
                + " the execution is matched to its POST by a sequence number in the webhook body, kept in the"
                + " execution's trigger_instance snapshot");
        report.context("throughput: succeeded executions divided by the time from the first POST to the last"
                + " completion, and the steady rate between the 10th and 90th percentile completion; batches run one"
                + " after the other on one store, so later batches meet a larger store (mongo-java-server answers"
                + " queries by scanning; PostgreSQL through indexes)");
        report.context("batches: " + o.warmup() + " warm-up webhooks per action (not reported) before any"
                + " measurement; then per action " + o.count()
                + (o.rate() > 0
                        ? " paced at " + o.rate() + "/s"
                        : " as a burst from " + o.clients() + " sender threads, then a batch paced at half the"
                                + " burst's steady rate for at most " + o.pacedSeconds() + " s"));
    }
}
