package io.reflex.bench;

import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.messages.Channels;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Query;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One scenario on the chaos cluster: a rule for a fresh webhook, a paced burst of webhooks, the fault injected
 * part-way through, then waiting until the backlog is done (every accepted webhook has an execution and
 * nothing is left to run), a settling pause for late duplicates and announcements, the count, and finally the
 * killed process started again so the next scenario meets the whole topology.
 */
final class ChaosRun {
    /** What one scenario measured. */
    record Outcome(ChaosScenario scenario, ChaosTally.Count count, double recoverySeconds, String notes) {}

    /** Settings shared by every scenario. */
    record Settings(
            int webhooks,
            double rate,
            int clients,
            double faultAt,
            Duration limit,
            Duration settle,
            double actionSeconds) {}

    private static final Duration BROKER_DOWN = Duration.ofSeconds(10);
    private static final Duration API_DOWN = Duration.ofSeconds(5);

    private final ChaosCluster cluster;
    private final StreamWatcher stream;
    private final Settings settings;
    private final ChaosTally tally;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    ChaosRun(ChaosCluster cluster, StreamWatcher stream, Settings settings) {
        this.cluster = cluster;
        this.stream = stream;
        this.settings = settings;
        this.tally = new ChaosTally(cluster.store());
    }

    Outcome run(ChaosScenario s) throws Exception {
        List<String> notes = new ArrayList<>();
        restoreTopology(notes);
        int reconnectsBefore = stream.reconnects();
        int duplicatesBefore = stream.duplicates();
        long deadline = System.nanoTime() + settings.limit().toNanos();
        Burst b = burst(s, notes, deadline);
        ChaosTally.Count c = count(b);
        while (!c.settled() && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            c = count(b);
        }
        double recovery = c.settled() ? seconds(System.nanoTime() - b.fault()) : Double.NaN;
        if (s == ChaosScenario.STREAM) {
            recovery = Math.max(recovery, seconds(stream.connectedAt() - b.fault()));
        }
        c = settle(b);
        notes.add(
                describe(c, b.sent(), stream.reconnects() - reconnectsBefore, stream.duplicates() - duplicatesBefore));
        if (!c.settled()) {
            notes.add("backlog NOT done within " + settings.limit().toSeconds() + " s");
        }
        return new Outcome(s, c, recovery, String.join("; ", notes));
    }

    /** One scenario's webhooks: their tag, effects file, what the senders did and when the fault struck. */
    private record Burst(String tag, Path effects, boolean retried, WebhookSender.Sent sent, long fault) {}

