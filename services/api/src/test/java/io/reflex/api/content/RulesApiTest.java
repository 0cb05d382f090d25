package io.reflex.api.content;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.api.ApiTestServer;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.model.RuleEnforcement;
import io.reflex.core.model.TriggerInstance;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /rules}, {@code /rules/views}, {@code /ruletypes} and {@code /ruleenforcements} over HTTP. */
class RulesApiTest {
    @TempDir
    static Path dir;

    static ApiTestServer api;
    static String token;

    @BeforeAll
    static void start() throws Exception {
        api = ContentApiTestServers.start(dir);
        ContentApiTestServers.packs(api, "mine", "bad", "filt", "timers", "upd");
        token = api.token("st2admin");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static String rule(String pack, String name, String triggerType, String triggerParams) {
        return """
                {"name": "%s", "pack": "%s", "description": "test rule",
                 "trigger": {"type": "%s", "parameters": %s},
                 "criteria": {"trigger.body.x": {"type": "equals", "pattern": "y"}},
                 "action": {"ref": "core.local", "parameters": {"cmd": "echo {{trigger.body.x}}"}}}""".formatted(name, pack, triggerType, triggerParams);
    }

    @Test
    void createdRulesAreDisabledByDefaultAndRecordTheirAuthor() {
        var r = api.post("/api/v1/rules", token, rule("mine", "hook", "core.st2.webhook", "{\"url\": \"mine/hook\"}"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("enabled").asBoolean()).isFalse();
        assertThat(r.json().get("ref").asText()).isEqualTo("mine.hook");
        assertThat(r.json().get("uid").asText()).isEqualTo("rule:mine:hook");
        assertThat(r.json().get("context").get("user").asText()).isEqualTo("st2admin");
        assertThat(r.json().get("type").get("ref").asText()).isEqualTo("standard");
        assertThat(r.json().get("trigger").fieldNames()).toIterable().contains("type", "parameters", "ref");
        var dup = api.post("/api/v1/rules", token, rule("mine", "hook", "core.st2.webhook", "{\"url\": \"x\"}"));
        assertThat(dup.status()).isEqualTo(409);
        assertThat(dup.json().get("conflict-id").asText())
                .isEqualTo(r.json().get("id").asText());
    }

    @Test
    void parameterisedTriggersResolveToOneUuidNamedTriggerPerParameterSet() {
        String params = "{\"unit\": \"seconds\", \"delta\": 30}";
        var a = api.post("/api/v1/rules", token, rule("timers", "a", "core.st2.IntervalTimer", params))
                .json();
        var b = api.post("/api/v1/rules", token, rule("timers", "b", "core.st2.IntervalTimer", params))
                .json();
        String ref = a.get("trigger").get("ref").asText();
        assertThat(ref).matches("core\\.[0-9a-f-]{36}");
        assertThat(b.get("trigger").get("ref").asText()).isEqualTo(ref);
        var trigger =
                api.get("/api/v1/triggers?type=core.st2.IntervalTimer", token).json();
        assertThat(ContentApiTestServers.texts(trigger, "ref")).contains(ref);
        var simple = api.post("/api/v1/rules", token, rule("timers", "c", "core.st2.generic.actiontrigger", "{}"));
        assertThat(simple.json().get("trigger").get("ref").asText()).isEqualTo("core.st2.generic.actiontrigger");
    }

    @Test
    void invalidRulesAre400NamingTheFieldAndStoreNothing() {
        long before = api.store().store(Kinds.RULE).count(Filter.all());
        ActionsApiTest.assertFault(
                api.post("/api/v1/rules", token, rule("bad", "r1", "core.st2.nothing", "{}")),
                "field 'trigger.type': trigger type 'core.st2.nothing' does not exist");
        ActionsApiTest.assertFault(
                api.post("/api/v1/rules", token, rule("bad", "r2", "core.st2.IntervalTimer", "{\"unit\": \"days\"}")),
                "delta");
        ActionsApiTest.assertFault(
                api.post(
                        "/api/v1/rules",
                        token,
                        rule("bad", "r3", "core.st2.webhook", "{}").replace("core.local", "core.nope")),
                "field 'action.ref': action 'core.nope' does not exist");
        ActionsApiTest.assertFault(
                api.post("/api/v1/rules", token, "{\"name\": \"r4\", \"action\": {\"ref\": \"core.local\"}}"),
                "missing required field 'trigger'");
        assertThat(api.store().store(Kinds.RULE).count(Filter.all())).isEqualTo(before);
    }

    @Test
    void listFiltersByPackActionTriggerAndEnabled() {
        api.post("/api/v1/rules", token, rule("filt", "off", "core.st2.webhook", "{\"url\": \"filt\"}"));
        var on = rule("filt", "on", "core.st2.webhook", "{\"url\": \"filt2\"}")
                .replace("\"description\"", "\"enabled\": true, \"description\"");
        assertThat(api.post("/api/v1/rules", token, on).status()).isEqualTo(201);
        assertThat(ContentApiTestServers.texts(
                        api.get("/api/v1/rules?pack=filt", token).json(), "name"))
                .containsExactly("off", "on");
        assertThat(ContentApiTestServers.texts(
                        api.get("/api/v1/rules?pack=filt&enabled=true", token).json(), "name"))
                .containsExactly("on");
        assertThat(ContentApiTestServers.texts(
                        api.get("/api/v1/rules?action=examples.greet", token).json(), "ref"))
                .containsExactly("examples.greet_on_webhook");
        assertThat(ContentApiTestServers.texts(
                        api.get("/api/v1/rules?trigger=core.st2.webhook&pack=filt", token)
                                .json(),
                        "name"))
                .containsExactly("off", "on");
        assertThat(api.get("/api/v1/rules?enabled=maybe", token).status()).isEqualTo(400);
    }

    @Test
    void updateKeepsTheIdAndDeleteAnswers204() {
        String id = api.post("/api/v1/rules", token, rule("upd", "r", "core.st2.webhook", "{\"url\": \"u\"}"))
                .json()
                .get("id")
                .asText();
        var enabled = rule("upd", "r", "core.st2.webhook", "{\"url\": \"u2\"}")
                .replace("\"description\"", "\"enabled\": true, \"description\"");
        var r = api.put("/api/v1/rules/upd.r", token, enabled);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("id").asText()).isEqualTo(id);
        assertThat(r.json().get("enabled").asBoolean()).isTrue();
        assertThat(r.json().get("trigger").get("parameters").get("url").asText())
                .isEqualTo("u2");
        assertThat(api.delete("/api/v1/rules/" + id, token).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/rules/upd.r", token).status()).isEqualTo(404);
    }

    @Test
    void viewsAddActionAndTriggerDescriptions() {
        var one = api.get("/api/v1/rules/views/examples.greet_on_webhook", token);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("action").get("description").asText()).isEqualTo("Greet someone, a number of times.");
        assertThat(one.json().get("trigger").get("description").asText()).isNotBlank();
        var all = api.get("/api/v1/rules/views?pack=examples", token);
        assertThat(ContentApiTestServers.texts(all.json(), "ref")).contains("examples.greet_on_webhook");
        assertThat(all.json().get(0).get("action").has("description")).isTrue();
    }

    @Test
    void ruleTypesAreStandardAndBackstop() {
        var list = api.get("/api/v1/ruletypes", token).json();
        assertThat(ContentApiTestServers.texts(list, "name")).containsExactly("standard", "backstop");
        String id = list.get(1).get("id").asText();
        var one = api.get("/api/v1/ruletypes/" + id, token).json();
        assertThat(one.fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder("id", "name", "description", "enabled", "parameters");
        assertThat(one.get("name").asText()).isEqualTo("backstop");
        assertThat(api.get("/api/v1/ruletypes/0123", token).status()).isEqualTo(404);
    }

    @Test
    void enforcementsAreListedNewestFirstFilteredAndViewedWithTheirTriggerInstance() {
        Instant t0 = Timestamps.now().minus(Duration.ofHours(1));
        String instance = Ids.newId();
        api.store()
                .store(Kinds.TRIGGER_INSTANCE)
                .insert(new TriggerInstance(
                        instance, "core.st2.webhook", Json.object().put("x", 1), t0, TriggerInstance.Status.PROCESSED));
        for (int i = 0; i < 3; i++) {
            api.store()
                    .store(Kinds.RULE_ENFORCEMENT)
                    .insert(new RuleEnforcement(
                            Ids.newId(),
                            i == 0 ? instance : Ids.newId(),
                            null,
                            i == 2 ? "boom" : null,
                            new RuleEnforcement.RuleRef("enf.r" + i, Ids.newId(), "rule:enf:r" + i),
                            t0.plusSeconds(i * 60),
                            i == 2 ? RuleEnforcement.Status.FAILED : RuleEnforcement.Status.SUCCEEDED));
        }
        var list = api.get("/api/v1/ruleenforcements", token);
        assertThat(list.header("X-Limit")).isEqualTo("50");
        assertThat(ContentApiTestServers.texts(list.json(), "enforced_at"))
                .isSortedAccordingTo(java.util.Comparator.reverseOrder());
        var byRule = api.get("/api/v1/ruleenforcements?rule_ref=enf.r2", token).json();
        assertThat(byRule).hasSize(1);
        assertThat(byRule.get(0).get("status").asText()).isEqualTo("failed");
        assertThat(byRule.get(0).get("failure_reason").asText()).isEqualTo("boom");
        String gt = Timestamps.format(t0.plusSeconds(30));
        assertThat(api.get("/api/v1/ruleenforcements?rule_ref=enf.r0&enforced_at_gt=" + gt, token)
                        .json())
                .isEmpty();
        assertThat(api.get("/api/v1/ruleenforcements?trigger_instance=" + instance, token)
                        .json())
                .hasSize(1);
        assertThat(api.get("/api/v1/ruleenforcements?enforced_at_gt=yesterday", token)
                        .status())
                .isEqualTo(400);
        String id = api.get("/api/v1/ruleenforcements?rule_ref=enf.r0", token)
                .json()
                .get(0)
                .get("id")
                .asText();
        var view = api.get("/api/v1/ruleenforcements/views/" + id, token).json();
        assertThat(view.get("trigger_instance").get("id").asText()).isEqualTo(instance);
        assertThat(view.get("execution").isObject()).isTrue();
        assertThat(api.get("/api/v1/ruleenforcements/" + id, token)
                        .json()
                        .get("rule")
                        .get("ref")
                        .asText())
                .isEqualTo("enf.r0");
        assertThat(api.get("/api/v1/ruleenforcements/000000000000000000000000", token)
                        .status())
                .isEqualTo(404);
    }
}
