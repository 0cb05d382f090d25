package io.reflex.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.model.Token;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import io.reflex.postgres.PostgresStateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Chaos on the HA reference topology ({@code deploy/local-cluster/run up}): per fault, a paced burst of
 * webhooks through nginx, each fired rule running {@code chaos.append} (the chaos benchmark's action that
 * sleeps, then appends the webhook's number to a file), with the fault injected part-way through; then the
 * count of the chaos benchmark ({@link ChaosTally}) from the PostgreSQL store, the effects file and one SSE
 * client on nginx's stream endpoint. A killed process is started again (through the same script) before the
 * next fault.
 *
 * <pre>
 * bin/bench ha [--cluster-dir /tmp/reflex-local-cluster] [--port-base 27100] [--webhooks 20] [--rate 2]
 *              [--faults rabbit-leader,zk-leader,auth,api,...,box,nginx,upgrade] [--limit-seconds 150]
 *              [--upgrade-rate 0.5] [--max-minutes 30] [--report benchmarks/reports/ha.md]
 * </pre>
 *
 * <p>The {@code upgrade} fault sends webhooks at {@code --upgrade-rate} from before the upgrade of box a until
 * box b runs the next release, and counts them as the other faults do.
 */
public final class HaBenchmark {
    /**
     * The broker's and the coordinator's leaders, each service (its box-a process), one box, nginx, and a
     * rolling upgrade of every service one box at a time ({@link HaUpgrade}).
     */
    static final List<String> FAULTS = Stream.of(
                    Stream.of("rabbit-leader", "zk-leader"),
                    LocalCluster.SERVICES.stream(),
                    Stream.of("box", "nginx", "upgrade"))
            .flatMap(s -> s)
            .toList();

    private HaBenchmark() {}

    public static void main(String[] args) throws Exception {
        Args a = new Args("ha", args);
        Path dir = Path.of(a.value("--cluster-dir", "/tmp/reflex-local-cluster"));
        LocalCluster cluster =
                new LocalCluster(Path.of("deploy/local-cluster/run"), dir, a.intValue("--port-base", 27100));
        String faults = a.value("--faults", String.join(",", FAULTS));
        int webhooks = a.intValue("--webhooks", 20);
        double rate = Double.parseDouble(a.value("--rate", "2"));
        double upgradeRate = Double.parseDouble(a.value("--upgrade-rate", "0.5"));
        Duration limit = Duration.ofSeconds(a.intValue("--limit-seconds", 150));
        Path reportFile = Path.of(a.value("--report", "benchmarks/reports/ha.md"));
        long runDeadline = System.nanoTime()
                + Duration.ofMinutes(a.intValue("--max-minutes", 30)).toNanos();
        if (!a.ready()) {
            return;
        }
        Report report = new Report(
                "HA: chaos on the local cluster",
                "fault",
                "killed",
                "webhooks sent (accepted)",
                "executed once",
                "lost",
                "doubled",
                "timer points once / due",
                "sensor silence (s)",
                "long actions once / lost / doubled",
                "SSE missed",
                "recovery (s)",
                "notes");
        report.context("topology: deploy/local-cluster (RabbitMQ ×3, ZooKeeper ×3, PostgreSQL, two of every Reflex"
                + " service, nginx) on one host; machine: " + PipelineBenchmark.machine() + "; load average before: "
                + PipelineBenchmark.loadAverage());
        report.context("per fault: " + webhooks + " webhooks {tag, n} through nginx at " + rate + "/s, the fault"
                + " injected 40 % into the burst; each fires chaos.append_retry (sleeps 1 s, appends n to a file;"
                + " re-run once its runner is found dead: action.retry on abandoned). Counted as in bin/bench"
                + " chaos (ChaosTally): lost = accepted without execution or effect, doubled = 2+ executions or"
                + " effects; SSE missed = executions without create+final event on one client of nginx's stream"
                + " endpoint that resumes with Last-Event-ID; recovery = seconds from the fault until every"
                + " accepted webhook and long action has run (limit " + limit.toSeconds() + " s)");
        report.context("beside them all along: a 1 s core.st2.IntervalTimer rule running core.noop"
                + " (timer points once / due: points from the burst's start to the recovery with exactly one"
                + " execution, counted at the end of the run, since a fault may delay points by minutes); a polling sensor dispatching every 2 s (sensor silence: the longest time"
                + " without a dispatch from the fault to the count; about 2 s when its container was not hit);"
                + " and per fault " + HaLoad.LONG_ACTIONS + " long actions (sleep 20 s, then append) started just"
                + " before the fault. sensorcontainer and box kill the container (box) running the sensor");
        report.context("upgrade: a rolling upgrade of every service one box at a time while webhooks arrive at "
                + upgradeRate + "/s (deploy/local-cluster/run upgrade: SIGTERM to every service of the box, each"
                + " drains within shutdown.grace 30 s, then the same build starts as the next release"
                + " (-Dreflex.release), consumers first, each group healthy before the next; then the other box);"
                + " the service registry is read after each box; recovery counts from the start of the upgrade");
        try (StateStore store = PostgresStateStore.connect(cluster.storeUri())) {
            String token = token(store);
            ChaosPack.write(cluster.packs(), true);
            ClusterApi api = new ClusterApi(cluster.nginx(), token);
            register(api);
            HaLoad load = new HaLoad(store, HaLoad.TIMER_RULE_PREFIX + System.currentTimeMillis());
            retireTimerRules(api);
            api.post("/api/v1/rules", load.timerRule(), 201);
            Thread.sleep(10_000); // the timer leader and a sensor container pick up the new rule and sensor
            Map<Integer, Instant[]> timerWindows = new LinkedHashMap<>();
            try (StreamWatcher stream = new StreamWatcher(List.of(cluster.nginx(), cluster.nginx()), token)) {
                ChaosTally tally = new ChaosTally(store);
                for (String fault : faults.split(",")) {
                    Fault f = fault.trim().equals("upgrade")
                            ? new Fault("upgrade", webhooks, upgradeRate, limit.plus(UPGRADE_LIMIT))
                            : new Fault(fault.trim(), webhooks, rate, limit);
                    if (System.nanoTime() > runDeadline) {
                        System.err.println("[ha] " + f.name + ": row skipped: --max-minutes reached");
                        report.row(f.name, "-", "-", "-", "-", "-", "-", "-", "-", "-", "-", "not run: time limit");
                        continue;
                    }
                    if (f.name.equals("nginx") && !cluster.hasNginx()) {
                        System.err.println("[ha] nginx: row skipped: nginx is not installed (Debian package nginx)");
                        report.row(f.name, "-", "-", "-", "-", "-", "-", "-", "-", "-", "-", "skipped: no nginx");
                        continue;
                    }
                    timerWindows.put(report.rowCount(), runOne(cluster, store, tally, load, stream, api, f, report));
                    report.write(reportFile);
                }
            }
            countTimerPoints(load, timerWindows, report);
        }
        report.context("load average after: " + PipelineBenchmark.loadAverage());
        report.write(reportFile);
        System.exit(0);
    }

    /** One fault of the run and the load it runs under. */
    private record Fault(String name, int webhooks, double rate, Duration limit) {}

    /** How long the upgrade of both boxes may take, beyond the usual limit to recover. */
    private static final Duration UPGRADE_LIMIT = Duration.ofMinutes(20);

    /**
     * Fills in the timer column once the timer's effects caught up with the last window (or 3 minutes passed):
     * points of a fault's window with one effect, and those with none or several.
     */
    private static void countTimerPoints(HaLoad load, Map<Integer, Instant[]> windows, Report report)
            throws InterruptedException {
        Instant last =
                windows.values().stream().map(w -> w[1]).max(Instant::compareTo).orElse(Instant.now());
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline && load.lastPoint().isBefore(last.plusSeconds(5))) {
            Thread.sleep(2000);
        }
        windows.forEach((row, w) -> {
            HaLoad.Points p = load.points(w[0], w[1]);
            report.cell(
                    row,
                    6,
                    p.once() + " / " + p.expected()
                            + (p.once() == p.expected()
                                    ? ""
                                    : " (missed " + p.missed() + ", doubled " + p.doubled() + ")"));
        });
    }

    /** @return the window of timer points to count for this fault: from the burst's start to the recovery */
    private static Instant[] runOne(
            LocalCluster cluster,
            StateStore store,
            ChaosTally tally,
            HaLoad load,
            StreamWatcher stream,
            ClusterApi api,
            Fault f,
            Report report)
            throws Exception {
        String tag = "ha-" + f.name + "-" + UUID.randomUUID().toString().substring(0, 6);
        Path effects = cluster.dir.resolve("effects-" + tag + ".txt");
        Path longEffects = cluster.dir.resolve("effects-long-" + tag + ".txt");
        rule(api, tag, effects);
        Instant burstStart = Instant.now();
        long deadline = System.nanoTime() + f.limit.toNanos();
        WebhookSender sender = new WebhookSender(cluster.nginx() + "/api/v1/webhooks/chaos-" + tag, api.token());
        List<String> killed;
        long faultAt;
        Instant faultInstant;
        WebhookSender.Sent sent;
        String faultNotes = "";
        boolean upgrade = f.name.equals("upgrade");
        AtomicBoolean upgraded = new AtomicBoolean();
        // an upgrade's load runs until both boxes run the next release (at most the run's limit)
        int count = upgrade ? (int) (f.rate * f.limit.toSeconds()) : f.webhooks;
        try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
            Future<WebhookSender.Sent> sending =
                    pool.submit(() -> sender.send(tag, count, f.rate, 2, deadline, upgraded::get));
            for (int i = 0; i < HaLoad.LONG_ACTIONS; i++) {
                api.post("/api/v1/executions", HaLoad.longAction(longEffects, i), 201);
            }
            Thread.sleep((long) (0.4 * f.webhooks / f.rate * 1000));
            killed = upgrade ? List.of() : victims(cluster, load, f.name);
            faultAt = System.nanoTime();
            faultInstant = Instant.now();
            if (upgrade) {
                HaUpgrade.Result u = upgrade(new HaUpgrade(cluster, store, api, tag), upgraded);
                killed = u.replaced();
                faultNotes = "; " + u.notes();
            } else {
                for (String v : killed) {
                    cluster.kill(v);
                }
            }
            if (f.name.equals("nginx")) {
                Thread.sleep(3000); // as its supervisor would (systemd Restart=always, RestartSec=2)
                cluster.start("nginx");
            }
            sent = sending.get();
        }
        ChaosTally.Count c = tally.count(tag, sent.accepted(), effects, true, stream);
        HaLoad.LongRuns longRuns = HaLoad.longActions(longEffects);
        while (!(c.settled() && longRuns.settled()) && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            c = tally.count(tag, sent.accepted(), effects, true, stream);
            longRuns = HaLoad.longActions(longEffects);
        }
        boolean settled = c.settled() && longRuns.settled();
        double recovery = settled ? ChaosRun.seconds(System.nanoTime() - faultAt) : Double.NaN;
        Instant pointsTo = Instant.now();
        Thread.sleep(5000);
        c = tally.count(tag, sent.accepted(), effects, true, stream);
        longRuns = HaLoad.longActions(longEffects);
        HaLoad.Sensor sensor = load.sensor(faultInstant, Instant.now());
        restart(cluster, f.name.equals("nginx") || upgrade ? List.of() : killed);
        int once = c.sent() - c.seqs().noExecution() - c.seqs().doubleExecution();
        report.row(
                f.name,
                upgrade ? "every service, box a then box b (drained)" : String.join(" ", killed),
                sent.accepted().length + " (" + c.sent() + ")",
                once,
                c.lost(),
                c.doubled(),
                "counted at the end",
                sensor.longestSilence(),
                longRuns.once() + " / " + longRuns.lost() + " / " + longRuns.doubled(),
                c.runs().streamMissing(),
                Double.isNaN(recovery) ? "not recovered" : ChaosRun.round(recovery),
                "retried " + c.retries() + ", no effect " + c.seqs().noEffect() + "; sensor processes "
                        + sensor.processes() + (sensor.overlapped() ? " (two at once!)" : "") + "; sender: "
                        + sent.refusedConnections() + " refused, " + sent.unavailable() + " 503s, "
                        + sent.ambiguous() + " re-sent, " + sent.rejected() + " rejected" + faultNotes);
        System.err.println("[ha] " + f.name + ": sent " + c.sent() + " lost " + c.lost() + " doubled " + c.doubled()
                + " sensor " + sensor + " long " + longRuns + " recovery " + recovery);
        return new Instant[] {burstStart, pointsTo};
    }

    /** Runs the upgrade, then stops the load's sender, whatever the upgrade's outcome. */
    private static HaUpgrade.Result upgrade(HaUpgrade upgrade, AtomicBoolean done) throws Exception {
        try {
            return upgrade.run();
        } finally {
            done.set(true);
        }
    }

    /** Starts the killed processes again, all at once, and waits until each is healthy. */
    private static void restart(LocalCluster cluster, List<String> killed) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, killed.size()))) {
            List<Future<Void>> started = new ArrayList<>();
            for (String v : killed) {
                started.add(pool.submit(() -> {
                    cluster.start(v);
                    return null;
                }));
            }
            for (Future<Void> s : started) {
                s.get();
            }
        }
    }

    private static List<String> victims(LocalCluster cluster, HaLoad load, String fault) throws Exception {
        return switch (fault) {
            case "rabbit-leader" -> List.of(cluster.rabbitLeader());
            case "zk-leader" -> List.of(cluster.zooKeeperLeader());
            case "nginx" -> List.of("nginx");
            case "box" -> {
                String box = cluster.sensorContainer(load.sensorAncestors()).orElse("sensorcontainer-a");
                String suffix = box.substring(box.lastIndexOf('-'));
                yield LocalCluster.SERVICES.stream().map(s -> s + suffix).toList();
            }
            case "sensorcontainer" ->
                List.of(cluster.sensorContainer(load.sensorAncestors()).orElse("sensorcontainer-a"));
            default -> {
                if (!LocalCluster.SERVICES.contains(fault)) {
                    throw new IllegalArgumentException("unknown fault '" + fault + "'; known: " + FAULTS);
                }
                yield List.of(fault + "-a");
            }
        };
    }

    private static String token(StateStore store) {
        String token = UUID.randomUUID().toString().replace("-", "");
        store.store(Kinds.TOKEN)
                .insert(new Token(
                        Ids.newId(), "st2admin", token, Timestamps.now().plus(Duration.ofHours(12)), null, false));
        return token;
    }

    /**
     * Registers the chaos pack. 409 is accepted: the packs directory is shared, and another process may have
     * registered the new pack at the same moment (see the report: a known race of concurrent registration).
     */
    private static void register(ClusterApi api) throws Exception {
        api.post("/api/v1/packs/register", "{\"packs\": [\"chaos\"]}", 409);
    }

    /**
     * Deletes the timer rules of earlier runs: every rule on the timer's trigger would run each point once more,
     * and the points an earlier run left queued then run under this run's rule.
     */
    private static void retireTimerRules(ClusterApi api) throws Exception {
        for (JsonNode rule : Json.mapper().readTree(api.get("/api/v1/rules?pack=chaos"))) {
            if (rule.path("name").asText().startsWith(HaLoad.TIMER_RULE_PREFIX)) {
                api.delete("/api/v1/rules/" + rule.path("id").asText());
            }
        }
    }

    private static void rule(ClusterApi api, String tag, Path effects) throws Exception {
        String body = """
                {"name": "ha_%s", "pack": "chaos", "enabled": true,
                 "trigger": {"type": "core.st2.webhook", "parameters": {"url": "chaos-%s"}},
                 "action": {"ref": "%s", "parameters": {"file": "%s", "seq": "{{ trigger.body.n }}", "pause": "1"}}}""".formatted(tag.replace('-', '_'), tag, ChaosPack.APPEND_RETRY, effects);
        api.post("/api/v1/rules", body, 201);
        Thread.sleep(3000); // the rules engines re-read a trigger's rules after rulesengine.rules_cache_ttl
    }
}
