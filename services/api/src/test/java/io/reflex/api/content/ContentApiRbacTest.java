package io.reflex.api.content;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.api.ApiTestServer;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RBAC on the content endpoints with {@code rbac.enable=true}: an observer reads but writes nothing, a user
 * without roles gets nothing, and a pack-scoped role works on its pack only (including the transitive
 * checks: running the rule's action, {@code limit=-1}, {@code show_secrets}).
 */
class ContentApiRbacTest {
    @TempDir
    static Path dir;

    static ApiTestServer api;
    static String observer;
    static String nobody;
    static String dev;

    @BeforeAll
    static void start() throws Exception {
        Path data = dir.resolve("data");
        ContentApiTestServers.role(
                data,
                "dev",
                "examples_dev",
                List.of(
                        Map.of(
                                "resource_uid",
                                "pack:examples",
                                "permission_types",
                                "[action_create, action_view, action_delete, action_execute, rule_create, rule_view]"),
                        Map.of("permission_types", "[action_list, rule_list]")));
        Files.writeString(data.resolve("rbac/assignments/observer.yaml"), "username: observer\nroles: [observer]\n");
        api = ContentApiTestServers.start(dir, Map.of("rbac.enable", "true"));
        observer = api.token("observer");
        nobody = api.token("nobody");
        dev = api.token("dev");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static final String ACTION = """
            {"name": "%s", "pack": "%s", "runner_type": "local-shell-cmd"}""";

    @Test
    void anObserverListsAndViewsEverythingButChangesNothing() {
        for (String path : List.of(
                "/api/v1/actions",
                "/api/v1/rules",
                "/api/v1/packs",
                "/api/v1/triggertypes",
                "/api/v1/triggers",
                "/api/v1/sensortypes",
                "/api/v1/policies",
                "/api/v1/policytypes",
                "/api/v1/actionalias",
                "/api/v1/ruleenforcements",
                "/api/v1/ruletypes",
                "/api/v1/configs",
                "/api/v1/config_schemas",
                "/api/v1/actions/core.local",
                "/api/v1/actions/views/parameters/core.local",
                "/api/v1/packs/core")) {
            assertThat(api.get(path, observer).status()).as(path).isEqualTo(200);
        }
        var create = api.post("/api/v1/actions", observer, ACTION.formatted("obs", "examples"));
        assertThat(create.status()).isEqualTo(403);
        assertThat(create.json().get("faultstring").asText())
                .isEqualTo("User \"observer\" doesn't have required permission \"action_create\" on resource"
                        + " \"action:examples:obs\"");
        assertThat(api.delete("/api/v1/rules/examples.heartbeat", observer).status())
                .isEqualTo(403);
        assertThat(api.put("/api/v1/sensortypes/examples.TickSensor", observer, "{\"enabled\": true}")
                        .status())
                .isEqualTo(403);
        assertThat(api.post("/api/v1/packs/register", observer, "{}").status()).isEqualTo(403);
        assertThat(api.post("/api/v1/packs/install", observer, "{\"packs\": [\"x\"]}")
                        .status())
                .isEqualTo(403);
        assertThat(api.post("/api/v1/packs/uninstall", observer, "{\"packs\": [\"examples\"]}")
                        .status())
                .isEqualTo(403);
        assertThat(api.post("/api/v1/actionalias/match", observer, "{\"command\": \"x\"}")
                        .status())
                .isEqualTo(403);
        assertThat(api.get("/api/v1/packs/examples", observer).status()).isEqualTo(200);
    }

    @Test
    void adminOnlyQueryOptionsAreRefusedToOthers() {
        assertThat(api.get("/api/v1/actions?limit=-1", observer).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/actions?limit=1000", observer).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/rules?show_secrets=true", observer).status())
                .isEqualTo(403);
        assertThat(api.get("/api/v1/actions?limit=-1", api.token("st2admin")).status())
                .isEqualTo(200);
    }

    @Test
    void aUserWithoutRolesGetsNothing() {
        var r = api.get("/api/v1/actions", nobody);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("faultstring").asText())
                .isEqualTo("User \"nobody\" doesn't have required permission \"action_list\"");
        assertThat(api.get("/api/v1/actions/core.local", nobody).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/packs/views/files/examples", nobody).status())
                .isEqualTo(403);
    }

    @Test
    void aPackGrantCoversThatPacksResourcesOnly() {
        assertThat(api.post("/api/v1/actions", dev, ACTION.formatted("mine", "examples"))
                        .status())
                .isEqualTo(201);
        assertThat(api.get("/api/v1/actions/examples.greet", dev).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/actions/core.local", dev).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/actions", dev, ACTION.formatted("mine", "other"))
                        .status())
                .isEqualTo(403);
        assertThat(api.store().store(Kinds.ACTION).count(Filter.eq("ref", "other.mine")))
                .isZero();
        assertThat(api.delete("/api/v1/actions/examples.mine", dev).status()).isEqualTo(204);
    }

    @Test
    void creatingARuleNeedsTheRightToRunItsAction() {
        String rule = """
                {"name": "%s", "pack": "examples", "trigger": {"type": "core.st2.webhook", "parameters": {"url": "r"}},
                 "action": {"ref": "%s"}}""";
        var foreign = api.post("/api/v1/rules", dev, rule.formatted("uses_core", "core.local"));
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.json().get("faultstring").asText()).contains("action_execute");
        assertThat(api.store().store(Kinds.RULE).count(Filter.eq("ref", "examples.uses_core")))
                .isZero();
        var own = api.post("/api/v1/rules", dev, rule.formatted("uses_own", "examples.greet"));
        assertThat(own.status()).as("webhook rules also need webhook_create").isEqualTo(403);
        assertThat(own.json().get("faultstring").asText()).contains("webhook_create");
    }
}
