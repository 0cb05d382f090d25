package io.reflex.api.executions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.api.ApiTestServer;
import io.reflex.core.bus.Subscription;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.messages.Channels;
import io.reflex.core.model.Action;
import io.reflex.core.model.Pack;
import io.reflex.core.model.PackConfig;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.rabbitmq.RabbitBusConfig;
import io.reflex.rabbitmq.RabbitEventBus;
import io.reflex.runtime.config.ConfigKeys;
import io.reflex.testing.JsonHttp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /executions} over HTTP as StackStorm's clients use it: request, list, filter, page, get. */
class ExecutionApiTest {
    @TempDir
    static Path dir;

    static ApiTestServer api;
    static String token;
    static RabbitEventBus bus;
    static final List<String> requested = new CopyOnWriteArrayList<>();
    static Subscription consumer;

    @BeforeAll
    static void start() throws Exception {
        api = ApiTestServer.start(dir, Map.of("webui.base_url", "https://ui.example.org"));
        token = api.token("st2admin");
        bus = RabbitEventBus.connect(
                RabbitBusConfig.defaults(api.config().get(ConfigKeys.BUS_URI).toString()));
        consumer = bus.consume(
                Channels.EXECUTIONS_REQUESTED, 10, d -> requested.add(d.body().executionId()));
    }

    @AfterAll
    static void stop() {
        consumer.close();
        bus.close();
        api.close();
    }

    static JsonHttp.Response run(String body) {
        return api.post("/api/v1/executions", token, body);
    }

    static long executions() {
        return api.store().executions().count(Filter.all());
    }

    @Test
    void requestingAnExecutionAnswers201WithStackStormsShapeAndStoresOneRecord() {
        long before = executions();
        var r = run("{\"action\": \"core.local\", \"parameters\": {\"cmd\": \"date\"}}");
        assertThat(r.status()).isEqualTo(201);
        JsonNode e = r.json();
        String id = e.get("id").asText();
        assertThat(id).matches("[0-9a-f]{24}");
        assertThat(e.get("status").asText()).isEqualTo("requested");
        assertThat(e.get("start_timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        assertThat(e.at("/action/ref").asText()).isEqualTo("core.local");
        assertThat(e.at("/action/uid").asText()).isEqualTo("action:core:local");
        assertThat(e.at("/runner/name").asText()).isEqualTo("local-shell-cmd");
        assertThat(e.at("/liveaction/id").asText()).isEqualTo(id);
        assertThat(e.at("/liveaction/action").asText()).isEqualTo("core.local");
        assertThat(e.at("/liveaction/parameters/cmd").asText()).isEqualTo("date");
        assertThat(e.at("/parameters/cmd").asText()).isEqualTo("date");
        assertThat(e.at("/context/user").asText()).isEqualTo("st2admin");
        assertThat(e.at("/context/pack").asText()).isEqualTo("core");
        assertThat(e.at("/log/0/status").asText()).isEqualTo("requested");
        assertThat(e.get("web_url").asText()).isEqualTo("https://ui.example.org/#/history/" + id + "/general");
        assertThat(e.has("result")).as("falsy fields are omitted").isFalse();
        assertThat(e.has("end_timestamp")).isFalse();
        assertThat(e.has("lease")).isFalse();
        String hash = api.store()
                .store(Kinds.PACK)
                .findOne(Filter.eq("ref", "core"))
                .map(Pack::contentHash)
                .orElseThrow();
        assertThat(e.at("/reflex/pack_version").asText()).isEqualTo(hash).isNotEmpty();
        assertThat(executions()).isEqualTo(before + 1);
        assertThat(api.store().executions().get(id).orElseThrow().packVersion()).isEqualTo(hash);
        await().untilAsserted(() -> assertThat(requested).contains(id));
    }

    @Test
    void aCallersTemplateReadsThePacksConfigOnce() {
        api.store()
                .store(Kinds.PACK_CONFIG)
                .save(PackConfig.of("core", Json.read("{\"greeting\": \"hi\"}", ObjectNode.class)));
        try {
            var r = run(
                    "{\"action\": \"core.local\", \"parameters\": {\"cmd\": \"echo {{ config_context.greeting }}\"}}");
            assertThat(r.status()).isEqualTo(201);
            assertThat(r.json().at("/parameters/cmd").asText()).isEqualTo("echo hi");
        } finally {
            api.store().store(Kinds.PACK_CONFIG).delete(PackConfig.idOf("core"));
        }
        var without =
                run("{\"action\": \"core.local\", \"parameters\": {\"cmd\": \"echo {{ config_context.greeting }}\"}}");
        assertThat(without.body())
                .as("no config: an empty one, so the key is undefined")
                .contains("greeting");
        assertThat(without.status()).isEqualTo(400);
    }

    @Test
    void theSameResourceAnswersUnderTheOldActionexecutionsName() {
        String id = run("{\"action\": \"core.noop\"}").json().get("id").asText();
        var r = api.get("/v1/actionexecutions/" + id, token);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("id").asText()).isEqualTo(id);
    }

    @Test
    void badRequestsAre400NamingTheProblemAndStoreNothing() {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("{\"action\": \"core.nope\"}", "Action \"core.nope\" cannot be found.");
        cases.put("{\"parameters\": {}}", "'action' is a required property");
        cases.put("{\"action\": 42}", "42 is not of type 'string' (field 'action')");
        cases.put("{\"action\": \"core.local\"}", "'cmd' is a required property");
        cases.put(
                "{\"action\": \"core.local\", \"parameters\": {\"cmd\": 5}}",
                "5 is not of type 'string' (parameter 'cmd')");
        cases.put(
                "{\"action\": \"core.local\", \"parameters\": {\"cmd\": \"x\", \"bogus\": 1}}",
                "Additional properties are not allowed ('bogus' was unexpected)");
        cases.put(
                "{\"action\": \"core.local\", \"parameters\": {\"cmd\": \"x\", \"sudo\": true}}",
                "Override of immutable parameter(s) ['sudo'] is unsupported.");
        cases.put("{\"action\": \"core.noop\", \"delay\": -1}", "(field 'delay')");
        cases.put(
                "{\"action\": \"core.noop\", \"colour\": \"red\"}",
                "Additional properties are not allowed ('colour' was unexpected)");
        cases.put(
                "{\"action\": \"core.noop\", \"parameters\": [1]}",
                "[1] is not of type 'object', 'null' (field 'parameters')");
        cases.put("[\"core.noop\"]", "request body must be a JSON object, got an array");
        cases.put("{\"action\": \"core.noop\"", "Failed to parse request body as JSON");
        long before = executions();
        cases.forEach((body, message) -> {
            var r = run(body);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.json().get("faultstring").asText()).as(body).contains(message);
        });
        var header = api.send(
                "POST",
                "/api/v1/executions",
                "{\"action\": \"core.noop\"}",
                "X-Auth-Token",
                token,
                "st2-context",
                "[1]");
        assertThat(header.status()).isEqualTo(400);
        assertThat(header.json().get("faultstring").asText()).startsWith("Unable to convert st2-context");
        assertThat(executions()).isEqualTo(before);
    }

