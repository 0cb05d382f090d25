package io.reflex.api.executions;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.api.ApiTestServer;
import io.reflex.core.store.Filter;
import io.reflex.testing.JsonHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Permissions on executions, webhooks, inquiries and trigger instances with RBAC on. */
class ExecutionsRbacApiTest {
    @TempDir
    static Path dir;

    static ApiTestServer api;
    static String admin;
    static String alice;
    static String olivia;

    @BeforeAll
    static void start() throws Exception {
        Path rbac = dir.resolve("rbac");
        Files.createDirectories(rbac.resolve("roles"));
        Files.createDirectories(rbac.resolve("assignments"));
        Files.writeString(rbac.resolve("roles/noop_runner.yaml"), """
                name: noop_runner
                description: May run core.noop and list executions.
                enabled: true
                permission_grants:
                  - resource_uid: action:core:noop
                    permission_types: [action_execute]
                  - permission_types: [execution_list]
                """);
        Files.writeString(rbac.resolve("assignments/alice.yaml"), "username: alice\nroles: [noop_runner]\n");
        Files.writeString(rbac.resolve("assignments/olivia.yaml"), "username: olivia\nroles: [observer]\n");
        api = ApiTestServer.start(dir, Map.of("rbac.enable", "true"));
        admin = api.token("st2admin");
        alice = api.token("alice");
        olivia = api.token("olivia");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static long executions() {
        return api.store().executions().count(Filter.all());
    }

    static String fault(JsonHttp.Response r) {
        return r.json().get("faultstring").asText();
    }

    @Test
    void anObserverMayLookButNotRunStopOrFire() {
        String id = api.post("/api/v1/executions", admin, "{\"action\": \"core.noop\"}")
                .json()
                .get("id")
                .asText();
        long before = executions();
        assertThat(api.get("/api/v1/executions", olivia).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/executions/" + id, olivia).status()).isEqualTo(200);
        var run = api.post("/api/v1/executions", olivia, "{\"action\": \"core.noop\"}");
        assertThat(run.status()).isEqualTo(403);
        assertThat(fault(run))
                .isEqualTo(
                        "User \"olivia\" doesn't have required permission \"action_execute\" on resource \"action:core:noop\"");
        var stop = api.delete("/api/v1/executions/" + id, olivia);
        assertThat(stop.status()).isEqualTo(403);
        assertThat(fault(stop)).contains("\"execution_stop\"");
        assertThat(api.post("/api/v1/executions/" + id + "/re_run", olivia, "{}")
                        .status())
                .isEqualTo(403);
        assertThat(api.post("/api/v1/webhooks/greet", olivia, "{}").status()).isEqualTo(403);
        assertThat(api.post("/api/v1/webhooks/st2", olivia, "{\"trigger\": \"core.st2.sensor.process_spawn\"}")
                        .status())
                .isEqualTo(403);
        assertThat(api.get("/api/v1/inquiries", olivia).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/triggerinstances", olivia).status()).isEqualTo(200);
        assertThat(api.post(
                                "/api/v1/aliasexecution/match_and_execute",
                                olivia,
                                "{\"command\": \"greet Bob\", \"user\": \"u\", \"source_channel\": \"c\"}")
                        .status())
                .isEqualTo(403);
        assertThat(executions()).isEqualTo(before);
        assertThat(api.store().executions().get(id).orElseThrow().status().wire())
                .isEqualTo("requested");
    }

    @Test
    void aGrantOnOneActionRunsAndStopsThatActionOnly() {
        var r = api.post("/api/v1/executions", alice, "{\"action\": \"core.noop\"}");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().at("/context/user").asText()).isEqualTo("alice");
        assertThat(r.json().at("/context/rbac/user").asText()).isEqualTo("alice");
        assertThat(r.json().at("/context/rbac/roles/0").asText()).isEqualTo("noop_runner");
        String id = r.json().get("id").asText();
        assertThat(api.get("/api/v1/executions/" + id, alice).status()).isEqualTo(200);
        assertThat(api.delete("/api/v1/executions/" + id, alice)
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("canceled");
        assertThat(api.post(
                                "/api/v1/executions",
                                alice,
                                "{\"action\": \"core.local\", \"parameters\": {\"cmd\": \"id\"}}")
                        .status())
                .isEqualTo(403);
    }

    @Test
    void adminOnlyParametersAreRefusedToOthers() {
        long before = executions();
        var runAs = api.post("/api/v1/executions", alice, "{\"action\": \"core.noop\", \"user\": \"bob\"}");
        assertThat(runAs.status()).isEqualTo(403);
        assertThat(fault(runAs)).isEqualTo("\"user\" attribute can only be provided by admins when RBAC is enabled");
        assertThat(executions()).isEqualTo(before);
        assertThat(api.get("/api/v1/executions?limit=-1", alice).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/executions?limit=1000", alice).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/executions?limit=-1", admin).status()).isEqualTo(200);
        var asBob = api.post("/api/v1/executions", admin, "{\"action\": \"core.noop\", \"user\": \"bob\"}");
        assertThat(asBob.json().at("/context/user").asText()).isEqualTo("bob");

        api.post(
                "/api/v1/executions",
                admin,
                "{\"action\": \"core.local\", \"parameters\": {\"cmd\": \"id\", \"sudo_password\": \"pw1234\"}}");
        assertThat(api.get("/api/v1/executions?show_secrets=true", alice).body())
                .doesNotContain("pw1234");
        assertThat(api.get("/api/v1/executions?show_secrets=true", admin).body())
                .contains("pw1234");
        assertThat(api.get("/api/v1/executions/views/filters", alice).status()).isEqualTo(403);
    }
}
