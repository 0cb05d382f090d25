package io.reflex.api.content;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.api.ApiTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /configs} and {@code /config_schemas}, with RBAC on so that secrets and permissions matter. */
class ConfigsApiTest {
    @TempDir
    static Path dir;

    static ApiTestServer api;
    static String admin;
    static String viewer;

    @BeforeAll
    static void start() throws Exception {
        ContentApiTestServers.role(
                dir.resolve("data"),
                "viewer",
                "examples_viewer",
                List.of(Map.of("resource_uid", "pack:examples", "permission_types", "[pack_view]")));
        api = ContentApiTestServers.start(dir, Map.of("rbac.enable", "true"));
        admin = api.token("st2admin");
        viewer = api.token("viewer");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void putValidatesAppliesDefaultsWritesTheFileAndMasksSecrets() throws Exception {
        var r = api.put("/api/v1/configs/examples", admin, "{\"api_token\": \"s3cr3t\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("pack").asText()).isEqualTo("examples");
        assertThat(r.json().get("values").get("greeting").asText())
                .as("default applied")
                .isEqualTo("Hello");
        assertThat(r.json().get("values").get("api_token").asText()).isEqualTo("********");
        assertThat(Files.readString(dir.resolve("configs/examples.yaml"))).contains("api_token: s3cr3t");
        var shown = api.get("/api/v1/configs/examples?show_secrets=true", admin);
        assertThat(shown.json().get("values").get("api_token").asText()).isEqualTo("s3cr3t");
        var list = api.get("/api/v1/configs", admin);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().toString()).doesNotContain("s3cr3t");
    }

    @Test
    void invalidConfigsAre400NamingTheKeyAndChangeNothing() throws Exception {
        api.put("/api/v1/configs/examples", admin, "{\"greeting\": \"Hi\"}");
        var r = api.put("/api/v1/configs/examples", admin, "{\"greeting\": 5}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("faultstring").asText()).contains("greeting");
        assertThat(api.get("/api/v1/configs/examples", admin)
                        .json()
                        .get("values")
                        .get("greeting")
                        .asText())
                .isEqualTo("Hi");
        assertThat(api.put("/api/v1/configs/examples", admin, "[]").status()).isEqualTo(400);
        assertThat(api.put("/api/v1/configs/core", admin, "{}")
                        .json()
                        .get("faultstring")
                        .asText())
                .isEqualTo("Pack \"core\" has no config schema");
        assertThat(api.put("/api/v1/configs/nopack", admin, "{}").status()).isEqualTo(404);
    }

    @Test
    void configSchemasAreListedAndReadByPack() {
        var list = api.get("/api/v1/config_schemas", admin);
        assertThat(ContentApiTestServers.texts(list.json(), "pack")).contains("examples");
        var one = api.get("/api/v1/config_schemas/examples", admin).json();
        assertThat(one.get("attributes").get("api_token").get("secret").asBoolean())
                .isTrue();
        var missing = api.get("/api/v1/config_schemas/core", admin);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("faultstring").asText())
                .isEqualTo("Unable to identify resource with pack_ref \"core\".");
    }

    @Test
    void aPackViewerMayReadButNotWriteNorSeeSecrets() {
        assertThat(api.get("/api/v1/configs/examples", viewer).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/config_schemas/examples", viewer).status()).isEqualTo(200);
        var put = api.put("/api/v1/configs/examples", viewer, "{}");
        assertThat(put.status()).isEqualTo(403);
        assertThat(put.json().get("faultstring").asText())
                .isEqualTo("User \"viewer\" doesn't have required permission \"pack_config\"");
        assertThat(api.get("/api/v1/configs/examples?show_secrets=true", viewer).status())
                .isEqualTo(403);
        assertThat(api.get("/api/v1/configs", viewer).status())
                .as("pack_list is global")
                .isEqualTo(403);
        assertThat(api.get("/api/v1/configs/chatops", viewer).status()).isEqualTo(403);
    }
}
