package io.reflex.bench;

import java.util.Arrays;
import java.util.List;

/** The faults of the chaos benchmark, one per scenario, each injected while a burst of webhooks is on its way. */
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
    BROKER("broker", "SIGKILL RabbitMQ, restarted 10 s later (senders honour 503 Retry-After)", false);

    final String label;
    final String fault;
    final boolean retried;

    ChaosScenario(String label, String fault, boolean retried) {
        this.label = label;
        this.fault = fault;
        this.retried = retried;
    }

    /** Scenarios by label, comma-separated; {@code all} for every one. */
    static List<ChaosScenario> parse(String labels) {
        if (labels.equals("all")) {
            return List.of(values());
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
