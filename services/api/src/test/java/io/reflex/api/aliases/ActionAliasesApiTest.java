package io.reflex.api.aliases;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.api.ApiTestServer;
import io.reflex.api.content.ActionsApiTest;
import io.reflex.api.content.ContentApiTestServers;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /actionalias}: CRUD, match and help over HTTP. */
class ActionAliasesApiTest {
    @TempDir
    static Path dir;

    static ApiTestServer api;
    static String token;

    @BeforeAll
    static void start() throws Exception {
        api = ContentApiTestServers.start(dir);
        ContentApiTestServers.packs(api, "chat");
        token = api.token("st2admin");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static String alias(String name, String... formats) {
        return """
                {"name": "%s", "pack": "chat", "action_ref": "core.local", "description": "desc of %s",
                 "formats": %s}""".formatted(name, name, io.reflex.core.json.Json.write(List.of(formats)));
    }

    @Test
    void aliasesHaveStackStormsShapeAndAreFilteredByNameAndPack() {
        var r = api.get("/api/v1/actionalias/examples.greet", token);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("uid").asText()).isEqualTo("action_alias:examples:greet");
        assertThat(r.json().fieldNames())
                .toIterable()
                .contains(
                        "id",
                        "ref",
                        "name",
                        "pack",
                        "description",
                        "enabled",
                        "action_ref",
                        "formats",
                        "ack",
                        "result");
        var list = api.get("/api/v1/actionalias?pack=examples&name=greet", token);
        assertThat(ContentApiTestServers.texts(list.json(), "ref")).containsExactly("examples.greet");
        assertThat(list.header("X-Limit")).isEqualTo("100");
    }

    @Test
    void createUpdateDeleteWithValidation() {
        var created = api.post("/api/v1/actionalias", token, alias("crud", "crud {{cmd}}"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(api.post("/api/v1/actionalias", token, alias("crud", "x")).status())
                .isEqualTo(409);
        ActionsApiTest.assertFault(
                api.post("/api/v1/actionalias", token, alias("bad", "x").replace("core.local", "core.nope")),
                "field 'action_ref': action 'core.nope' does not exist");
        ActionsApiTest.assertFault(
                api.post("/api/v1/actionalias", token, "{\"name\": \"nopack\", \"action_ref\": \"core.local\"}"),
                "missing required field 'pack'");
        ActionsApiTest.assertFault(
                api.post("/api/v1/actionalias", token, alias("bad2", "x").replace("\"formats\"", "\"formatz\"")),
                "unknown field 'formatz'");
        var updated = api.put("/api/v1/actionalias/chat.crud", token, alias("crud", "crud run {{cmd}}"));
        assertThat(updated.json().get("formats").get(0).asText()).isEqualTo("crud run {{cmd}}");
        assertThat(updated.json().get("id").asText())
                .isEqualTo(created.json().get("id").asText());
        assertThat(api.delete("/api/v1/actionalias/chat.crud", token).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/actionalias/chat.crud", token).status()).isEqualTo(404);
    }

    @Test
    void matchFindsTheOneAliasFormatACommandFits() {
        api.post("/api/v1/actionalias", token, alias("deploy", "deploy {{app}} to {{env=staging}}"));
        var r = api.post("/api/v1/actionalias/match", token, "{\"command\": \"deploy shop to prod\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("actionalias").get("ref").asText()).isEqualTo("chat.deploy");
        assertThat(r.json().get("display").asText()).isEqualTo("deploy {{app}} to {{env=staging}}");
        assertThat(r.json().get("representation").asText()).isEqualTo("deploy {{app}} to {{env=staging}}");
        var none = api.post("/api/v1/actionalias/match", token, "{\"command\": \"make coffee\"}");
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.json().get("faultstring").asText()).isEqualTo("Command 'make coffee' matched no patterns");
        assertThat(api.post("/api/v1/actionalias/match", token, "{}").status()).isEqualTo(400);
    }

    @Test
    void aCommandMatchingTwoFormatsIsAmbiguous() {
        api.post("/api/v1/actionalias", token, alias("amb1", "restart {{service}}"));
        api.post("/api/v1/actionalias", token, alias("amb2", "restart {{thing}}"));
        var r = api.post("/api/v1/actionalias/match", token, "{\"command\": \"restart nginx\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("faultstring").asText())
                .isEqualTo("Command 'restart nginx' matched more than 1 pattern");
    }

    @Test
    void helpListsDisplaysFilteredAndPaged() {
        // the shipped examples pack has two aliases: greet and local
        assertThat(api.get("/api/v1/actionalias/help?pack=examples", token)
                        .json()
                        .get("available")
                        .asInt())
                .isEqualTo(2);
        var r = api.get("/api/v1/actionalias/help?pack=examples&filter=greet", token);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("available").asInt()).isEqualTo(1);
        var h = r.json().get("helpstrings").get(0);
        assertThat(h.get("display").asText()).isEqualTo("greet <name> [<times> times]");
        assertThat(h.get("pack").asText()).isEqualTo("examples");
        assertThat(h.get("description").asText()).isEqualTo("Greet someone from chat.");
        assertThat(api.get("/api/v1/actionalias/help?filter=GREET", token)
                        .json()
                        .get("available")
                        .asInt())
                .isEqualTo(1);
        var page = api.get("/api/v1/actionalias/help?filter=greet&limit=1&offset=1", token)
                .json();
        assertThat(page.get("helpstrings")).isEmpty();
        assertThat(api.get("/api/v1/actionalias/help?limit=x", token).status()).isEqualTo(400);
    }
}
