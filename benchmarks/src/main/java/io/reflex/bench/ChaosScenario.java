package io.reflex.bench;

import java.util.Arrays;
import java.util.List;

/**
 * The faults of the chaos benchmark, one per scenario, each injected while a burst of webhooks is on its way.
 * The node and box losses need the replicated cluster (three RabbitMQ nodes, a ZooKeeper ensemble), which a
 * run starts when one of its scenarios needs it; {@code all} is every scenario of the single cluster.
 */
enum ChaosScenario {
    NONE("none", "no fault (control)", false),
    RULESENGINE("rulesengine", "SIGKILL rulesengine-1", false),
    ACTIONRUNNER("actionrunner", "SIGKILL the runner holding most running executions, no retry policy", false),
    ACTIONRUNNER_RETRY(
            "actionrunner-retry",
            "SIGKILL the runner holding most running executions, action.retry retry_on: abandoned",
            true),
    NOTIFIER("notifier", "SIGKILL notifier-1", false),
    API("api", "SIGKILL the api, restarted 5 s later (senders re-send refused webhooks)", false),
    STREAM("stream", "SIGKILL the stream process the SSE client is on (it resumes on the other)", false),
    BROKER("broker", "SIGKILL RabbitMQ, restarted 10 s later (senders honour 503 Retry-After)", false),
    RABBIT_NODE(
            "rabbit-node",
            "SIGKILL the RabbitMQ node leading the trigger-instance queue, restarted 10 s later",
            false,
            true),
    ZK_NODE("zk-node", "SIGKILL the ZooKeeper leader, restarted 10 s later", false, true),
    BOX(
            "box",
            "SIGKILL box 2 at once (rulesengine-2, actionrunner-2, notifier-2, stream-2), action.retry on abandoned",
            true,
            true);

    final String label;
    final String fault;
    final boolean retried;
    final boolean needsReplicas;

    ChaosScenario(String label, String fault, boolean retried) {
        this(label, fault, retried, false);
    }

    ChaosScenario(String label, String fault, boolean retried, boolean needsReplicas) {
        this.label = label;
        this.fault = fault;
        this.retried = retried;
        this.needsReplicas = needsReplicas;
    }

    /** Scenarios by label, comma-separated; {@code all} for every one. */
    static List<ChaosScenario> parse(String labels) {
        if (labels.equals("all")) {
            return Arrays.stream(values()).filter(s -> !s.needsReplicas).toList();
        }
        return Arrays.stream(labels.split(","))
                .map(String::trim)
                .map(l -> Arrays.stream(values())
                        .filter(s -> s.label.equals(l))
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("unknown scenario '" + l + "'; known: "
                                + String.join(
                                        ",",
                                        Arrays.stream(values())
                                                .map(s -> s.label)
                                                .toList()))))
                .toList();
    }
}
