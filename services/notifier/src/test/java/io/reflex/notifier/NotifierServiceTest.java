package io.reflex.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.messages.Channels.TriggerDispatch;
import io.reflex.core.store.Ids;
import io.reflex.runtime.backend.Backends;
import io.reflex.runtime.config.Config;
import io.reflex.runtime.config.ConfigException;
import io.reflex.runtime.config.ConfigLoader;
import io.reflex.runtime.service.ServiceRunner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notifier service as it runs in production, assembled by ServiceRunner on the embedded backends (Qpid
 * Broker-J, mongo-java-server, ZooKeeper) and talked to over real sockets: the test plays the API and a
 * runner that dies, and reads what the notifier sent on the bus.
 */
class NotifierServiceTest {
    @TempDir
    static Path dataDir;

    private static ServiceRunner.Running running;
    private static Backends backends;
    private static NotifierFixture fx;

    @BeforeAll
    static void start() throws Exception {
        running = ServiceRunner.start(List.of(new NotifierService()), config(Map.of()));
        backends = Backends.open(running.config(), "notifier-test");
        fx = new NotifierFixture(backends.store(), backends.bus()).recordDispatches();
    }

    private static Config config(Map<String, String> extra) {
        Map<String, String> flags = new HashMap<>();
        flags.put("data_dir", dataDir.toString());
        flags.put("notifier.port", "0");
        flags.put("notifier.reap_interval", "200ms");
        flags.putAll(extra);
        return ConfigLoader.load(null, Map.of(), flags);
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
        if (backends != null) {
            backends.close();
        }
        if (running != null) {
            running.close();
        }
    }

    private static Execution stored(String id) {
        return backends.store().executions().get(id).orElseThrow();
    }

    @Test
    void runnerThatDiesLeavesAnAbandonedExecutionThatIsNotifiedAndRetried() {
        fx.notifyOn(
                NotifierFixture.ACTION,
                "{'on-failure': {'routes': ['slack'], 'message': 'lost {{ action_parameters.target }}'}}");
        fx.retryPolicy("retry_abandoned", "{'retry_on': 'abandoned', 'max_retry_count': 1}");
        String id = fx.launch("{'target': 'web1', 'password': 'hunter22'}").id();
        fx.run(id, Timestamps.now().minusSeconds(1));

        await().atMost(Duration.ofSeconds(20)).until(() -> stored(id).status() == ExecutionStatus.ABANDONED);
        assertThat(stored(id).result().get("error").asText()).contains("runner lease");
        String retry = Ids.derived("retry", id, "1");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> backends.store().executions().get(retry).isPresent());
        assertThat(stored(retry)
                        .context()
                        .json()
                        .at("/policies/retry/retried_liveaction_id")
                        .asText())
                .isEqualTo(id);
        String actionTrigger = Ids.derived("actiontrigger", id);
        String notify = Ids.derived("notify", id, "on-failure", "slack");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> fx.dispatchIds().containsAll(List.of(actionTrigger, notify)));

        TriggerDispatch at = dispatch(actionTrigger);
        assertThat(at.trigger()).isEqualTo("core.st2.generic.actiontrigger");
        assertThat(at.payload().get("status").asText()).isEqualTo("abandoned");
        assertThat(at.payload().at("/parameters/password").asText()).isEqualTo("********");
        TriggerDispatch nt = dispatch(notify);
        assertThat(nt.payload().get("message").asText()).isEqualTo("lost web1");
        assertThat(nt.payload().get("route").asText()).isEqualTo("slack");
        assertThat(nt.payload().at("/data/result").asText()).contains("runner lease");
    }

    @Test
    void executionCompletedByARunnerFiresItsActionTrigger() {
        Execution e = fx.finish(fx.launch("{'target': 'web2'}").id(), ExecutionStatus.SUCCEEDED, "{'stdout': 'ok'}");

        String id = Ids.derived("actiontrigger", e.id());
        await().atMost(Duration.ofSeconds(20)).until(() -> fx.dispatchIds().contains(id));
        assertThat(dispatch(id).payload().get("result")).isEqualTo(NotifierFixture.json("{'stdout': 'ok'}"));
        assertThat(dispatch(id).occurrenceTime()).isEqualTo(stored(e.id()).endTimestamp());
    }

    @Test
    void healthEndpointReportsTheBackends() throws Exception {
        String url = running.endpoints().get(0).url() + "/healthz";
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = Json.read(r.body(), JsonNode.class);
        assertThat(body.get("service").asText()).isEqualTo("notifier");
        assertThat(body.at("/checks/bus/status").asText()).isEqualTo("up");
        assertThat(body.at("/checks/store/status").asText()).isEqualTo("up");
        assertThat(body.at("/checks/coordinator/status").asText()).isEqualTo("up");
    }

    @Test
    void unknownStatusInEmitWhenIsAConfigurationError() {
        Config bad = config(Map.of("notifier.emit_when", "succeeded,running"));

        assertThatThrownBy(() -> NotifierSettings.from(bad))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("notifier.emit_when")
                .hasMessageContaining("'running' is not a completed status");
    }

    private static TriggerDispatch dispatch(String id) {
        return fx.dispatches.stream()
                .filter(d -> d.triggerInstanceId().equals(id))
                .findFirst()
                .orElseThrow();
    }
}
