package io.reflex.api.aliases;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.reflex.api.ApiTestServer;
import io.reflex.core.json.Json;
import io.reflex.core.model.ActionAlias;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ChatOps alias execution as hubot calls it, against the shipped {@code examples.greet} alias. */
class AliasExecutionApiTest {
    @TempDir
    static Path dir;

    static ApiTestServer api;
    static String token;

    @BeforeAll
    static void start() throws Exception {
        api = ApiTestServer.start(dir);
        token = api.token("st2admin");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static long executions() {
        return api.store().executions().count(Filter.all());
    }

    @Test
    void anAliasCommandRunsItsActionWithCastParametersAndAChatNotification() {
        var r = api.post("/api/v1/aliasexecution", token, """
                {"name": "greet", "format": "greet {{ name }} {{ times=1 }} times", "command": "greet Ada 3 times",
                 "user": "chatuser", "source_channel": "#ops", "source_context": {"thread": "t1"},
                 "notification_route": "hubot"}
                """);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode e = r.json().get("execution");
        assertThat(e.at("/action/ref").asText()).isEqualTo("examples.greet");
        assertThat(e.at("/parameters/name").asText()).isEqualTo("Ada");
        assertThat(e.at("/parameters/times").isIntegralNumber()).isTrue();
        assertThat(e.at("/parameters/times").asInt()).isEqualTo(3);
        assertThat(e.at("/context/action_alias_ref/name").asText()).isEqualTo("greet");
        assertThat(e.at("/context/api_user").asText()).isEqualTo("chatuser");
        assertThat(e.at("/context/user").asText()).isEqualTo("st2admin");
        assertThat(e.at("/context/source_channel").asText()).isEqualTo("#ops");
        assertThat(e.at("/liveaction/notify/on-complete/routes/0").asText()).isEqualTo("hubot");
        assertThat(e.at("/liveaction/notify/on-complete/data/user").asText()).isEqualTo("chatuser");
        assertThat(e.at("/liveaction/notify/on-complete/data/source_context/thread")
                        .asText())
                .isEqualTo("t1");
        assertThat(r.json().at("/actionalias/ref").asText()).isEqualTo("examples.greet");
        assertThat(r.json().get("message").asText()).isEqualTo("Greeting Ada...");
        assertThat(api.store()
                        .executions()
                        .get(e.get("id").asText())
                        .orElseThrow()
                        .notifySpec()
                        .has("on-complete"))
                .isTrue();
    }

    @Test
    void matchAndExecuteFindsTheFormatItself() {
        var r = api.post(
                "/api/v1/aliasexecution/match_and_execute",
                token,
                "{\"command\": \"greet Bob\", \"user\": \"chatuser\", \"source_channel\": \"#ops\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        ArrayNode results = (ArrayNode) r.json().get("results");
        assertThat(results).hasSize(1);
        assertThat(results.get(0).at("/execution/parameters/name").asText()).isEqualTo("Bob");
        assertThat(results.get(0).get("message").asText()).isEqualTo("Greeting Bob...");
    }

    @Test
    void badAliasRequestsAre4xxAndCreateNoExecution() {
        long before = executions();
        String base = "\"user\": \"u\", \"source_channel\": \"c\"";
        var unknown = api.post(
                "/api/v1/aliasexecution",
                token,
                "{\"name\": \"nope\", \"format\": \"x\", \"command\": \"x\", " + base + "}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("faultstring").asText())
                .isEqualTo("Unable to identify action alias with name \"nope\".");
        var format = api.post(
                "/api/v1/aliasexecution",
                token,
                "{\"name\": \"greet\", \"format\": \"hi {{x}}\", \"command\": \"hi 1\", " + base + "}");
        assertThat(format.json().get("faultstring").asText())
                .isEqualTo("Format string \"hi {{x}}\" is not available on the alias \"greet\"");
        var mismatch = api.post(
                "/api/v1/aliasexecution",
                token,
                "{\"name\": \"greet\", \"format\": \"greet {{ name }} {{ times=1 }} times\", \"command\": \"wave\", "
                        + base + "}");
        assertThat(mismatch.status()).isEqualTo(400);
        assertThat(mismatch.json().get("faultstring").asText())
                .startsWith("Command \"wave\" doesn't match format string");
        var cast = api.post(
                "/api/v1/aliasexecution",
                token,
                "{\"name\": \"greet\", \"format\": \"greet {{ name }} {{ times=1 }} times\", \"command\": \"greet Ada many times\", "
                        + base + "}");
        assertThat(cast.status()).isEqualTo(400);
        assertThat(cast.json().get("faultstring").asText())
                .startsWith("Failed to cast value \"many\" (type: str) for parameter \"times\" of type \"integer\"");
        var missing = api.post(
                "/api/v1/aliasexecution",
                token,
                "{\"name\": \"greet\", \"format\": \"greet {{ name }}\", \"command\": \"greet A\"}");
        assertThat(missing.json().get("faultstring").asText()).isEqualTo("'source_channel' is a required property");
        var noMatch =
                api.post("/api/v1/aliasexecution/match_and_execute", token, "{\"command\": \"dance\", " + base + "}");
        assertThat(noMatch.status()).isEqualTo(400);
        assertThat(noMatch.json().get("faultstring").asText()).isEqualTo("Command 'dance' matched no patterns");
        assertThat(executions()).isEqualTo(before);
    }

    @Test
    void aDisabledAliasIsRefused() {
        ActionAlias greet = api.store()
                .store(Kinds.ACTION_ALIAS)
                .findOne(Filter.eq("ref", "examples.greet"))
                .orElseThrow();
        api.store()
                .store(Kinds.ACTION_ALIAS)
                .insert(new ActionAlias(
                        "a0000000000000000000000b",
                        "greet_off",
                        "examples",
                        "",
                        false,
                        "examples.greet",
                        greet.formats(),
                        null,
                        null,
                        null,
                        null,
                        null));
        var r = api.post(
                "/api/v1/aliasexecution",
                token,
                "{\"name\": \"greet_off\", \"format\": \"greet {{ name }}\", \"command\": \"greet A\", \"source_channel\": \"c\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("faultstring").asText()).isEqualTo("Action alias with name \"greet_off\" is disabled.");
        assertThat(Json.tree(greet).get("enabled").asBoolean()).isTrue();
    }
}
