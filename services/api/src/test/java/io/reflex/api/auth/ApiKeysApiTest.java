package io.reflex.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.api.ApiTestServer;
import io.reflex.core.model.ApiKey;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Store;
import io.reflex.testing.JsonHttp;
import io.reflex.web.auth.ApiKeys;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/v1/apikeys} as st2client uses it, with RBAC on: keys are their owners' business. */
class ApiKeysApiTest {
    @TempDir
    static Path dir;

    static ApiTestServer api;
    static Store<ApiKey> keys;
    static String admin;
    static String alice;
    static String bob;
    static String obs;

    @BeforeAll
    static void start() throws Exception {
        RbacFixtures.write(dir);
        api = ApiTestServer.start(dir, RbacFixtures.RBAC_ON);
        keys = api.store().store(Kinds.API_KEY);
        admin = api.token("st2admin");
        alice = api.token("alice");
        bob = api.token("bob");
        obs = api.token("obs");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void aKeyIsCreatedUsedDisabledAndDeleted() {
        var created = api.post("/api/v1/apikeys", alice, "{\"metadata\": {\"used_by\": \"ci\"}}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder("id", "uid", "user", "key", "metadata", "created_at", "enabled");
        String key = created.json().get("key").asText();
        String id = created.json().get("id").asText();
        assertThat(created.json().get("user").asText()).isEqualTo("alice");
        assertThat(created.json().get("enabled").asBoolean()).isTrue();
        assertThat(created.json().get("created_at").asText())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        ApiKey stored = keys.get(id).orElseThrow();
        assertThat(stored.keyHash()).isEqualTo(ApiKeys.hash(key)).doesNotContain(key);

        var viaHeader = api.send("GET", "/api/v1/user", null, "St2-Api-Key", key);
        assertThat(viaHeader.status()).isEqualTo(200);
        assertThat(viaHeader.json().get("username").asText()).isEqualTo("alice");
        assertThat(viaHeader.json().at("/authentication/method").asText()).isEqualTo("API key");
        assertThat(viaHeader.json().at("/authentication/location").asText()).isEqualTo("header");
        var viaQuery = api.send("GET", "/api/v1/user?st2-api-key=" + key, null);
        assertThat(viaQuery.json().at("/authentication/location").asText()).isEqualTo("query");

        var disabled = api.put("/api/v1/apikeys/" + id, alice, "{\"enabled\": false}");
        assertThat(disabled.status()).isEqualTo(200);
        assertThat(disabled.json().get("enabled").asBoolean()).isFalse();
        var refused = api.send("GET", "/api/v1/user", null, "St2-Api-Key", key);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().get("faultstring").asText()).isEqualTo("Unauthorized - API key is disabled.");

        assertThat(api.delete("/api/v1/apikeys/" + id, alice).status()).isEqualTo(204);
        assertThat(keys.get(id)).isEmpty();
        assertThat(api.get("/api/v1/apikeys/" + id, alice).status()).isEqualTo(404);
        assertThat(api.send("GET", "/api/v1/user", null, "St2-Api-Key", key).status())
                .isEqualTo(401);
    }

    @Test
    void listsAndGetsMaskTheHashAndShowOnlyTheCallersOwnKeys() {
        String aliceKeyId = create(alice, "{}");
        String bobKeyId = create(bob, "{}");
        var mine = api.get("/api/v1/apikeys", alice);
        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.header("X-Limit")).isEqualTo("50");
        assertThat(mine.json()).allSatisfy(k -> {
            assertThat(k.get("user").asText()).isEqualTo("alice");
            assertThat(k.get("key_hash").asText()).isEqualTo("********");
            assertThat(k.get("uid").asText()).isEqualTo("********");
        });
        assertThat(ids(mine.json())).contains(aliceKeyId).doesNotContain(bobKeyId);
        assertThat(Long.parseLong(mine.header("X-Total-Count")))
                .isEqualTo(mine.json().size());

        var all = api.get("/api/v1/apikeys?limit=-1", admin);
        assertThat(ids(all.json())).contains(aliceKeyId, bobKeyId);
        var secrets = api.get("/api/v1/apikeys/" + bobKeyId + "?show_secrets=true", admin);
        assertThat(secrets.json().get("key_hash").asText()).matches("[0-9a-f]{128}");
        assertThat(api.get("/api/v1/apikeys/" + aliceKeyId + "?show_secrets=true", alice)
                        .json()
                        .get("key_hash")
                        .asText())
                .isEqualTo("********");
        assertThat(ids(api.get("/api/v1/apikeys?user=bob", admin).json()))
                .contains(bobKeyId)
                .doesNotContain(aliceKeyId);
    }

