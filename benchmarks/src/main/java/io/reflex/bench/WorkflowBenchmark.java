package io.reflex.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.actionrunner.ActionRunnerService;
import io.reflex.api.ApiService;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.model.Token;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import io.reflex.core.workflow.TaskLaunch;
import io.reflex.core.workflow.WorkflowExecution;
import io.reflex.notifier.NotifierService;
import io.reflex.orquesta.WorkflowSpec;
import io.reflex.orquesta.Workflows;
import io.reflex.runtime.backend.StoreAccess;
import io.reflex.runtime.config.ConfigKeys;
import io.reflex.runtime.config.ConfigLoader;
import io.reflex.runtime.service.ServiceRunner;
import io.reflex.templates.Datastore;
import io.reflex.templates.TemplateLimits;
import io.reflex.workflowengine.WorkflowEngineService;
import io.reflex.workflowengine.conductor.Conductor;
import io.reflex.workflowengine.conductor.Evaluator;
import io.reflex.yaql.YaqlLimits;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Orquesta workflows of noop tasks through the whole stack in one JVM (api, action runner, notifier, workflow
 * engine on the embedded store and bus, as {@code reflex up} runs them): a sequence of 40 tasks, and one
 * with-items task of 200 items at concurrency 20, and, for comparison, plain {@code core.noop} executions one
 * at a time. Every workflow (and 40 plain executions) runs {@code --warmup} times before anything is measured,
 * then each {@code --runs} times; reported per workflow: wall time of the execution (median and best), task
 * transitions per second (task runs completed per second of wall time), the whole process's CPU per task, the
 * embedded PostgreSQL server's CPU per task (its own processes, {@link ProcessTreeCpu}), and the workflow
 * engine's own CPU per task (its conductor deciding each step and the state's JSON write and read,
 * on one thread, without the store and bus round trips).
 *
 * <pre>
 * bin/bench workflow [--runs 5] [--warmup 10] [--bus embedded:|amqp://...] [--report benchmarks/reports/workflow.md] [--profile [--profile-dir DIR]]
 * </pre>
 *
 * <p>With {@code --profile} the measured runs of each workflow run under Java Flight Recorder ({@link Profiler};
 * one recording, as every service shares this JVM) and the report gains a section per workflow: CPU samples,
 * allocation, store commands and bus publishes per task ({@link ProfileSummary}). The recordings stay in
 * {@code --profile-dir} (default {@code benchmarks/target/profile}).
 */
public final class WorkflowBenchmark {
    static final int SEQUENCE = 40;
    static final int ITEMS = 200;
    static final int CONCURRENCY = 20;
    /** How often the harness reads the workflow's execution while waiting for its end. */
    static final int POLL_MS = 50;
    /** The shipped packs: from the repository root ({@code bin/bench}) or a module directory (the tests). */
    private static final Path SHIPPED_PACKS =
            Files.isDirectory(Path.of("packs/core")) ? Path.of("packs") : Path.of("../packs");

    private WorkflowBenchmark() {}

    public static void main(String[] args) throws Exception {
        Args a = new Args("workflow", args);
        int runs = a.intValue("--runs", 5);
        // ten warm-ups: with three, the JIT compiler threads still took about a third of the measured runs' CPU
        // (9 of 27 ms per sequence task), so the runs measured compilation as much as a running engine's work
        int warmup = a.intValue("--warmup", 10);
        Path report = Path.of(a.value("--report", "benchmarks/reports/workflow.md"));
        Path profileDir = Path.of(a.value("--profile-dir", "benchmarks/target/profile"));
        boolean profile = a.flag("--profile");
        String bus = a.value("--bus", "embedded:");
        if (!a.ready()) {
            return;
        }
        run(new Options(runs, warmup, report, profile ? profileDir : null, bus));
    }

    /**
     * A benchmark run.
     *
     * @param profileDir where JFR recordings go, or null for no profile
     * @param bus the bus URI: {@code embedded:} (as {@code reflex up}) or a RabbitMQ {@code amqp://} URI
     */
    record Options(int runs, int warmup, Path report, Path profileDir, String bus) {}

    /** The 40-task sequence: each task a {@code core.noop} leading to the next. */
    static String sequence(int tasks) {
        StringBuilder y = new StringBuilder("version: 1.0\ntasks:\n");
        for (int i = 1; i <= tasks; i++) {
            y.append("  t").append(i).append(":\n    action: core.noop\n");
            if (i < tasks) {
                y.append("    next:\n      - when: <% succeeded() %>\n        do: t")
                        .append(i + 1)
                        .append('\n');
            }
        }
        return y.append("output:\n  - last: <% task_status(t")
                .append(tasks)
                .append(") %>\n")
                .toString();
    }

    /** One with-items task over {@code items} numbers, {@code concurrency} at once. */
    static String withItems(int items, int concurrency) {
        return """
                version: 1.0
                tasks:
                  each:
                    with:
                      items: <%% range(%d) %%>
                      concurrency: %d
                    action: core.noop
                    next:
                      - publish: [{count: <%% len(result()) %%>}]
                output:
                  - count: <%% ctx(count) %%>
                """.formatted(items, concurrency);
    }

    static void run(int runs, Path reportFile) throws Exception {
        run(new Options(runs, 1, reportFile, null, "embedded:"));
    }

    static void run(Options o) throws Exception {
        int runs = o.runs();
        Path root = Files.createTempDirectory("reflex-bench-workflow-");
        Path packs = root.resolve("packs");
        copyPack(SHIPPED_PACKS.resolve("core"), packs.resolve("core"));
        writePack(packs.resolve("bench_wf"));
        Map<String, String> flags = new HashMap<>();
        flags.put("data_dir", root.resolve("data").toString());
        for (String service : ConfigKeys.services()) {
            flags.put(service + ".port", "0");
        }
        flags.put("content.packs_dir", packs.toString());
        flags.put("content.watch", "false");
        flags.put(ConfigKeys.BUS_URI.name(), o.bus());
        Report report = new Report(
                "Orquesta workflows of noop tasks",
                "workflow",
                "tasks",
                "runs",
                "wall median (ms)",
                "wall best (ms)",
                "task transitions/s",
                "process CPU per task (ms)",
                "PostgreSQL server CPU per task (ms)",
                "engine CPU per task (ms)");
        report.context("whole stack in one JVM (api, action runner, notifier, workflow engine) on the embedded"
                + " store, as `reflex up` runs them; bus: "
                + (o.bus().startsWith("embedded")
                        ? "the embedded broker (Qpid Broker-J, H2 message store)"
                        : o.bus().replaceAll("//[^@]*@", "//"))
                + "; wall time from the workflow execution's `start_timestamp` (stored when the API accepted the"
                + " request) to its `end_timestamp`; the harness polls the store every " + POLL_MS + " ms; each"
                + " workflow (and 40 plain executions) ran " + o.warmup() + " times before the measured runs");
        report.context("process CPU: the JVM's CPU time over the measured runs (every service, the embedded"
                + " store and broker, the harness's polling) divided by the tasks run; core.noop is the same"
                + " stack running one plain execution at a time (no workflow), for comparison");
        report.context("PostgreSQL server CPU: the CPU time of the processes this JVM started over the measured"
                + " runs (the embedded PostgreSQL server and the backends it forked per connection, read from"
                + " /proc; 0 on embedded:mongo or an external store) divided by the tasks run; not part of the"
                + " process CPU");
        report.context("machine: " + PipelineBenchmark.machine() + "; load average (1, 5, 15 min) before the run: "
                + PipelineBenchmark.loadAverage());
        report.context("engine CPU: the conductor's decisions for the same workflow plus one JSON write and"
                + " read of the workflow state per step, on one thread: the engine's own work without the"
                + " store and bus round trips");
        try (var running = ServiceRunner.start(
                        List.of(
                                new ApiService(),
                                new ActionRunnerService(),
                                new NotifierService(),
                                new WorkflowEngineService()),
                        ConfigLoader.load(null, Map.of(), flags));
                StateStore store = StoreAccess.open(running.config())) {
            String token = Ids.newId().substring(0, 24) + "deadbeef";
            store.store(Kinds.TOKEN)
                    .insert(new Token(
                            Ids.newId(), "st2admin", token, Timestamps.now().plus(Duration.ofHours(2)), null, false));
            String api = running.endpoints().stream()
                    .filter(e -> e.service().equals("api"))
                    .findFirst()
                    .orElseThrow()
                    .url();
            Client client = new Client(api, token, store);
            client.post("/api/v1/packs/register", "{\"packs\": [\"core\", \"bench_wf\"]}");
            // every action warms the whole stack (the JIT above all) before any is measured
            for (int i = 0; i < o.warmup(); i++) {
                for (int j = 0; j < SEQUENCE; j++) {
                    client.runToEnd("core.noop");
                }
                client.runToEnd("bench_wf.sequence");
                client.runToEnd("bench_wf.items");
            }
            measure(client, "core.noop", 1, runs * SEQUENCE, null, report, o.profileDir());
            measure(client, "bench_wf.sequence", SEQUENCE, runs, sequence(SEQUENCE), report, o.profileDir());
            measure(client, "bench_wf.items", ITEMS, runs, withItems(ITEMS, CONCURRENCY), report, o.profileDir());
        }
        report.context("load average (1, 5, 15 min) after the run: " + PipelineBenchmark.loadAverage()
                + " — other work on this machine shares its cores");
        report.write(o.report());
    }

    private static void measure(
            Client client, String action, int tasks, int runs, String yaml, Report report, Path profileDir)
            throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<Long> walls = new ArrayList<>();
        Profiler profiler = profileDir == null ? null : Profiler.start(Map.of());
        Map<String, Double> threads0 = ThreadCpu.snapshot();
        long cpu0 = os.getProcessCpuTime();
        long server0 = ProcessTreeCpu.childrenOfThisJvm();
        for (int i = 0; i < runs; i++) {
            walls.add(client.runToEnd(action));
        }
        long cpu = os.getProcessCpuTime() - cpu0;
        long server1 = ProcessTreeCpu.childrenOfThisJvm();
        String serverPerTask = server0 < 0 || server1 < 0
                ? "-"
                : String.valueOf(round2((server1 - server0) / (runs * (double) tasks)));
        report.context(action + ": CPU ms per task by thread group (top 12): "
                + ThreadCpu.perUnit(threads0, ThreadCpu.snapshot(), runs * tasks, 12));
        if (profiler != null) {
            Path file = profiler.stop(profileDir, action.replace('.', '-')).get("benchmark JVM");
            int units = runs * tasks;
            report.section(ProfileSummary.markdown(
                    action,
                    "in the one JVM of the whole stack during " + runs + " runs of " + tasks + " tasks",
                    List.of(ProfileSummary.read(
                            "whole stack", file, Thread.currentThread().getName())),
                    units,
                    "task",
                    Map.of("whole stack", String.valueOf(round2(cpu / 1e6 / units)))));
        }
        Collections.sort(walls);
        long median = walls.get(walls.size() / 2);
        report.row(
                action,
                tasks,
                runs,
                median,
                walls.get(0),
                Math.round(tasks * 1000.0 / median),
                round2(cpu / 1e6 / (runs * (double) tasks)),
                serverPerTask,
                yaml == null ? "-" : String.valueOf(round2(engineCpuMs(yaml, runs) / tasks)));
    }

    /** The conductor's CPU for one run of {@code yaml} (best of {@code runs} after a warm-up), in ms. */
    static double engineCpuMs(String yaml, int runs) {
        JsonNode root = Json.mapper().valueToTree(new org.yaml.snakeyaml.Yaml().load(yaml));
        WorkflowSpec spec = Workflows.standard().read(root);
        Conductor.Workflow workflow =
                new Conductor.Workflow(spec, Workflows.standard().graph(spec));
        Datastore none = Datastore.EMPTY;
        Conductor conductor = new Conductor(new Evaluator(YaqlLimits.DEFAULTS, TemplateLimits.DEFAULTS, none), none);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        conduct(conductor, workflow, root);
        double best = Double.MAX_VALUE;
        for (int i = 0; i < Math.max(1, runs); i++) {
            long t0 = threads.getCurrentThreadCpuTime();
            conduct(conductor, workflow, root);
            best = Math.min(best, (threads.getCurrentThreadCpuTime() - t0) / 1e6);
        }
        return best;
    }

    /** Runs the workflow through the conductor, every launch succeeding at once, the state stored as JSON. */
    private static void conduct(Conductor conductor, Conductor.Workflow workflow, JsonNode root) {
        WorkflowExecution s = WorkflowExecution.requested(
                Ids.newId(), "bench.wf", root, Json.object(), Json.object().put("user", "stanley"), Instant.now());
        s = stored(conductor.start(s, workflow));
        while (!s.launches().isEmpty()) {
            TaskLaunch l = s.launches().get(0);
            s = stored(s.withoutLaunches(List.of(l.executionId())));
            s = stored(conductor.taskCompleted(s, workflow, l.executionId(), ExecutionStatus.SUCCEEDED, Json.object()));
        }
        if (s.status() != ExecutionStatus.SUCCEEDED) {
            throw new IllegalStateException("the workflow ended " + s.status() + ": " + s.errors());
        }
    }

    /** The state as the store writes and reads it back. */
    private static WorkflowExecution stored(WorkflowExecution s) {
        return Json.read(Json.write(s), WorkflowExecution.class);
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static void writePack(Path pack) throws Exception {
        Files.createDirectories(pack.resolve("actions/workflows"));
        Files.writeString(
                pack.resolve("pack.yaml"),
                "ref: bench_wf\nname: bench_wf\ndescription: workflow benchmark\nversion: 1.0.0\nauthor: reflex\n");
        action(pack, "sequence", sequence(SEQUENCE));
        action(pack, "items", withItems(ITEMS, CONCURRENCY));
    }

    private static void action(Path pack, String name, String workflow) throws Exception {
        Files.writeString(
                pack.resolve("actions/" + name + ".yaml"),
                "---\nname: " + name + "\nrunner_type: orquesta\nentry_point: workflows/" + name
                        + ".yaml\nenabled: true\nparameters: {}\n");
        Files.writeString(pack.resolve("actions/workflows/" + name + ".yaml"), workflow);
    }

    private static void copyPack(Path from, Path to) throws Exception {
        try (var files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    /** The API calls of a run, and the wait for its end in the store. */
    private record Client(String api, String token, StateStore store) {
        JsonNode post(String path, String body) throws Exception {
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(api + path))
                                    .header("X-Auth-Token", token)
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .timeout(Duration.ofMinutes(2))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) {
                throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
            }
            return Json.mapper().readTree(r.body());
        }

        /**
         * Runs {@code action}; the wall time from its execution's start to its end as the execution stored them,
         * in ms (the harness's polling adds nothing to it).
         */
        long runToEnd(String action) throws Exception {
            long t0 = System.nanoTime();
            String id = post("/api/v1/executions", "{\"action\": \"" + action + "\"}")
                    .path("id")
                    .asText();
            long deadline = t0 + Duration.ofMinutes(5).toNanos();
            while (System.nanoTime() < deadline) {
                Optional<Execution> e = store.executions().get(id);
                if (e.isPresent() && e.get().status().completed()) {
                    long wall = Duration.between(
                                    e.get().startTimestamp(), e.get().endTimestamp())
                            .toMillis();
                    if (e.get().status() != ExecutionStatus.SUCCEEDED) {
                        throw new IllegalStateException(action + " ended "
                                + e.get().status() + ": " + e.get().result());
                    }
                    int children = e.get().children().size();
                    if (children > 0) {
                        System.out.println(action + " " + id + " " + wall + " ms, " + children + " task executions");
                    }
                    return wall;
                }
                Thread.sleep(POLL_MS);
            }
            throw new IllegalStateException(action + " did not complete in 5 minutes");
        }
    }
}
