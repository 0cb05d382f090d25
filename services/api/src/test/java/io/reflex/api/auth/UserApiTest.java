package io.reflex.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.api.ApiTestServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /user} and the RBAC API with RBAC off (StackStorm's noop backend: everyone is an administrator). */
class UserApiTest {
    @TempDir
    static Path dir;

    static ApiTestServer api;

    @BeforeAll
    static void start() throws Exception {
        api = ApiTestServer.start(dir, Map.of());
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void withRbacOffEveryUserIsAnAdministratorWithoutRoles() {
        var r = api.get("/api/v1/user", api.token("someone"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().at("/rbac/enabled").asBoolean()).isFalse();
        assertThat(r.json().at("/rbac/roles")).isEmpty();
        assertThat(r.json().at("/rbac/is_admin").asBoolean()).isTrue();
        assertThat(r.json().at("/authentication/token_expire").isMissingNode()).isFalse();
    }

    @Test
    void theCookieCountsAsACredentialLocation() {
        String token = api.token("cookie-user");
        var r = api.send("GET", "/api/v1/user", null, "Cookie", "auth-token=" + token);
        assertThat(r.json().at("/authentication/location").asText()).isEqualTo("cookie");
    }

    @Test
    void theRbacApiShowsTheSystemRolesAndNoAssignments() {
        String token = api.token("someone");
        var roles = api.get("/api/v1/rbac/roles", token);
        assertThat(roles.status()).isEqualTo(200);
        assertThat(roles.json()).hasSize(3);
        assertThat(api.get("/api/v1/rbac/role_assignments", token).json()).isEmpty();
    }

    @Test
    void withoutCredentialsUserIs401() {
        assertThat(api.send("GET", "/api/v1/user", null).status()).isEqualTo(401);
    }
}
