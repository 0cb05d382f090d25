package io.reflex.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.json.Json;
import io.reflex.testing.ServiceProcess;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The webhook pipeline of docs/architecture.md, with api, rulesengine, actionrunner and notifier each its own process on the real
 * RabbitMQ: a webhook posted to the API fires a rule, {@code core.local} runs and succeeds with StackStorm's
 * local-shell result, and the notifier's {@code core.st2.generic.actiontrigger} for it follows.
 */
@ExtendWith(ClusterExtension.class)
class WebhookToActionTriggerTest {
    static Cluster cluster;
    static ServiceProcess runner;
    static Executions executions;

    @BeforeAll
    static void start(Cluster c) throws Exception {
        cluster = c;
        executions = new Executions(c.api());
        runner = c.startRunner("runner-webhook", Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (runner != null) {
            runner.close();
        }
    }

    @Test
    void aWebhookFiresTheRuleWhoseLocalCommandSucceedsAndAnActionTriggerFollows() {
        String run = "r" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String rule = "on_sample_" + run;
        var created =
                cluster.api().post("/api/v1/rules", """
                {"name": "%s", "pack": "default", "enabled": true, "description": "e2e webhook rule",
                 "trigger": {"type": "core.st2.webhook", "parameters": {"url": "sample"}},
                 "criteria": {"trigger.body.run": {"type": "equals", "pattern": "%s"}},
                 "action": {"ref": "core.local", "parameters": {"cmd": "echo {{ trigger.body.x }}"}}}""".formatted(rule, run)).requireStatus(201, "rule creation");
        assertThat(created.json().path("enabled").asBoolean()).isTrue();

        var posted = cluster.api()
                .post("/api/v1/webhooks/sample", "{\"x\": \"hello-" + run + "\", \"run\": \"" + run + "\"}")
                .requireStatus(202, "webhook");
        assertThat(posted.json().path("run").asText()).isEqualTo(run);

        String id = awaitExecutionOf(rule);
        JsonNode e = executions.awaitCompleted(id);
        assertThat(e.path("status").asText()).as(e.toString()).isEqualTo("succeeded");
        assertThat(e.path("result"))
                .isEqualTo(Json.read(
                        "{\"failed\": false, \"succeeded\": true, \"return_code\": 0, \"stdout\": \"hello-" + run
                                + "\", \"stderr\": \"\"}",
                        JsonNode.class));
        assertThat(e.path("action").path("ref").asText()).isEqualTo("core.local");
        assertThat(e.path("rule").path("name").asText()).isEqualTo(rule);
        assertThat(e.path("trigger").path("type").asText()).isEqualTo("core.st2.webhook");
        assertThat(cluster.store()
                        .executions()
                        .get(id)
                        .orElseThrow()
                        .runnerInfo()
                        .pid())
                .as("run by the runner process")
                .isEqualTo(runner.pid());

        JsonNode instance =
                processedTriggerInstance(e.path("trigger_instance").path("id").asText());
        assertThat(instance.at("/payload/body/x").asText()).isEqualTo("hello-" + run);

        JsonNode actionTrigger = awaitActionTrigger(id);
        assertThat(actionTrigger.path("trigger").asText()).isEqualTo("core.st2.generic.actiontrigger");
        assertThat(actionTrigger.at("/payload/status").asText()).isEqualTo("succeeded");
        assertThat(actionTrigger.at("/payload/action_ref").asText()).isEqualTo("core.local");
        assertThat(actionTrigger.at("/payload/runner_ref").asText()).isEqualTo("local-shell-cmd");
        assertThat(actionTrigger.at("/payload/result/stdout").asText()).isEqualTo("hello-" + run);
    }

    /** The id of the execution the rule created, once the rules engine created it. */
    private String awaitExecutionOf(String rule) {
        AtomicReference<JsonNode> list = new AtomicReference<>();
        await("execution of rule " + rule)
                .atMost(Executions.PATIENCE)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    list.set(
                            cluster.api().get("/api/v1/executions?rule=" + rule).json());
                    return list.get() != null && list.get().size() > 0;
                });
        assertThat(list.get()).as("one execution per webhook").hasSize(1);
        return list.get().get(0).path("id").asText();
    }

    private JsonNode processedTriggerInstance(String id) {
        AtomicReference<JsonNode> got = new AtomicReference<>();
        await("trigger instance " + id + " processed")
                .atMost(Executions.PATIENCE)
                .until(() -> {
                    got.set(cluster.api().get("/api/v1/triggerinstances/" + id).json());
                    return got.get().path("status").asText().equals("processed");
                });
        return got.get();
    }

    /** The stored action trigger instance naming {@code executionId} (the rules engine stores what the notifier emits). */
    private JsonNode awaitActionTrigger(String executionId) {
        AtomicReference<JsonNode> found = new AtomicReference<>();
        await("core.st2.generic.actiontrigger for " + executionId)
                .atMost(Executions.PATIENCE)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    JsonNode all = cluster.api()
                            .get("/api/v1/triggerinstances?trigger=core.st2.generic.actiontrigger&limit=100")
                            .json();
                    for (JsonNode t : all) {
                        if (t.at("/payload/execution_id").asText().equals(executionId)) {
                            found.set(t);
                            return true;
                        }
                    }
                    return false;
                });
        return found.get();
    }
}