    /** A fresh rule, then the paced webhooks with the fault injected part-way through. */
    private Burst burst(ChaosScenario s, List<String> notes, long deadline) throws Exception {
        String tag = s.label + "-" + UUID.randomUUID().toString().substring(0, 8);
        Path effects = cluster.dir.resolve("effects-" + tag + ".txt");
        rule(tag, s.retried ? ChaosPack.APPEND_RETRY : ChaosPack.APPEND, effects);
        WebhookSender sender = new WebhookSender(cluster.url("api") + "/api/v1/webhooks/chaos-" + tag, cluster.token());
        try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
            Future<WebhookSender.Sent> sending = pool.submit(
                    () -> sender.send(tag, settings.webhooks(), settings.rate(), settings.clients(), deadline));
            Thread.sleep((long) (settings.faultAt() * settings.webhooks() / settings.rate() * 1000));
            long fault = System.nanoTime();
            notes.add(inject(s, tag));
            return new Burst(tag, effects, s.retried, sending.get(), fault);
        }
    }

    /**
     * The count after the settling pause (late duplicates show), once completion announcements and stream
     * events have caught up or 20 s more have passed.
     */
    private ChaosTally.Count settle(Burst b) throws InterruptedException {
        Thread.sleep(settings.settle().toMillis());
        ChaosTally.Count c = count(b);
        for (long end = System.nanoTime() + 20_000_000_000L;
                (c.runs().unannounced() > 0 || c.runs().streamMissing() > 0) && System.nanoTime() < end; ) {
            Thread.sleep(1000);
            c = count(b);
        }
        return c;
    }

    private ChaosTally.Count count(Burst b) {
        return tally.count(b.tag(), b.sent().accepted(), b.effects(), b.retried(), stream);
    }

    /** Injects the scenario's fault; returns what was done, for the notes. */
    private String inject(ChaosScenario s, String tag) throws Exception {
        return switch (s) {
            case NONE -> "no fault";
            case RULESENGINE -> killed("rulesengine-1");
            case NOTIFIER -> killed("notifier-1");
            case ACTIONRUNNER, ACTIONRUNNER_RETRY -> killed(busiestRunner(tag));
            case STREAM -> killed("stream-" + (stream.current() + 1));
            case API -> {
                long t = System.nanoTime();
                cluster.kill("api");
                Thread.sleep(API_DOWN.toMillis());
                cluster.restart("api");
                yield "api down " + round(seconds(System.nanoTime() - t)) + " s (restart included)";
            }
            case BROKER -> {
                long t = System.nanoTime();
                cluster.broker.kill();
                Thread.sleep(BROKER_DOWN.toMillis());
                cluster.broker.restart();
                yield "broker down " + round(seconds(System.nanoTime() - t)) + " s (restart included)";
            }
            case RABBIT_NODE -> {
                long t = System.nanoTime();
                int node = cluster.rabbits.killLeaderOf(Channels.TRIGGER_INSTANCES.name());
                Thread.sleep(BROKER_DOWN.toMillis());
                cluster.rabbits.restart(node);
                yield "rabbit node " + node + " (leader of " + Channels.TRIGGER_INSTANCES.name() + ") down "
                        + round(seconds(System.nanoTime() - t)) + " s (restart included)";
            }
            case ZK_NODE -> {
                long t = System.nanoTime();
                int server = cluster.ensemble().killLeader();
                Thread.sleep(BROKER_DOWN.toMillis());
                cluster.ensemble().launch(server);
                yield "zookeeper leader " + server + " down " + round(seconds(System.nanoTime() - t))
                        + " s (restart included)";
            }
            case BOX -> {
                for (String instance : ChaosCluster.BOX_2) {
                    cluster.kill(instance);
                }
                yield "killed " + String.join(" ", ChaosCluster.BOX_2);
            }
        };
    }

    private String killed(String instance) throws InterruptedException {
        long pid = cluster.pid(instance);
        cluster.kill(instance);
        return "killed " + instance + " (pid " + pid + ")";
    }

    /** The runner instance holding most running executions of the tag (actionrunner-1 when none runs yet). */
    private String busiestRunner(String tag) {
        Map<String, Long> byInstance = cluster
                .store()
                .executions()
                .find(Query.of(Filter.and(
                        Filter.eq("trigger_instance.payload.body.tag", tag),
                        Filter.eq("status", ExecutionStatus.RUNNING.wire()))))
                .stream()
                .map(Execution::runnerInfo)
                .filter(Objects::nonNull)
                .map(r -> cluster.instanceOf(r.pid()))
                .filter(Objects::nonNull)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        return byInstance.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .orElse("actionrunner-1");
    }

    /** Starts every instance that is not running and waits (bounded) until every one is healthy. */
    private void restoreTopology(List<String> notes) throws Exception {
        for (String instance : ChaosCluster.INSTANCES) {
            if (!cluster.alive(instance)) {
                cluster.restart(instance);
            }
        }
        long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!cluster.healthy() && System.nanoTime() < end) {
            Thread.sleep(1000);
        }
        List<String> sick = ChaosCluster.INSTANCES.stream()
                .filter(i -> cluster.health(i) != 200)
                .toList();
        if (!sick.isEmpty()) {
            notes.add("not healthy at start: " + String.join(",", sick));
        }
    }

    private void rule(String tag, String action, Path effects) throws Exception {
        String body = """
                {"name": "chaos_%s", "pack": "chaos", "enabled": true,
                 "trigger": {"type": "core.st2.webhook", "parameters": {"url": "chaos-%s"}},
                 "action": {"ref": "%s", "parameters": {"file": "%s", "seq": "{{ trigger.body.n }}", "pause": "%s"}}}""".formatted(tag.replace('-', '_'), tag, action, effects, settings.actionSeconds());
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(cluster.url("api") + "/api/v1/rules"))
                        .header("X-Auth-Token", cluster.token())
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("rule not created: HTTP " + r.statusCode() + " " + r.body());
        }
        // the rules engines re-read the rules of a trigger after rulesengine.rules_cache_ttl (2 s)
        Thread.sleep(3000);
    }

    private static String describe(ChaosTally.Count c, WebhookSender.Sent sent, int reconnects, int duplicateIds) {
        ChaosTally.Seqs q = c.seqs();
        ChaosTally.Runs r = c.runs();
        return "no execution " + q.noExecution() + ", no effect " + q.noEffect() + ", 2+ executions "
                + q.doubleExecution() + ", 2+ effects " + q.doubleEffect() + "; abandoned " + r.abandoned()
                + ", retries " + c.retries() + ", not succeeded " + r.notSucceeded()
                + "; completions unannounced " + r.unannounced() + ", announced twice " + r.announcedTwice()
                + "; SSE: " + r.streamMissing() + " of " + c.total() + " executions without create+final event, "
                + duplicateIds + " duplicate ids, " + reconnects + " reconnects; sender: "
                + sent.refusedConnections() + " refused connections, " + sent.unavailable() + " 503s, "
                + sent.ambiguous() + " unanswered (re-sent), " + sent.rejected() + " rejected, "
                + (sent.accepted().length - sent.count()) + " never accepted";
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }

    static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
