package io.reflex.api.content;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.api.ApiTestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /triggertypes}, {@code /triggers}, {@code /sensortypes}, {@code /policytypes} and {@code /policies}
 * over HTTP (one server: these resources do not interfere).
 */
class TriggersApiTest {
    @TempDir
    static Path dir;

    static ApiTestServer api;
    static String token;

    @BeforeAll
    static void start() throws Exception {
        api = ContentApiTestServers.start(dir);
        ContentApiTestServers.packs(api, "mine", "p");
        token = api.token("st2admin");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void triggerTypesHaveStackStormsShapeAndAreFoundByRefWithDots() {
        var r = api.get("/api/v1/triggertypes/core.st2.webhook", token);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("uid").asText()).isEqualTo("trigger_type:core:st2.webhook");
        assertThat(r.json().fieldNames())
                .toIterable()
                .contains("id", "ref", "name", "pack", "description", "payload_schema", "parameters_schema", "tags");
        var list = api.get("/api/v1/triggertypes?pack=core", token);
        assertThat(list.header("X-Limit")).isEqualTo("100");
        assertThat(ContentApiTestServers.texts(list.json(), "ref"))
                .contains("core.st2.webhook", "core.st2.IntervalTimer");
    }

    @Test
    void aTriggerTypeWithoutParametersGetsItsShadowTriggerAndLosesItOnDelete() {
        var created = api.post("/api/v1/triggertypes", token, """
                {"name": "thing_happened", "pack": "mine", "payload_schema": {"type": "object"}}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var shadow = api.get("/api/v1/triggers?type=mine.thing_happened", token).json();
        assertThat(ContentApiTestServers.texts(shadow, "ref")).containsExactly("mine.thing_happened");
        var updated = api.put("/api/v1/triggertypes/mine.thing_happened", token, """
                {"name": "thing_happened", "pack": "mine", "description": "now described"}""");
        assertThat(updated.json().get("description").asText()).isEqualTo("now described");
        assertThat(updated.json().get("id").asText())
                .isEqualTo(created.json().get("id").asText());
        assertThat(api.delete("/api/v1/triggertypes/mine.thing_happened", token).status())
                .isEqualTo(204);
        assertThat(api.get("/api/v1/triggers?type=mine.thing_happened", token).json())
                .isEmpty();
    }

    @Test
    void systemTriggerTypesCannotBeChangedAndBadOnesAreRefused() {
        assertThat(api.delete("/api/v1/triggertypes/core.st2.webhook", token).status())
                .isEqualTo(400);
        ActionsApiTest.assertFault(
                api.post("/api/v1/triggertypes", token, "{\"name\": \"t\", \"payload_schema\": \"nope\"}"),
                "payload_schema");
        assertThat(api.post("/api/v1/triggertypes", token, "{\"name\": \"dup\", \"pack\": \"p\"}")
                        .status())
                .isEqualTo(201);
        assertThat(api.post("/api/v1/triggertypes", token, "{\"name\": \"dup\", \"pack\": \"p\"}")
                        .status())
                .isEqualTo(409);
        assertThat(api.get("/api/v1/triggertypes/p.none", token).status()).isEqualTo(404);
    }

    @Test
    void triggersAreCreatedCheckedAgainstTheirTypeAndManagedById() {
        var t = api.post("/api/v1/triggers", token, """
                {"type": "core.st2.IntervalTimer", "parameters": {"unit": "hours", "delta": 2}}""");
        assertThat(t.status()).as(t.body()).isEqualTo(201);
        assertThat(t.json().get("pack").asText()).isEqualTo("core");
        assertThat(t.json().get("name").asText()).matches("[0-9a-f-]{36}");
        assertThat(t.json().fieldNames())
                .toIterable()
                .contains("id", "uid", "ref", "name", "pack", "type", "parameters", "description");
        String id = t.json().get("id").asText();
        assertThat(api.get("/api/v1/triggers/" + id, token).json().get("type").asText())
                .isEqualTo("core.st2.IntervalTimer");
        var renamed = api.put("/api/v1/triggers/" + id, token, """
                {"type": "core.st2.IntervalTimer", "parameters": {"unit": "hours", "delta": 3}, "description": "d"}""");
        assertThat(renamed.json().get("parameters").get("delta").asInt()).isEqualTo(3);
        ActionsApiTest.assertFault(
                api.post(
                        "/api/v1/triggers",
                        token,
                        "{\"type\": \"core.st2.IntervalTimer\", \"parameters\": {\"unit\": 1}}"),
                "field 'parameters'");
        ActionsApiTest.assertFault(api.post("/api/v1/triggers", token, "{\"type\": \"core.nope\"}"), "field 'type'");
        ActionsApiTest.assertFault(
                api.post("/api/v1/triggers", token, "{\"type\": \"core.st2.webhook\", \"params\": {}}"),
                "unknown field 'params'");
        assertThat(api.delete("/api/v1/triggers/" + id, token).status()).isEqualTo(204);
        var gone = api.get("/api/v1/triggers/" + id, token);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.json().get("faultstring").asText())
                .isEqualTo("Unable to identify resource with id \"" + id + "\".");
    }

    @Test
    void sensorTypesAreListedAndOnlyTheirEnabledFlagChanges() {
        var list = api.get("/api/v1/sensortypes", token);
        assertThat(ContentApiTestServers.texts(list.json(), "ref")).contains("examples.TickSensor");
        var s = api.get("/api/v1/sensortypes/examples.TickSensor", token).json();
        assertThat(s.get("uid").asText()).isEqualTo("sensor_type:examples:TickSensor");
        assertThat(s.get("trigger_types").get(0).asText()).isEqualTo("examples.tick");
        assertThat(s.get("poll_interval").asInt()).isEqualTo(30);
        var enabled = api.put(
                "/api/v1/sensortypes/examples.TickSensor", token, "{\"enabled\": true, \"description\": \"ignored\"}");
        assertThat(enabled.json().get("enabled").asBoolean()).isTrue();
        assertThat(enabled.json().get("description").asText())
                .isEqualTo(s.get("description").asText());
        assertThat(ContentApiTestServers.texts(
                        api.get("/api/v1/sensortypes?enabled=true", token).json(), "ref"))
                .contains("examples.TickSensor");
        api.put("/api/v1/sensortypes/examples.TickSensor", token, "{\"enabled\": false}");
        assertThat(api.get("/api/v1/sensortypes/examples.TickSensor", token)
                        .json()
                        .get("enabled")
                        .asBoolean())
                .isFalse();
        assertThat(api.put("/api/v1/sensortypes/examples.TickSensor", token, "{\"enabled\": \"no\"}")
                        .status())
                .isEqualTo(400);
    }

    @Test
    void policyTypesAreReadOnlyAndFoundByRef() {
        var list = api.get("/api/v1/policytypes", token).json();
        assertThat(ContentApiTestServers.texts(list, "ref")).contains("action.concurrency", "action.retry");
        var one = api.get("/api/v1/policytypes/action.concurrency", token).json();
        assertThat(one.get("uid").asText()).isEqualTo("policy_type:action:concurrency");
        assertThat(one.fieldNames())
                .toIterable()
                .contains(
                        "id", "uid", "ref", "name", "resource_type", "module", "description", "enabled", "parameters");
        assertThat(api.get("/api/v1/policytypes?resource_type=action", token)
                        .json()
                        .size())
                .isEqualTo(list.size());
        assertThat(api.post("/api/v1/policytypes", token, "{}").status()).isIn(404, 405);
    }

    @Test
    void policiesAreCheckedAgainstTheirTypeAndAction() {
        var p = api.post("/api/v1/policies", token, """
                {"name": "retry_local", "pack": "mine", "resource_ref": "core.local", "policy_type": "action.retry",
                 "parameters": {"retry_on": "timeout", "max_retry_count": 2}}""");
        assertThat(p.status()).as(p.body()).isEqualTo(201);
        assertThat(p.json().get("uid").asText()).isEqualTo("policy:mine:retry_local");
        assertThat(p.json().get("enabled").asBoolean()).isTrue();
        ActionsApiTest.assertFault(api.post("/api/v1/policies", token, """
                        {"name": "x", "resource_ref": "core.local", "policy_type": "action.nope"}"""), "unknown policy type 'action.nope'");
        ActionsApiTest.assertFault(api.post("/api/v1/policies", token, """
                        {"name": "x", "resource_ref": "core.nope", "policy_type": "action.concurrency",
                         "parameters": {"threshold": 1}}"""), "field 'resource_ref'");
        ActionsApiTest.assertFault(api.post("/api/v1/policies", token, """
                        {"name": "x", "resource_ref": "core.local", "policy_type": "action.concurrency",
                         "parameters": {"threshold": "many"}}"""), "threshold");
        var upd = api.put("/api/v1/policies/mine.retry_local", token, """
                {"name": "retry_local", "resource_ref": "core.local", "policy_type": "action.retry", "enabled": false,
                 "parameters": {"retry_on": "failure", "max_retry_count": 1}}""");
        assertThat(upd.json().get("enabled").asBoolean()).isFalse();
        assertThat(upd.json().get("pack").asText()).isEqualTo("mine");
        assertThat(ContentApiTestServers.texts(
                        api.get("/api/v1/policies?resource_ref=core.local", token)
                                .json(),
                        "ref"))
                .containsExactly("mine.retry_local");
        assertThat(api.get("/api/v1/policies/examples.greet_concurrency", token).status())
                .isEqualTo(200);
        assertThat(api.delete("/api/v1/policies/mine.retry_local", token).status())
                .isEqualTo(204);
        assertThat(api.get("/api/v1/policies/mine.retry_local", token).status()).isEqualTo(404);
    }
}
