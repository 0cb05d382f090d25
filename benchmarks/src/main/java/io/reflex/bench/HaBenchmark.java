package io.reflex.bench;

import io.reflex.core.json.Timestamps;
import io.reflex.core.model.Token;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import io.reflex.postgres.PostgresStateStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Chaos on the HA reference topology ({@code deploy/local-cluster/run up}): per fault, a paced burst of
 * webhooks through nginx, each fired rule running {@code chaos.append} (the chaos benchmark's action that
 * sleeps, then appends the webhook's number to a file), with the fault injected part-way through; then the
 * count of the chaos benchmark ({@link ChaosTally}) from the PostgreSQL store, the effects file and one SSE
 * client on nginx's stream endpoint. A killed process is started again (through the same script) before the
 * next fault.
 *
 * <pre>
 * bin/bench ha [--cluster-dir /tmp/reflex-local-cluster] [--port-base 27100] [--webhooks 30] [--rate 3]
 *              [--faults rabbit-leader,zk-leader,auth,api,...,box] [--limit-seconds 120]
 *              [--report benchmarks/reports/ha.md]
 * </pre>
 */
public final class HaBenchmark {
    static final List<String> FAULTS = List.of(
            "rabbit-leader",
            "zk-leader",
            "auth",
            "api",
            "stream",
            "rulesengine",
            "actionrunner",
            "notifier",
            "sensorcontainer",
            "gc",
            "box");

    private HaBenchmark() {}

    public static void main(String[] args) throws Exception {
        Args a = new Args(args);
        Path dir = Path.of(a.value("--cluster-dir", "/tmp/reflex-local-cluster"));
        LocalCluster cluster =
                new LocalCluster(Path.of("deploy/local-cluster/run"), dir, a.intValue("--port-base", 27100));
        String faults = a.value("--faults", String.join(",", FAULTS));
        int webhooks = a.intValue("--webhooks", 30);
        double rate = Double.parseDouble(a.value("--rate", "3"));
        Duration limit = Duration.ofSeconds(a.intValue("--limit-seconds", 120));
        Report report = new Report(
                "HA: chaos on the local cluster",
                "fault",
                "killed",
                "webhooks sent (accepted)",
                "executed once",
                "lost",
                "doubled",
                "SSE missed",
                "recovery (s)",
                "notes");
        report.context("topology: deploy/local-cluster (RabbitMQ ×3, ZooKeeper ×3, PostgreSQL, two of every Reflex"
                + " service, nginx) on one host; machine: " + PipelineBenchmark.machine() + "; load average before: "
                + PipelineBenchmark.loadAverage());
        report.context("per fault: " + webhooks + " webhooks {tag, n} through nginx at " + rate + "/s, the fault"
                + " injected 40 % into the burst; the action sleeps 1 s and appends n to a file. Counted as in"
                + " bin/bench chaos (ChaosTally): lost = accepted without execution or effect, doubled = 2+"
                + " executions or effects; SSE missed = executions without create+final event on one client of"
                + " nginx's stream endpoint that resumes with Last-Event-ID; recovery = seconds from the fault"
                + " until every accepted webhook has run (limit " + limit.toSeconds() + " s)");
        try (StateStore store = PostgresStateStore.connect(cluster.storeUri())) {
            String token = token(store);
            ChaosPack.write(cluster.packs());
            register(cluster, token);
            try (StreamWatcher stream = new StreamWatcher(List.of(cluster.nginx(), cluster.nginx()), token)) {
                ChaosTally tally = new ChaosTally(store);
                for (String fault : faults.split(",")) {
                    runOne(cluster, tally, stream, token, fault.trim(), webhooks, rate, limit, report);
                    report.write(Path.of(a.value("--report", "benchmarks/reports/ha.md")));
                }
            }
        }
        report.context("load average after: " + PipelineBenchmark.loadAverage());
        report.write(Path.of(a.value("--report", "benchmarks/reports/ha.md")));
        System.exit(0);
    }

    private static void runOne(
            LocalCluster cluster,
            ChaosTally tally,
            StreamWatcher stream,
            String token,
            String fault,
            int webhooks,
            double rate,
            Duration limit,
            Report report)
            throws Exception {
        String tag = "ha-" + fault + "-" + UUID.randomUUID().toString().substring(0, 6);
        Path effects = cluster.dir.resolve("effects-" + tag + ".txt");
        rule(cluster, token, tag, effects);
        long deadline = System.nanoTime() + limit.toNanos();
        WebhookSender sender = new WebhookSender(cluster.nginx() + "/api/v1/webhooks/chaos-" + tag, token);
        List<String> killed;
        long faultAt;
        WebhookSender.Sent sent;
        try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
            Future<WebhookSender.Sent> sending = pool.submit(() -> sender.send(tag, webhooks, rate, 2, deadline));
            Thread.sleep((long) (0.4 * webhooks / rate * 1000));
            faultAt = System.nanoTime();
            killed = victims(cluster, fault);
            for (String v : killed) {
                cluster.kill(v);
            }
            sent = sending.get();
        }
        ChaosTally.Count c = tally.count(tag, sent.accepted(), effects, false, stream);
        while (!c.settled() && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            c = tally.count(tag, sent.accepted(), effects, false, stream);
        }
        double recovery = c.settled() ? ChaosRun.seconds(System.nanoTime() - faultAt) : Double.NaN;
        Thread.sleep(5000);
        c = tally.count(tag, sent.accepted(), effects, false, stream);
        for (String v : killed) {
            cluster.start(v);
        }
        int once = c.sent() - c.seqs().noExecution() - c.seqs().doubleExecution();
        report.row(
                fault,
                String.join(" ", killed),
                webhooks + " (" + c.sent() + ")",
                once,
                c.lost(),
                c.doubled(),
                c.runs().streamMissing(),
                Double.isNaN(recovery) ? "not recovered" : ChaosRun.round(recovery),
                "no execution " + c.seqs().noExecution() + ", no effect "
                        + c.seqs().noEffect() + ", abandoned "
                        + c.runs().abandoned() + "; sender: " + sent.refusedConnections() + " refused, "
                        + sent.unavailable() + " 503s, " + sent.ambiguous() + " re-sent");
        System.err.println("[ha] " + fault + ": sent " + c.sent() + " lost " + c.lost() + " doubled " + c.doubled()
                + " recovery " + recovery);
    }

    private static List<String> victims(LocalCluster cluster, String fault) throws Exception {
        return switch (fault) {
            case "rabbit-leader" -> List.of(cluster.rabbitLeader());
            case "zk-leader" -> List.of(cluster.zooKeeperLeader());
            case "box" -> LocalCluster.SERVICES.stream().map(s -> s + "-a").toList();
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

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /**
     * Registers the chaos pack. 409 is accepted: the packs directory is shared, and another process may have
     * registered the new pack at the same moment (see the report: a known race of concurrent registration).
     */
    private static void register(LocalCluster cluster, String token) throws Exception {
        post(cluster, token, "/api/v1/packs/register", "{\"packs\": [\"chaos\"]}", 409);
    }

    private static void rule(LocalCluster cluster, String token, String tag, Path effects) throws Exception {
        String body = """
                {"name": "ha_%s", "pack": "chaos", "enabled": true,
                 "trigger": {"type": "core.st2.webhook", "parameters": {"url": "chaos-%s"}},
                 "action": {"ref": "%s", "parameters": {"file": "%s", "seq": "{{ trigger.body.n }}", "pause": "1"}}}""".formatted(tag.replace('-', '_'), tag, ChaosPack.APPEND, effects);
        post(cluster, token, "/api/v1/rules", body, 201);
        Thread.sleep(3000); // the rules engines re-read a trigger's rules after rulesengine.rules_cache_ttl
    }

    private static void post(LocalCluster cluster, String token, String path, String body, int expected)
            throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(cluster.nginx() + path))
                        .header("X-Auth-Token", token)
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected && r.statusCode() >= 300) {
            throw new IllegalStateException("POST " + path + ": HTTP " + r.statusCode() + " " + r.body());
        }
    }
}
