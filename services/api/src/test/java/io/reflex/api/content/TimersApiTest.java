package io.reflex.api.content;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.api.ApiTestServer;
import io.reflex.core.json.Json;
import io.reflex.core.model.Trigger;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /timers}: the timer triggers, as StackStorm's TriggerAPI objects. */
class TimersApiTest {
    @TempDir
    static Path dir;

    static ApiTestServer api;
    static String token;
    static Trigger cron;

    @BeforeAll
    static void start() throws Exception {
        api = ApiTestServer.start(dir);
        token = api.token("st2admin");
        var triggers = api.store().store(Kinds.TRIGGER);
        cron = triggers.insert(new Trigger(
                Ids.newId(),
                "nightly",
                "core",
                "core.st2.CronTimer",
                Json.object().put("hour", 2).put("minute", 0),
                "every night"));
        triggers.insert(new Trigger(
                Ids.newId(),
                "once",
                "core",
                "core.st2.DateTimer",
                Json.object().put("date", "2030-01-01 00:00:00"),
                ""));
        triggers.insert(new Trigger(
                Ids.newId(),
                "not-a-timer",
                "core",
                "core.st2.webhook",
                Json.object().put("url", "x"),
                ""));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void listsTheTriggersOfTheThreeTimerTypes() {
        var r = api.get("/api/v1/timers", token);
        assertThat(r.status()).isEqualTo(200);
        List<String> types = new ArrayList<>();
        r.json().forEach(t -> types.add(t.get("type").asText()));
        assertThat(types)
                .contains("core.st2.CronTimer", "core.st2.DateTimer", "core.st2.IntervalTimer")
                .doesNotContain("core.st2.webhook");
        long intervals = api.store().store(Kinds.TRIGGER).count(Filter.eq("type", "core.st2.IntervalTimer"));
        assertThat(intervals).as("the examples pack's heartbeat rule made one").isPositive();
        assertThat(types).hasSize((int) intervals + 2);
    }

    @Test
    void filtersByTimerType() {
        var r = api.get("/api/v1/timers?timer_type=core.st2.CronTimer", token);
        assertThat(r.json()).hasSize(1);
        JsonNode t = r.json().get(0);
        assertThat(t.get("id").asText()).isEqualTo(cron.id());
        assertThat(t.get("ref").asText()).isEqualTo("core.nightly");
        assertThat(t.get("uid").asText()).startsWith("trigger:core:nightly");
        assertThat(t.get("name").asText()).isEqualTo("nightly");
        assertThat(t.get("pack").asText()).isEqualTo("core");
        assertThat(t.get("parameters").get("hour").asInt()).isEqualTo(2);
        assertThat(t.get("description").asText()).isEqualTo("every night");

        var bad = api.get("/api/v1/timers?timer_type=core.st2.webhook", token);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("faultstring").asText())
                .isEqualTo("Timer type core.st2.webhook not in supported types - ['core.st2.IntervalTimer',"
                        + " 'core.st2.DateTimer', 'core.st2.CronTimer'].");
    }

    @Test
    void getsOneTimerByIdOrRef() {
        assertThat(api.get("/api/v1/timers/" + cron.id(), token)
                        .json()
                        .get("ref")
                        .asText())
                .isEqualTo("core.nightly");
        assertThat(api.get("/api/v1/timers/core.nightly", token)
                        .json()
                        .get("id")
                        .asText())
                .isEqualTo(cron.id());
        assertThat(api.get("/api/v1/timers/core.nightly?include_attributes=type", token)
                        .json()
                        .fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder("id", "type");
    }

    @Test
    void unknownTimersAndOtherTriggersAre404() {
        for (String refOrId : List.of("core.nope", "core.not-a-timer", Ids.newId())) {
            var r = api.get("/api/v1/timers/" + refOrId, token);
            assertThat(r.status()).as(refOrId).isEqualTo(404);
            assertThat(r.json().get("faultstring").asText())
                    .isEqualTo("Resource with a reference or id \"" + refOrId + "\" not found");
        }
    }
}
