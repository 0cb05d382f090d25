package io.reflex.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API's cross-cutting behaviour: versions, prefixes, auth, errors, request ids, CORS. */
class ApiBasicsTest {
    @TempDir
    static Path dir;

    static ApiTestServer api;
    static String token;

    @BeforeAll
    static void start() throws Exception {
        api = ApiTestServer.start(dir, java.util.Map.of("api.allow_origin", "https://ui.example.org"));
        token = api.token("st2admin");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void rootAnswersTheVersionWithoutAuth() {
        var r = api.send("GET", "/api/v1/", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("version").asText()).isNotBlank();
        assertThat(r.header("X-Request-ID")).isNotBlank();
    }

    @Test
    void everyOtherRouteNeedsCredentials() {
        var r = api.send("GET", "/api/v1/runnertypes", null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("faultstring").asText()).isEqualTo("Unauthorized - One of Token or API key required.");
        var expired = api.get("/api/v1/runnertypes", api.token("st2admin", true));
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.json().get("faultstring").asText()).isEqualTo("Unauthorized - Token has expired.");
        var unknown = api.get("/api/v1/runnertypes", "0123456789abcdef0123456789abcdef");
        assertThat(unknown.json().get("faultstring").asText()).isEqualTo("Unauthorized - Token not found.");
    }

    @Test
    void theSameResourceAnswersUnderApiV1V1AndRoot() {
        for (String prefix : new String[] {"/api/v1", "/v1", ""}) {
            var r = api.get(prefix + "/runnertypes/local-shell-cmd", token);
            assertThat(r.status()).as(prefix).isEqualTo(200);
            assertThat(r.json().get("uid").asText()).isEqualTo("runner_type:local-shell-cmd");
        }
    }

    @Test
    void tokensAreAcceptedFromQueryAndCookieToo() {
        assertThat(api.send("GET", "/api/v1/runnertypes?x-auth-token=" + token, null)
                        .status())
                .isEqualTo(200);
        assertThat(api.send("GET", "/api/v1/runnertypes", null, "Cookie", "auth-token=" + token)
                        .status())
                .isEqualTo(200);
        var r = api.get("/api/v1/runnertypes", token);
        assertThat(r.header("Set-Cookie"))
                .startsWith("auth-token=" + token)
                .containsIgnoringCase("HttpOnly")
                .contains("SameSite=Lax");
    }

    @Test
    void listsArePagedWithStackStormsHeaders() {
        var r = api.get("/api/v1/runnertypes?limit=2&offset=1", token);
        assertThat(r.json()).hasSize(2);
        assertThat(r.header("X-Limit")).isEqualTo("2");
        assertThat(Integer.parseInt(r.header("X-Total-Count"))).isGreaterThan(2);
        assertThat(api.get("/api/v1/runnertypes?limit=0", token).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/runnertypes?limit=abc", token)
                        .json()
                        .get("faultstring")
                        .asText())
                .isEqualTo("query parameter 'limit' must be an integer, got 'abc'");
    }

    @Test
    void fieldSelectionKeepsTheId() {
        var r = api.get("/api/v1/runnertypes/noop?include_attributes=name", token);
        assertThat(r.json().fieldNames()).toIterable().containsExactlyInAnyOrder("id", "name");
        var both = api.get("/api/v1/runnertypes?include_attributes=name&exclude_attributes=id", token);
        assertThat(both.status()).isEqualTo(400);
    }

    @Test
    void unknownPathsAndIdsAreJson404s() {
        var r = api.get("/api/v1/nothing-here", token);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().has("faultstring")).isTrue();
        var id = api.get("/api/v1/runnertypes/no-such-runner", token);
        assertThat(id.status()).isEqualTo(404);
        assertThat(id.json().get("faultstring").asText()).contains("no-such-runner");
    }

    @Test
    void requestIdIsEchoedWhenSaneAndReplacedOtherwise() {
        assertThat(api.send("GET", "/api/v1/", null, "X-Request-ID", "abc-123").header("X-Request-ID"))
                .isEqualTo("abc-123");
        assertThat(api.send("GET", "/api/v1/", null, "X-Request-ID", "bad id <script>")
                        .header("X-Request-ID"))
                .isNotEqualTo("bad id <script>");
    }

    @Test
    void corsAllowsOnlyTheExactListedOrigins() {
        var ok = api.send(
                "OPTIONS",
                "/api/v1/actions",
                null,
                "Origin",
                "https://ui.example.org",
                "Access-Control-Request-Method",
                "GET");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.header("Access-Control-Allow-Origin")).isEqualTo("https://ui.example.org");
        var evil = api.send(
                "OPTIONS",
                "/api/v1/actions",
                null,
                "Origin",
                "https://evil.example.org",
                "Access-Control-Request-Method",
                "GET");
        assertThat(evil.header("Access-Control-Allow-Origin")).isNull();
        var nullOrigin = api.send("GET", "/api/v1/", null, "Origin", "null");
        assertThat(nullOrigin.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void oversizedBodiesAre413() {
        String big = "{\"x\": \"" + "a".repeat(11 * 1024 * 1024) + "\"}";
        var r = api.put("/api/v1/runnertypes/noop", token, big);
        assertThat(r.status()).isEqualTo(413);
    }

    @Test
    void malformedJsonIs400NamingTheProblem() {
        var r = api.put("/api/v1/runnertypes/noop", token, "{\"enabled\": tru");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("faultstring").asText()).startsWith("Failed to parse request body as JSON:");
    }
}