    @Test
    void aDisabledActionCannotBeExecuted() {
        api.store()
                .store(Kinds.ACTION)
                .insert(new Action(
                        "d0000000000000000000000a",
                        "switched_off",
                        "examples",
                        "",
                        false,
                        "",
                        "noop",
                        null,
                        null,
                        null,
                        null,
                        null));
        var r = run("{\"action\": \"examples.switched_off\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("faultstring").asText())
                .isEqualTo("Unable to execute. Action \"examples.switched_off\" is disabled.");
    }

    @Test
    void secretParametersAreMaskedInEveryViewUnlessAnAdminAsks() {
        var r = run("{\"action\": \"core.local\", \"parameters\": {\"cmd\": \"id\", \"sudo_password\": \"hunter2\"}}");
        String id = r.json().get("id").asText();
        assertThat(r.json().at("/parameters/sudo_password").asText()).isEqualTo("********");
        assertThat(r.json().at("/liveaction/parameters/sudo_password").asText()).isEqualTo("********");
        assertThat(r.body()).doesNotContain("hunter2");
        assertThat(api.get("/api/v1/executions/" + id, token).body()).doesNotContain("hunter2");
        assertThat(api.get("/api/v1/executions?limit=5", token).body()).doesNotContain("hunter2");
        var shown = api.get("/api/v1/executions/" + id + "?show_secrets=true", token);
        assertThat(shown.json().at("/parameters/sudo_password").asText()).isEqualTo("hunter2");
        assertThat(api.store()
                        .executions()
                        .get(id)
                        .orElseThrow()
                        .parameters()
                        .get("sudo_password")
                        .asText())
                .as("the runner needs the value")
                .isEqualTo("hunter2");
    }

    @Test
    void listsAreFilteredSortedAndPagedWithStackStormsHeaders() {
        String user = "lister-" + UUID.randomUUID();
        List<String> ids = new ArrayList<>();
        for (String action : List.of("core.noop", "core.local", "core.noop")) {
            String params = action.equals("core.local") ? ", \"parameters\": {\"cmd\": \"ls\"}" : "";
            ids.add(run("{\"action\": \"" + action + "\", \"user\": \"" + user + "\"" + params + "}")
                    .json()
                    .get("id")
                    .asText());
        }
        var all = api.get("/api/v1/executions?user=" + user, token);
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.header("X-Total-Count")).isEqualTo("3");
        assertThat(all.header("X-Limit")).isEqualTo("100");
        assertThat(ExecutionsTestSupport.ids(all))
                .as("newest first")
                .containsExactly(ids.get(2), ids.get(1), ids.get(0));
        assertThat(ExecutionsTestSupport.ids(api.get("/api/v1/executions?user=" + user + "&sort_asc=True", token)))
                .containsExactlyElementsOf(ids);
        var noops = api.get("/api/v1/executions?user=" + user + "&action=core.noop", token);
        assertThat(ExecutionsTestSupport.ids(noops)).containsExactlyInAnyOrder(ids.get(0), ids.get(2));
        var page = api.get("/api/v1/executions?user=" + user + "&limit=1&offset=1", token);
        assertThat(ExecutionsTestSupport.ids(page)).containsExactly(ids.get(1));
        assertThat(page.header("X-Limit")).isEqualTo("1");
        assertThat(page.header("X-Total-Count")).isEqualTo("3");
        String since = api.store()
                .executions()
                .get(ids.get(0))
                .orElseThrow()
                .startTimestamp()
                .toString();
        assertThat(ExecutionsTestSupport.ids(
                        api.get("/api/v1/executions?user=" + user + "&timestamp_gt=" + since, token)))
                .containsExactly(ids.get(1), ids.get(2));
        assertThat(ExecutionsTestSupport.ids(
                        api.get("/api/v1/executions?user=" + user + "&runner=noop&status=requested", token)))
                .hasSize(2);
        String last = api.store()
                .executions()
                .get(ids.get(2))
                .orElseThrow()
                .startTimestamp()
                .toString();
        assertThat(ExecutionsTestSupport.ids(
                        api.get("/api/v1/executions?user=" + user + "&timestamp=" + since + ".." + last, token)))
                .as("a range is sorted from its first end")
                .containsExactlyElementsOf(ids);
        assertThat(ExecutionsTestSupport.ids(
                        api.get("/api/v1/executions?user=" + user + "&timestamp=" + last + ".." + since, token)))
                .containsExactly(ids.get(2), ids.get(1), ids.get(0));
        assertThat(ExecutionsTestSupport.ids(api.get("/api/v1/executions?id=" + ids.get(1) + "," + ids.get(2), token)))
                .containsExactlyInAnyOrder(ids.get(1), ids.get(2));
    }

