package io.reflex.rulesengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.bus.Subscription;
import io.reflex.core.execution.Execution;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.TriggerDispatch;
import io.reflex.core.model.Rule;
import io.reflex.core.model.TriggerInstance;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.executions.ExecutionViews;
import io.reflex.runtime.backend.Backends;
import io.reflex.runtime.config.ConfigLoader;
import io.reflex.runtime.service.ServiceRunner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules engine as production assembles it (ServiceRunner, embedded MongoDB-protocol store, AMQP broker
 * and ZooKeeper over real sockets): a dispatch published to the bus becomes a trigger instance, a rule
 * enforcement and a requested execution in StackStorm's shapes, and the request is published.
 */
class RulesEngineServiceTest {
    @TempDir
    Path dataDir;

    @Test
    void aDispatchedTriggerBecomesAnEnforcedRuleAndARequestedExecution() throws Exception {
        var config = ConfigLoader.load(null, Map.of(), Map.of("data_dir", dataDir.toString(), "rulesengine.port", "0"));
        try (ServiceRunner.Running running = ServiceRunner.start(List.of(new RulesEngineService()), config);
                Backends client = Backends.open(running.config(), "test")) {
            Seeds.content(client.store(), "it", "ping");
            Rule rule = Seeds.rule(
                    client.store(),
                    "it",
                    "it.ping",
                    "{'trigger.host': {'type': 'startswith', 'pattern': 'web'}}",
                    "echo {{ trigger.host }}");
            List<String> requested = new CopyOnWriteArrayList<>();
            try (Subscription s = client.bus()
                    .consume(
                            Channels.EXECUTIONS_REQUESTED,
                            4,
                            d -> requested.add(d.body().executionId()))) {
                TriggerDispatch d = new TriggerDispatch(
                        Ids.newId(), "it.ping", Fixture.json("{'host': 'web-1'}"), Timestamps.now(), "trace-1");
                client.bus().publish(Channels.TRIGGER_INSTANCES, d.triggerInstanceId(), d);

                String executionId = Ids.derived("execution", rule.id(), d.triggerInstanceId());
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(requested).contains(executionId));
                Execution e = client.store().executions().get(executionId).orElseThrow();
                assertExecutionShape(ExecutionViews.execution(e, new ExecutionViews.Options(true, "")), rule, d);
                // the execution is written and announced first, the enforcement last
                String enforcementId = Ids.derived("enforcement", rule.id(), d.triggerInstanceId());
                JsonNode enforcement = Json.tree(await().atMost(Duration.ofSeconds(30))
                        .until(
                                () -> client.store()
                                        .store(Kinds.RULE_ENFORCEMENT)
                                        .get(enforcementId),
                                Optional::isPresent)
                        .orElseThrow());
                assertThat(enforcement.path("execution_id").asText()).isEqualTo(executionId);
                assertThat(enforcement.path("trigger_instance_id").asText()).isEqualTo(d.triggerInstanceId());
                assertThat(enforcement.path("status").asText()).isEqualTo("succeeded");
                assertThat(enforcement.path("rule").path("uid").asText()).isEqualTo("rule:it:on_it_ping");
                assertThat(enforcement.path("enforced_at").asText())
                        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
                await().untilAsserted(() -> assertThat(client.store()
                                .store(Kinds.TRIGGER_INSTANCE)
                                .get(d.triggerInstanceId())
                                .orElseThrow()
                                .status())
                        .isEqualTo(TriggerInstance.Status.PROCESSED));
            }
            HttpResponse<String> health = health(running.endpoints().get(0).url());
            assertThat(health.statusCode()).isEqualTo(200);
            // the only rules engine leads the timers
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> Json.mapper()
                            .readTree(health(running.endpoints().get(0).url()).body())
                            .path("checks")
                            .path("timers")
                            .path("detail")
                            .asText()
                            .startsWith("leader term="));
        }
    }

    private static void assertExecutionShape(ObjectNode view, Rule rule, TriggerDispatch d) {
        assertThat(view.path("status").asText()).isEqualTo("requested");
        assertThat(view.path("action").path("ref").asText()).isEqualTo("core.local");
        assertThat(view.path("runner").path("name").asText()).isEqualTo("local-shell-cmd");
        assertThat(view.path("parameters")).isEqualTo(Fixture.json("{'cmd': 'echo web-1'}"));
        assertThat(view.path("liveaction").path("parameters")).isEqualTo(Fixture.json("{'cmd': 'echo web-1'}"));
        assertThat(view.path("context").path("rule"))
                .isEqualTo(Fixture.json("{'id': '" + rule.id() + "', 'name': 'on_it_ping'}"));
        assertThat(view.path("context").path("trigger_instance").path("id").asText())
                .isEqualTo(d.triggerInstanceId());
        assertThat(view.path("context").path("user").asText()).isEqualTo("stanley");
        assertThat(view.path("context").path("trace_context").path("trace_tag").asText())
                .isEqualTo("trace-1");
        assertThat(view.path("rule").path("ref").asText()).isEqualTo("it.on_it_ping");
        assertThat(view.path("trigger").path("ref").asText()).isEqualTo("it.ping");
        assertThat(view.path("trigger_type").path("ref").asText()).isEqualTo("it.ping");
        assertThat(view.path("trigger_instance").path("payload")).isEqualTo(Fixture.json("{'host': 'web-1'}"));
        assertThat(view.path("trigger_instance").path("occurrence_time").asText())
                .isEqualTo(Timestamps.format(d.occurrenceTime()));
        assertThat(view.path("log").get(0).path("status").asText()).isEqualTo("requested");
    }

    private static HttpResponse<String> health(String base) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
