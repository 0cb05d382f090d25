package io.reflex.api.keys;

import static io.reflex.api.keys.KeysApiTest.body;
import static io.reflex.api.keys.KeysApiTest.names;
import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.api.ApiTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may see and change system keys with RBAC on: administrators, observers (read), explicit grants. */
class KeysRbacTest {
    @TempDir
    static Path dir;

    static ApiTestServer api;
    static String admin;
    static String gary;
    static String olivia;
    static String nobody;

    /** gary holds view+set on one system key; olivia is an observer. */
    static void writeRbac(Path rbac) throws Exception {
        Files.createDirectories(rbac.resolve("roles"));
        Files.createDirectories(rbac.resolve("assignments"));
        Files.writeString(rbac.resolve("roles/kv_granted.yaml"), """
                name: kv_granted
                description: one system key
                enabled: true
                permission_grants:
                  - resource_uid: "key_value_pair:st2kv.system:granted.key"
                    permission_types: [key_value_pair_view, key_value_pair_set]
                """);
        Files.writeString(rbac.resolve("assignments/gary.yaml"), "username: gary\nroles: [kv_granted]\n");
        Files.writeString(rbac.resolve("assignments/olivia.yaml"), "username: olivia\nroles: [observer]\n");
    }

    @BeforeAll
    static void start() throws Exception {
        writeRbac(dir.resolve("rbac"));
        api = ApiTestServer.start(dir, Map.of("rbac.enable", "true"));
        admin = api.token("st2admin");
        gary = api.token("gary");
        olivia = api.token("olivia");
        nobody = api.token("nobody");
        api.put("/api/v1/keys/granted.key", admin, body("granted.key", "g"));
        api.put("/api/v1/keys/other.key", admin, body("other.key", "o"));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void aGrantOnOneSystemKeyAllowsExactlyThatKey() {
        assertThat(api.get("/api/v1/keys/granted.key", gary).json().get("value").asText())
                .isEqualTo("g");
        assertThat(api.put("/api/v1/keys/granted.key", gary, body("granted.key", "g2"))
                        .status())
                .isEqualTo(200);
        var other = api.get("/api/v1/keys/other.key", gary);
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.json().get("faultstring").asText())
                .isEqualTo("User \"gary\" doesn't have required permission \"key_value_pair_view\" on resource"
                        + " \"key_value_pair:st2kv.system:other.key\"");
        var write = api.put("/api/v1/keys/other.key", gary, body("other.key", "hacked"));
        assertThat(write.status()).isEqualTo(403);
        assertThat(write.json().get("faultstring").asText()).contains("\"key_value_pair_set\"");
        assertThat(api.delete("/api/v1/keys/granted.key", gary).status())
                .as("view+set do not include delete")
                .isEqualTo(403);
        assertThat(api.get("/api/v1/keys/other.key", admin).json().get("value").asText())
                .isEqualTo("o");
    }

    @Test
    void listsShowOnlyTheSystemKeysTheCallerMaySee() {
        assertThat(names(api.get("/api/v1/keys?prefix=", gary))).containsExactly("granted.key");
        assertThat(api.get("/api/v1/keys", gary).header("X-Total-Count")).isEqualTo("1");
        assertThat(names(api.get("/api/v1/keys", olivia))).contains("granted.key", "other.key");
        assertThat(names(api.get("/api/v1/keys", admin))).contains("granted.key", "other.key");
        assertThat(names(api.get("/api/v1/keys", nobody))).isEmpty();
    }

    @Test
    void everyoneManagesTheirOwnUserKeysWithoutAnyGrant() {
        var put = api.put("/api/v1/keys/note", nobody, body("note", "n", "scope", "user"));
        assertThat(put.status()).isEqualTo(200);
        assertThat(names(api.get("/api/v1/keys?scope=user", nobody))).containsExactly("note");
        assertThat(api.get("/api/v1/keys/note?scope=user", olivia).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/keys/note?user=nobody", olivia).status())
                .as("observers may not name another user")
                .isEqualTo(403);
        assertThat(api.delete("/api/v1/keys/note?scope=user", nobody).status()).isEqualTo(204);
    }

    @Test
    void observersReadButNeitherWriteNorDecrypt() {
        assertThat(api.get("/api/v1/keys/other.key", olivia).status()).isEqualTo(200);
        assertThat(api.put("/api/v1/keys/other.key", olivia, body("other.key", "x"))
                        .status())
                .isEqualTo(403);
        assertThat(api.delete("/api/v1/keys/other.key", olivia).status()).isEqualTo(403);
    }

    @Test
    void theServiceRegistryIsForAdministrators() {
        var r = api.get("/api/v1/service_registry/groups", olivia);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("faultstring").asText()).isEqualTo("Administrator access required");
        assertThat(api.get("/api/v1/service_registry/groups/api/members", gary).status())
                .isEqualTo(403);
    }

    @Test
    void timersNeedTimerPermissions() {
        var r = api.get("/api/v1/timers", nobody);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("faultstring").asText())
                .isEqualTo("User \"nobody\" doesn't have required permission \"timer_list\"");
        assertThat(api.get("/api/v1/timers", olivia).status()).isEqualTo(200);
    }
}
