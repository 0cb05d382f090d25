package io.reflex.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * "Nothing lost, nothing doubled": the kill matrix. Nine service JVMs (api, two rules engines, two action
 * runners, two notifiers, two stream processes) on a RabbitMQ node of the benchmark's own ({@link
 * ChaosCluster}); per scenario ({@link ChaosScenario}) a paced burst of webhooks, each fired rule running an
 * action that appends the webhook's sequence number to a file, with one process (or the broker) SIGKILLed
 * part-way through. Per scenario: webhooks accepted, executions created, accepted webhooks without an effect
 * or execution (lost), with more than one (doubled), and the seconds from the fault until the backlog is done;
 * plus completion announcements ({@code core.st2.generic.actiontrigger}) per execution and what one SSE client
 * saw. The cluster is shared; a killed process is started again before the next scenario.
 *
 * <pre>
 * bin/bench chaos [--webhooks 200] [--rate 10] [--clients 4] [--scenarios all|none,rulesengine,...,rabbit-node,zk-node,box]
 *                 [--fault-at 0.4] [--limit-seconds 150] [--settle-seconds 5] [--lease-seconds 15]
 *                 [--action-seconds 1]
 *                 [--report benchmarks/reports/chaos.md]
 * </pre>
 */
public final class ChaosBenchmark {
    /** Settings of one run. */
    record Options(
            int webhooks,
            double rate,
            int clients,
            List<ChaosScenario> scenarios,
            double faultAt,
            Duration limit,
            Duration settle,
            Duration leaseTtl,
            double actionSeconds,
            Path packs,
            Path report) {}

    private ChaosBenchmark() {}

    public static void main(String[] args) throws Exception {
        Args a = new Args("chaos", args);
        Options options = new Options(
                a.intValue("--webhooks", 200),
                Double.parseDouble(a.value("--rate", "10")),
                a.intValue("--clients", 4),
                ChaosScenario.parse(a.value("--scenarios", "all")),
                Double.parseDouble(a.value("--fault-at", "0.4")),
                Duration.ofSeconds(a.intValue("--limit-seconds", 150)),
                Duration.ofSeconds(a.intValue("--settle-seconds", 5)),
                Duration.ofSeconds(a.intValue("--lease-seconds", 15)),
                Double.parseDouble(a.value("--action-seconds", "1")),
                Path.of(a.value("--packs", Files.isDirectory(Path.of("packs/core")) ? "packs" : "../packs")),
                Path.of(a.value("--report", "benchmarks/reports/chaos.md")));
        if (!a.ready()) {
            return;
        }
        run(options);
        System.exit(0);
    }

    static List<ChaosRun.Outcome> run(Options o) throws Exception {
        Report report = new Report(
                "Chaos: nothing lost, nothing doubled",
                "scenario",
                "fault",
                "sent (accepted)",
                "created (executions)",
                "lost",
                "doubled",
                "recovery (s)",
                "notes");
        boolean replicated = o.scenarios().stream().anyMatch(s -> s.needsReplicas);
        describe(report, o, replicated);
        report.context("machine: " + PipelineBenchmark.machine() + "; load average (1, 5, 15 min) before the run: "
                + PipelineBenchmark.loadAverage());
        List<ChaosRun.Outcome> out = new ArrayList<>();
        long t0 = System.nanoTime();
        try (ChaosCluster cluster = ChaosCluster.start(o.packs(), o.leaseTtl(), replicated);
                StreamWatcher stream =
                        new StreamWatcher(List.of(cluster.url("stream-1"), cluster.url("stream-2")), cluster.token())) {
            report.context("cluster started in " + Math.round(ChaosRun.seconds(System.nanoTime() - t0)) + " s");
            ChaosRun runs = new ChaosRun(
                    cluster,
                    stream,
                    new ChaosRun.Settings(
                            o.webhooks(),
                            o.rate(),
                            o.clients(),
                            o.faultAt(),
                            o.limit(),
                            o.settle(),
                            o.actionSeconds()));
            for (ChaosScenario s : o.scenarios()) {
                ChaosRun.Outcome r = runs.run(s);
                out.add(r);
                ChaosTally.Count c = r.count();
                report.row(
                        s.label,
                        s.fault,
                        c.sent(),
                        c.created(),
                        c.lost(),
                        c.doubled(),
                        Double.isNaN(r.recoverySeconds()) ? "not recovered" : ChaosRun.round(r.recoverySeconds()),
                        r.notes());
            }
        }
        report.context("whole run " + Math.round(ChaosRun.seconds(System.nanoTime() - t0))
                + " s; load average (1, 5, 15 min) after the run: " + PipelineBenchmark.loadAverage()
                + " — other work on this machine shares its cores");
        report.write(o.report());
        return out;
    }

    private static void describe(Report report, Options o, boolean replicated) {
        report.context("services: api, rulesengine ×2, actionrunner ×2 (concurrency 16, lease_ttl "
                + o.leaseTtl().toSeconds() + " s), notifier ×2 (reap_interval 1 s, requeue_after 20 s), stream ×2,"
                + " each its own JVM (" + String.join(" ", io.reflex.testing.ServiceProcess.defaultJvmOptions())
                + "), coordination session timeout 6 s; "
                + (replicated
                        ? "bus: a 3-node RabbitMQ cluster of the benchmark's own (quorum queues on all three);"
                                + " coordination: a 3-server ZooKeeper ensemble; store: mongo-java-server in the"
                                + " benchmark JVM; box 2 = the instances numbered 2; all on loopback"
                        : "bus: a RabbitMQ node of the benchmark's own (killable); store: mongo-java-server and"
                                + " ZooKeeper in the benchmark JVM, all on loopback"));
        report.context("workload per scenario: a fresh rule on a fresh webhook, " + o.webhooks()
                + " webhooks {tag, n} paced at " + o.rate() + "/s from " + o.clients() + " senders; the action"
                + " (local-shell-script, positional arguments) sleeps " + o.actionSeconds()
                + " s and appends n to a file: effects per n"
                + " must be 1. The fault is injected " + Math.round(o.faultAt() * 100) + " % into the burst");
        report.context("sent: webhooks answered 202 (senders re-send on connection refused, 503/429 after"
                + " Retry-After, and on no answer); created: original executions (retries not included); lost:"
                + " accepted webhooks with no execution, or with no effect while no execution of theirs reports a"
                + " failure (an execution that ends abandoned because its runner died, with its action's"
                + " process tree, is reported, and shows under no effect, not lost); doubled: with 2+ executions or 2+ effects;"
                + " recovery: seconds from the fault until every accepted webhook has an execution and nothing is"
                + " left to run (for the stream scenario: or until the SSE client is reconnected, the later);"
                + " limit " + o.limit().toSeconds() + " s, then " + o.settle().toSeconds() + " s of settling"
                + " before the count; the control row (no fault) gives the floor of recovery: the rest of the burst"
                + " after the fault point plus the pipeline's lag");
        report.context("notes: completion announcements = core.st2.generic.actiontrigger instances in the store"
                + " per execution (a re-announcement carries the same trigger-instance id, so duplicates show as"
                + " none; missing ones show); SSE: one client on /stream/v1/stream for st2.execution__create and"
                + " __update, moving to the other stream process with Last-Event-ID when its connection ends;"
                + " an execution counts as seen when its create and a completed-status update arrived");
    }
}
