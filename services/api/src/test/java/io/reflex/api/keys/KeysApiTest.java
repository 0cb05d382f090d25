package io.reflex.api.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.api.ApiTestServer;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.model.KeyValuePair;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.testing.JsonHttp;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The datastore API over HTTP, with RBAC on: scopes, users, TTL, filters, paging, bad input (StackStorm's shapes). */
class KeysApiTest {
    @TempDir
    static Path dir;

    static ApiTestServer api;
    static String admin;
    static String alice;
    static String bob;

    @BeforeAll
    static void start() throws Exception {
        KeysRbacTest.writeRbac(dir.resolve("rbac"));
        api = ApiTestServer.start(dir, Map.of("rbac.enable", "true"));
        admin = api.token("st2admin");
        alice = api.token("alice");
        bob = api.token("bob");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static String body(String name, String value, Object... more) {
        var o = Json.object().put("name", name).put("value", value);
        for (int i = 0; i + 1 < more.length; i += 2) {
            o.set((String) more[i], Json.mapper().valueToTree(more[i + 1]));
        }
        return o.toString();
    }

    static long storedKeys() {
        return api.store().store(Kinds.KEY_VALUE_PAIR).count(Filter.all());
    }

    @Test
    void aSystemKeyIsSetReadListedAndDeleted() {
        var put = api.put("/api/v1/keys/crud.k1", admin, body("crud.k1", "v1"));
        assertThat(put.status()).isEqualTo(200);
        JsonNode k = put.json();
        assertThat(k.get("id").asText()).hasSize(24);
        assertThat(k.get("uid").asText()).isEqualTo("key_value_pair:st2kv.system:crud.k1");
        assertThat(k.get("name").asText()).isEqualTo("crud.k1");
        assertThat(k.get("value").asText()).isEqualTo("v1");
        assertThat(k.get("secret").asBoolean()).isFalse();
        assertThat(k.get("encrypted").asBoolean()).isFalse();
        assertThat(k.get("scope").asText()).isEqualTo("st2kv.system");
        assertThat(k.has("user")).isFalse();
        assertThat(k.has("expire_timestamp")).isFalse();

        var again = api.put("/api/v1/keys/crud.k1", admin, body("crud.k1", "v2"));
        assertThat(again.json().get("id").asText()).isEqualTo(k.get("id").asText());
        assertThat(api.get("/api/v1/keys/crud.k1", admin).json().get("value").asText())
                .isEqualTo("v2");
        assertThat(api.get("/api/v1/keys/crud.k1?scope=system", admin).status()).isEqualTo(200);
        var list = api.get("/api/v1/keys?prefix=crud.", admin);
        assertThat(list.json()).extracting(n -> n.get("name").asText()).containsExactly("crud.k1");
        assertThat(list.header("X-Total-Count")).isEqualTo("1");
        assertThat(list.header("X-Limit")).isEqualTo("100");

        var deleted = api.delete("/api/v1/keys/crud.k1", admin);
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        var gone = api.get("/api/v1/keys/crud.k1", admin);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.json().get("faultstring").asText())
                .isEqualTo("The key \"crud.k1\" does not exist in the StackStorm datastore.");
        assertThat(api.delete("/api/v1/keys/crud.k1", admin).status()).isEqualTo(404);
    }

    @Test
    void userKeysAreStoredUnderTheUserAndShownSplit() {
        var put = api.put("/api/v1/keys/mine", alice, body("mine", "a", "scope", "user"));
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().get("uid").asText()).isEqualTo("key_value_pair:st2kv.user:alice:mine");
        assertThat(put.json().get("name").asText()).isEqualTo("mine");
        assertThat(put.json().get("user").asText()).isEqualTo("alice");
        assertThat(put.json().get("scope").asText()).isEqualTo("st2kv.user");
        assertThat(api.store()
                        .store(Kinds.KEY_VALUE_PAIR)
                        .findOne(Filter.eq("name", "alice:mine"))
                        .orElseThrow()
                        .scope())
                .isEqualTo(KeyValuePair.USER);
        api.put("/api/v1/keys/mine", bob, body("mine", "b", "scope", "st2kv.user"));

        assertThat(api.get("/api/v1/keys/mine?scope=user", alice)
                        .json()
                        .get("value")
                        .asText())
                .isEqualTo("a");
        assertThat(api.get("/api/v1/keys/mine?scope=st2kv.user", bob)
                        .json()
                        .get("value")
                        .asText())
                .isEqualTo("b");
        assertThat(api.get("/api/v1/keys/mine", admin).status())
                .as("system scope by default")
                .isEqualTo(404);
        assertThat(api.get("/api/v1/keys/mine", alice).status())
                .as("no grant on the system key: refused before looking")
                .isEqualTo(403);
        assertThat(api.get("/api/v1/keys?scope=user", alice).json())
                .extracting(n -> n.get("user").asText() + "/" + n.get("value").asText())
                .containsExactly("alice/a");
        assertThat(api.get("/api/v1/keys/mine?user=alice", admin)
                        .json()
                        .get("value")
                        .asText())
                .isEqualTo("a");
        assertThat(api.get("/api/v1/keys?user=bob", admin).json())
                .extracting(n -> n.get("value").asText())
                .containsExactly("b");

        assertThat(api.delete("/api/v1/keys/mine?scope=user", alice).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/keys/mine?scope=user", bob).status()).isEqualTo(200);
    }

    @Test
    void aUserMayNotReadAnotherUsersKeys() {
        api.put("/api/v1/keys/private", bob, body("private", "b", "scope", "user"));
        for (var r : List.of(
                api.get("/api/v1/keys/private?user=bob", alice),
                api.get("/api/v1/keys?user=bob", alice),
                api.delete("/api/v1/keys/private?scope=user&user=bob", alice),
                api.put("/api/v1/keys/private", alice, body("private", "x", "scope", "user", "user", "bob")))) {
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.json().get("faultstring").asText())
                    .isEqualTo("\"user\" attribute can only be provided by admins");
        }
        assertThat(api.get("/api/v1/keys/private?scope=user", bob)
                        .json()
                        .get("value")
                        .asText())
                .isEqualTo("b");
    }

    @Test
    void keysWithATtlExpire() {
        Instant before = Timestamps.now();
        var put = api.put("/api/v1/keys/ttl.short", admin, body("ttl.short", "v", "ttl", 1));
        Instant expires = Timestamps.parse(put.json().get("expire_timestamp").asText());
        assertThat(expires).isBetween(before.plusSeconds(1), before.plusSeconds(30));
        api.put("/api/v1/keys/ttl.long", admin, body("ttl.long", "v", "ttl", 3600));
        Awaitility.await()
                .atMost(Duration.ofSeconds(15))
                .until(() -> api.get("/api/v1/keys/ttl.short", admin).status() == 404);
        assertThat(api.get("/api/v1/keys?prefix=ttl.", admin).json())
                .extracting(n -> n.get("name").asText())
                .containsExactly("ttl.long");
        assertThat(api.delete("/api/v1/keys/ttl.short", admin).status()).isEqualTo(404);
    }

    @Test
    void listsFilterByPrefixNameAndIdAndPageAcrossScopes() {
        for (String n : List.of("pf.a.1", "pf.a.2", "pf.b.1")) {
            api.put("/api/v1/keys/" + n, admin, body(n, n));
        }
        api.put("/api/v1/keys/pf.a.9", admin, body("pf.a.9", "u", "scope", "user"));
        assertThat(names(api.get("/api/v1/keys?prefix=pf.a.", admin))).containsExactly("pf.a.1", "pf.a.2");
        assertThat(names(api.get("/api/v1/keys?prefix=pf.&sort=-name", admin)))
                .containsExactly("pf.b.1", "pf.a.2", "pf.a.1");
        assertThat(names(api.get("/api/v1/keys?name=pf.b.1", admin))).containsExactly("pf.b.1");
        String id = api.get("/api/v1/keys/pf.a.2", admin).json().get("id").asText();
        assertThat(names(api.get("/api/v1/keys?id=" + id, admin))).containsExactly("pf.a.2");

        var all = api.get("/api/v1/keys?scope=all&prefix=pf.a.", admin);
        assertThat(names(all)).containsExactly("pf.a.1", "pf.a.2", "pf.a.9");
        assertThat(all.json().get(2).get("scope").asText()).isEqualTo("st2kv.user");
        var page = api.get("/api/v1/keys?scope=all&prefix=pf.a.&limit=2&offset=1", admin);
        assertThat(names(page)).containsExactly("pf.a.2", "pf.a.9");
        assertThat(names(api.get("/api/v1/keys?scope=all&prefix=pf.a.&limit=5&offset=2", admin)))
                .as("an offset past the system keys continues in the user keys")
                .containsExactly("pf.a.9");
        assertThat(page.header("X-Total-Count")).isEqualTo("3");
        assertThat(page.header("X-Limit")).isEqualTo("2");
        assertThat(api.get("/api/v1/keys?prefix=pf.&include_attributes=value", admin)
                        .json()
                        .get(0)
                        .fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder("id", "value");
    }

    @Test
    void badRequestsAre400sNamingTheFieldAndChangeNothing() {
        long before = storedKeys();
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("{\"name\": \"bad\"}", "'value' is a required property");
        cases.put("{\"value\": \"x\"}", "'name' is a required property");
        cases.put("{\"name\": \"bad\", \"value\": 12}", "'value' must be a string, got a number");
        cases.put(body("bad", "x", "secret", "yes"), "'secret' must be a boolean, got a string");
        cases.put(body("bad", "x", "ttl", -5), "'ttl' must be between 0 and 3153600000 seconds, got -5");
        cases.put(body("bad", "x", "ttl", "5"), "'ttl' must be an integer, got a string");
        cases.put(body("bad", "x", "color", "red"), "Additional properties are not allowed ('color' was unexpected)");
        cases.put(
                body("bad", "x", "scope", "galaxy"),
                "Scope galaxy is not in allowed scopes list: ['system', 'user', 'st2kv.system', 'st2kv.user'].");
        cases.put("[1, 2]", "request body must be a JSON object, got an array");
        cases.put("{\"name\": ", null);
        List<String> seen = new ArrayList<>();
        cases.forEach((payload, message) -> {
            var r = api.put("/api/v1/keys/bad", admin, payload);
            assertThat(r.status()).as(payload).isEqualTo(400);
            if (message != null) {
                assertThat(r.json().get("faultstring").asText()).as(payload).isEqualTo(message);
            }
            seen.add(r.json().get("faultstring").asText());
        });
        assertThat(seen).noneMatch(s -> s.contains("Exception") || s.contains("\tat "));
        assertThat(api.get("/api/v1/keys?scope=galaxy", admin)
                        .json()
                        .get("faultstring")
                        .asText())
                .isEqualTo("Invalid scope: galaxy");
        assertThat(api.get("/api/v1/keys?sort=value", admin).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/keys/x?decrypt=maybe", admin).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/keys?limit=0", admin).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/keys?limit=1000", alice).status()).isEqualTo(403);
        assertThat(api.send("GET", "/api/v1/keys", null).status()).isEqualTo(401);
        assertThat(storedKeys()).isEqualTo(before);
    }

    static List<String> names(JsonHttp.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        r.json().forEach(n -> out.add(n.get("name").asText()));
        return out;
    }
}