    @Test
    void fieldSelectionFollowsStackStormsRules() {
        String id = run("{\"action\": \"core.noop\"}").json().get("id").asText();
        var only = api.get("/api/v1/executions/" + id + "?include_attributes=status,action.ref", token);
        assertThat(only.json().fieldNames()).toIterable().containsExactlyInAnyOrder("id", "status", "action");
        assertThat(only.json().get("action").fieldNames()).toIterable().containsExactly("ref");
        var without = api.get("/api/v1/executions?limit=1&exclude_attributes=result,status", token);
        assertThat(without.json().get(0).has("status")).isFalse();
        var refused = api.get("/api/v1/executions?exclude_attributes=action", token);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("faultstring").asText())
                .isEqualTo("Invalid or unsupported exclude attribute specified: action");
    }

    @Test
    void badQueryParametersAre400NamingTheParameter() {
        assertThat(api.get("/api/v1/executions?timestamp_gt=yesterday", token)
                        .json()
                        .get("faultstring")
                        .asText())
                .isEqualTo("query parameter 'timestamp_gt': invalid timestamp 'yesterday'");
        assertThat(api.get("/api/v1/executions?limit=0", token).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/executions?show_secrets=maybe", token).status())
                .isEqualTo(400);
        String id = run("{\"action\": \"core.noop\"}").json().get("id").asText();
        assertThat(api.get("/api/v1/executions/" + id + "?max_result_size=0", token)
                        .json()
                        .get("faultstring")
                        .asText())
                .isEqualTo("max_result_size must be a positive number");
    }

    @Test
    void unknownIdsAre404() {
        var r = api.get("/api/v1/executions/000000000000000000000000", token);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("faultstring").asText())
                .isEqualTo("Unable to identify resource with id \"000000000000000000000000\".");
        assertThat(api.delete("/api/v1/executions/nope", token).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/executions/nope/output", token).status()).isEqualTo(404);
    }

    @Test
    void completedExecutionsShowElapsedSecondsAndLargeResultsCanBeLeftOut() {
        String id = run("{\"action\": \"core.noop\"}").json().get("id").asText();
        ExecutionsTestSupport.advance(
                api.store(), id, ExecutionStatus.SUCCEEDED, "{\"stdout\": \"" + "x".repeat(2000) + "\"}");
        var r = api.get("/api/v1/executions/" + id, token);
        assertThat(r.json().get("status").asText()).isEqualTo("succeeded");
        assertThat(r.json().get("elapsed_seconds").asDouble()).isGreaterThanOrEqualTo(0.0);
        assertThat(r.json().get("end_timestamp").asText()).endsWith("Z");
        assertThat(r.json().get("result_size").asInt()).isGreaterThan(2000);
        assertThat(api.get("/api/v1/executions/" + id + "?max_result_size=100", token)
                        .json()
                        .has("result"))
                .isFalse();
        assertThat(api.get("/api/v1/executions/" + id + "?max_result_size=100000", token)
                        .json()
                        .has("result"))
                .isTrue();
    }

    @Test
    void lastIsTheMostRecentExecution() {
        String id = run("{\"action\": \"core.noop\"}").json().get("id").asText();
        assertThat(api.get("/api/v1/executions/last", token).json().get("id").asText())
                .isEqualTo(id);
    }
}
