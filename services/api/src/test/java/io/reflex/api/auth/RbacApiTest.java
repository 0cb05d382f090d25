package io.reflex.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.api.ApiTestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /user} and the read-only RBAC API with RBAC on, and RBAC decisions seen through real endpoints. */
class RbacApiTest {
    @TempDir
    static Path dir;

    static ApiTestServer api;
    static String admin;
    static String obs;
    static String opal;
    static String nora;

    @BeforeAll
    static void start() throws Exception {
        RbacFixtures.write(dir);
        api = ApiTestServer.start(dir, RbacFixtures.RBAC_ON);
        admin = api.token("st2admin");
        obs = api.token("obs");
        opal = api.token("opal");
        nora = api.token("nora");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void userDescribesTheCallerTheirTokenAndTheirRoles() {
        var r = api.get("/api/v1/user", opal);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("username").asText()).isEqualTo("opal");
        assertThat(r.json().at("/authentication/method").asText()).isEqualTo("authentication token");
        assertThat(r.json().at("/authentication/location").asText()).isEqualTo("header");
        assertThat(r.json().at("/authentication/token_expire").asText())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(r.json().at("/rbac/enabled").asBoolean()).isTrue();
        assertThat(texts(r.json().at("/rbac/roles"))).containsExactly("core_operator");
        assertThat(r.json().at("/rbac/is_admin").asBoolean()).isFalse();
        var root = api.get("/api/v1/user", admin);
        assertThat(texts(root.json().at("/rbac/roles"))).containsExactly("system_admin");
        assertThat(root.json().at("/rbac/is_admin").asBoolean()).isTrue();
        assertThat(api.send("GET", "/api/v1/user?x-auth-token=" + nora, null)
                        .json()
                        .at("/authentication/location")
                        .asText())
                .isEqualTo("query");
    }

    @Test
    void anObserverMayListAndViewButNotChange() {
        assertThat(api.get("/api/v1/runnertypes", obs).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/actions/core.local", obs).status()).isEqualTo(200);
        var r = api.put("/api/v1/runnertypes/noop", obs, "{\"enabled\": false}");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("faultstring").asText())
                .isEqualTo("User \"obs\" doesn't have required permission \"runner_type_modify\" on resource"
                        + " \"runner_type:noop\"");
        assertThat(api.get("/api/v1/runnertypes/noop", admin)
                        .json()
                        .get("enabled")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void aPackGrantCoversThatPacksActionsOnly() {
        assertThat(api.get("/api/v1/actions", opal).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/actions/core.local", opal).status()).isEqualTo(200);
        var other = api.get("/api/v1/actions/examples.echochain", opal);
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.json().get("faultstring").asText())
                .isEqualTo("User \"opal\" doesn't have required permission \"action_view\" on resource"
                        + " \"action:examples:echochain\"");
        assertThat(api.delete("/api/v1/actions/core.local", opal).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/rules", opal).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/actions", nora).status()).isEqualTo(403);
    }

    @Test
    void permissionTypesAreListedForAdministrators() {
        var all = api.get("/api/v1/rbac/permission_types", admin);
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.json().at("/action/action_execute").asText())
                .isEqualTo("Ability to execute (run) an action. Also implies \"action_view\" permission.");
        assertThat(all.json().has("key_value_pair")).isTrue();
        var actions = api.get("/api/v1/rbac/permission_types/action", admin);
        assertThat(actions.json().fieldNames()).toIterable().contains("action_list", "action_all");
        var unknown = api.get("/api/v1/rbac/permission_types/spaceship", admin);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("faultstring").asText()).isEqualTo("Invalid resource type: spaceship");
        var denied = api.get("/api/v1/rbac/permission_types", obs);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.json().get("faultstring").asText()).isEqualTo("Administrator access required");
    }

    @Test
    void rolesAreListedWithTheirGrants() {
        var roles = api.get("/api/v1/rbac/roles", admin);
        assertThat(roles.status()).isEqualTo(200);
        assertThat(names(roles.json()))
                .containsExactly("admin", "core_operator", "keyholder", "observer", "system_admin");
        assertThat(roles.header("X-Total-Count")).isEqualTo("5");
        var op = api.get("/api/v1/rbac/roles/core_operator", admin).json();
        assertThat(op.get("system").asBoolean()).isFalse();
        assertThat(op.get("permission_grants")).hasSize(2);
        assertThat(op.get("permission_grant_objects")).anySatisfy(g -> {
            assertThat(g.get("resource_uid").asText()).isEqualTo("pack:core");
            assertThat(g.get("resource_type").asText()).isEqualTo("pack");
            assertThat(texts(g.get("permission_types"))).containsExactly("action_execute");
        });
        assertThat(api.get("/api/v1/rbac/roles/" + op.get("id").asText(), admin)
                        .json()
                        .get("name")
                        .asText())
                .isEqualTo("core_operator");
        assertThat(names(api.get("/api/v1/rbac/roles?system=true", admin).json()))
                .containsExactly("admin", "observer", "system_admin");
        var missing = api.get("/api/v1/rbac/roles/retired", admin);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("faultstring").asText())
                .isEqualTo("Resource with a name or id \"retired\" not found");
        assertThat(api.get("/api/v1/rbac/roles", opal).status()).isEqualTo(403);
    }

    @Test
    void roleAssignmentsAreForAdministratorsOrTheirOwner() {
        var all = api.get("/api/v1/rbac/role_assignments", admin);
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.json())
                .anySatisfy(a -> {
                    assertThat(a.get("user").asText()).isEqualTo("st2admin");
                    assertThat(a.get("role").asText()).isEqualTo("system_admin");
                    assertThat(a.get("source").asText()).isEqualTo("config");
                })
                .anySatisfy(a -> {
                    assertThat(a.get("user").asText()).isEqualTo("opal");
                    assertThat(a.get("source").asText()).isEqualTo("assignments/opal.yaml");
                    assertThat(a.get("description").asText()).isEqualTo("on call");
                    assertThat(a.get("is_remote").asBoolean()).isFalse();
                });
        var own = api.get("/api/v1/rbac/role_assignments?user=opal", opal);
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.json()).hasSize(1);
        String id = own.json().get(0).get("id").asText();
        assertThat(api.get("/api/v1/rbac/role_assignments/" + id, opal).status())
                .isEqualTo(200);
        assertThat(api.get("/api/v1/rbac/role_assignments/" + id, obs).status()).isEqualTo(403);
        var everyone = api.get("/api/v1/rbac/role_assignments", opal);
        assertThat(everyone.status()).isEqualTo(403);
        assertThat(everyone.json().get("faultstring").asText()).isEqualTo("Administrator or self access required");
        assertThat(api.get("/api/v1/rbac/role_assignments?role=observer", admin).json())
                .extracting(a -> a.get("user").asText())
                .containsExactly("obs");
        assertThat(api.get("/api/v1/rbac/role_assignments/0123456789abcdef01234567", admin)
                        .status())
                .isEqualTo(404);
    }

    private static List<String> names(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.get("name").asText()));
        return out;
    }

    private static List<String> texts(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.asText()));
        return out;
    }
}