    @Test
    void anotherUsersKeysAndAdminOnlyParametersAreForbidden() {
        String bobKeyId = create(bob, "{}");
        for (var r : List.of(
                api.get("/api/v1/apikeys/" + bobKeyId, alice),
                api.put("/api/v1/apikeys/" + bobKeyId, alice, "{\"enabled\": false}"),
                api.delete("/api/v1/apikeys/" + bobKeyId, alice))) {
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.json().get("faultstring").asText())
                    .startsWith("User \"alice\" doesn't have required permission \"api_key_")
                    .doesNotContain(keys.get(bobKeyId).orElseThrow().keyHash());
        }
        assertThat(keys.get(bobKeyId).orElseThrow().enabled()).isTrue();
        assertThat(api.get("/api/v1/apikeys?user=bob", alice)
                        .json()
                        .get("faultstring")
                        .asText())
                .isEqualTo("\"user\" attribute can only be provided by admins");
        assertThat(api.get("/api/v1/apikeys?limit=-1", alice).status()).isEqualTo(403);
        var forCarol = api.post("/api/v1/apikeys", alice, "{\"user\": \"carol\"}");
        assertThat(forCarol.status()).isEqualTo(403);
        var byAdmin = api.post("/api/v1/apikeys", admin, "{\"user\": \"carol\"}");
        assertThat(byAdmin.status()).isEqualTo(201);
        assertThat(byAdmin.json().get("user").asText()).isEqualTo("carol");
    }

    @Test
    void anObserverMayListButNotCreate() {
        assertThat(api.get("/api/v1/apikeys", obs).status()).isEqualTo(200);
        long before = keys.count(Filter.all());
        var r = api.post("/api/v1/apikeys", obs, "{}");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("faultstring").asText())
                .isEqualTo("User \"obs\" doesn't have required permission \"api_key_create\"");
        assertThat(keys.count(Filter.all())).isEqualTo(before);
    }

    @Test
    void badBodiesAre400sNamingTheFieldAndChangeNothing() {
        long before = keys.count(Filter.all());
        assertThat(fault(api.post("/api/v1/apikeys", alice, "{\"colour\": \"red\"}")))
                .isEqualTo("Additional properties are not allowed ('colour' was unexpected)");
        assertThat(fault(api.post("/api/v1/apikeys", alice, "{\"enabled\": \"yes\"}")))
                .contains("'enabled'");
        assertThat(fault(api.post("/api/v1/apikeys", alice, "{\"metadata\": [1]}")))
                .contains("'metadata'");
        assertThat(fault(api.post("/api/v1/apikeys", alice, "{\"key_hash\": \"abc\"}")))
                .contains("'key_hash'");
        assertThat(fault(api.post("/api/v1/apikeys", alice, "[]"))).contains("JSON object");
        assertThat(keys.count(Filter.all())).isEqualTo(before);

        String id = create(alice, "{}");
        var masked = api.get("/api/v1/apikeys/" + id, alice).json();
        var roundTrip = api.put("/api/v1/apikeys/" + id, alice, masked.toString());
        assertThat(roundTrip.status()).isEqualTo(200);
        var rehash = api.put("/api/v1/apikeys/" + id, alice, "{\"key_hash\": \"" + "a".repeat(128) + "\"}");
        assertThat(rehash.status()).isEqualTo(400);
        assertThat(fault(rehash)).isEqualTo("Update of key_hash is not allowed.");
        assertThat(api.get("/api/v1/apikeys/nope", alice).status()).isEqualTo(404);
    }

    @Test
    void anExistingKeyCanBeImportedByItsHashAndFoundByTheKeyItself() {
        String key = "my-own-long-lived-key";
        var imported = api.post("/api/v1/apikeys", admin, "{\"key_hash\": \"" + ApiKeys.hash(key) + "\"}");
        assertThat(imported.status()).isEqualTo(201);
        assertThat(imported.json().get("key").isNull()).isTrue();
        var me = api.send("GET", "/api/v1/user", null, "St2-Api-Key", key);
        assertThat(me.json().get("username").asText()).isEqualTo("st2admin");
        var byKey = api.get("/api/v1/apikeys/" + key, admin);
        assertThat(byKey.json().get("id").asText())
                .isEqualTo(imported.json().get("id").asText());
        var duplicate = api.post("/api/v1/apikeys", admin, "{\"key_hash\": \"" + ApiKeys.hash(key) + "\"}");
        assertThat(duplicate.status()).isEqualTo(409);
    }

    private static String create(String token, String body) {
        var r = api.post("/api/v1/apikeys", token, body);
        assertThat(r.status()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    private static List<String> ids(com.fasterxml.jackson.databind.JsonNode list) {
        List<String> out = new java.util.ArrayList<>();
        list.forEach(n -> out.add(n.get("id").asText()));
        return out;
    }

    private static String fault(JsonHttp.Response r) {
        assertThat(r.status()).isEqualTo(400);
        return r.json().get("faultstring").asText();
    }
}
