package io.reflex.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.json.Timestamps;
import io.reflex.core.model.Token;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Store;
import io.reflex.testing.JsonHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /auth/v1} in standalone mode over HTTP, as st2client and the web UI use it. */
class AuthServiceTest {
    /** Users of every hash kind, made by other tools (see {@link PasswordHashesTest}). */
    static final String HTPASSWD = """
            # made with htpasswd, openssl and libxcrypt
            bcrypt2y:$2y$05$abcdefghijklmnopqrstuuXYfZuHwbW6XD1To6ttcj/6MLZzfG3/a
            bcrypt2b:$2b$05$abcdefghijklmnopqrstuuXYfZuHwbW6XD1To6ttcj/6MLZzfG3/a
            apr1:$apr1$Ab3dEf9h$DaaQIQPSWfTQNKYb6NaQo.
            testu:{SHA}V1t6eZLxnehb7CTBuj61Nq3lIh4=
            """;

    @TempDir
    static Path dir;

    static AuthTestServer auth;
    static Store<Token> tokens;

    @BeforeAll
    static void start() throws Exception {
        Files.writeString(dir.resolve("htpasswd"), HTPASSWD);
        auth = AuthTestServer.start(
                dir,
                Map.of("auth.admin_password", "admin-pw-123", "api.public_url", "https://reflex.example.org/api"),
                Map.of());
        tokens = auth.store().store(Kinds.TOKEN);
    }

    @AfterAll
    static void stop() {
        auth.close();
    }

    @Test
    void tokensAreIssuedForEveryHtpasswdHashKind() {
        Map<String, String> users = Map.of(
                "bcrypt2y", "bcrypt-secret",
                "bcrypt2b", "bcrypt-secret",
                "apr1", "apr-secret",
                "testu", "testp");
        users.forEach((user, password) -> {
            var r = auth.login(user, password, null);
            assertThat(r.status()).as(user).isEqualTo(201);
            assertThat(r.json().get("user").asText()).isEqualTo(user);
            assertThat(r.json().get("token").asText()).matches("[0-9a-f]{32}");
            assertThat(r.json().fieldNames())
                    .toIterable()
                    .containsExactlyInAnyOrder("user", "token", "expiry", "id", "metadata");
            assertThat(r.header("X-API-URL")).isEqualTo("https://reflex.example.org/api");
            Token stored = tokens.findOne(
                            Filter.eq("token", r.json().get("token").asText()))
                    .orElseThrow();
            assertThat(stored.user()).isEqualTo(user);
            assertThat(Timestamps.format(stored.expiry()))
                    .isEqualTo(r.json().get("expiry").asText());
        });
    }

    @Test
    void defaultTokensLiveForTheConfiguredTtl() {
        Instant before = Timestamps.now();
        var r = auth.login("testu", "testp", "{}");
        Instant expiry = Timestamps.parse(r.json().get("expiry").asText());
        assertThat(expiry)
                .isBetween(before.plus(Duration.ofHours(24)), Timestamps.now().plus(Duration.ofHours(24)));
    }

    @Test
    void badCredentialsAreRefusedWithStackStormsMessageAndStoreNothing() {
        long before = tokens.count(Filter.all());
        var cases = new JsonHttp.Response[] {
            auth.login("testu", "wrong", null),
            auth.login("nobody", "testp", null),
            auth.send("POST", "/auth/v1/tokens", null),
            auth.send("POST", "/auth/v1/tokens", null, "Authorization", "Bearer abc"),
            auth.send("POST", "/auth/v1/tokens", null, "Authorization", "Basic !!!notbase64"),
            auth.send("POST", "/auth/v1/tokens", null, "Authorization", "Basic dGVzdHU=")
        };
        for (var r : cases) {
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.faultstring()).isEqualTo("Invalid or missing credentials");
        }
        assertThat(tokens.count(Filter.all())).isEqualTo(before);
    }

    @Test
    void ttlIsHonouredAndCappedAtTheMaximum() {
        Instant before = Timestamps.now();
        var r = auth.login("testu", "testp", "{\"ttl\": 60}");
        assertThat(r.status()).isEqualTo(201);
        Instant expiry = Timestamps.parse(r.json().get("expiry").asText());
        assertThat(expiry).isBetween(before.plusSeconds(60), Timestamps.now().plusSeconds(60));

        var tooBig = auth.login("testu", "testp", "{\"ttl\": 90000}");
        assertThat(tooBig.status()).isEqualTo(400);
        assertThat(tooBig.faultstring()).isEqualTo("TTL specified 90000 is greater than max allowed 86400.");
        assertThat(auth.login("testu", "testp", "{\"ttl\": 0}").faultstring()).contains("'ttl'");
        assertThat(auth.login("testu", "testp", "{\"ttl\": \"long\"}").status()).isEqualTo(400);
        assertThat(auth.login("testu", "testp", "[1]").status()).isEqualTo(400);
        assertThat(auth.login("testu", "testp", "{\"ttl\": ").faultstring())
                .startsWith("Failed to parse request body as JSON");
    }

    @Test
    void validateSaysWhetherATokenIsLive() {
        String mine = auth.login("testu", "testp", null).json().get("token").asText();
        String expired = "e".repeat(32);
        tokens.insert(new Token(Ids.newId(), "testu", expired, Timestamps.now().minusSeconds(1), null, false));
        var live = auth.send("POST", "/auth/v1/tokens/validate", "{\"token\": \"" + mine + "\"}", "X-Auth-Token", mine);
        assertThat(live.status()).isEqualTo(200);
        assertThat(live.json().get("valid").asBoolean()).isTrue();
        assertThat(auth.send(
                                "POST",
                                "/auth/v1/tokens/validate",
                                "{\"token\": \"" + expired + "\"}",
                                "X-Auth-Token",
                                mine)
                        .json()
                        .get("valid")
                        .asBoolean())
                .isFalse();
        assertThat(auth.send("POST", "/auth/v1/tokens/validate", "{\"token\": \"nope\"}", "X-Auth-Token", mine)
                        .json()
                        .get("valid")
                        .asBoolean())
                .isFalse();
        var missing = auth.send("POST", "/auth/v1/tokens/validate", "{}", "X-Auth-Token", mine);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.faultstring()).isEqualTo("Token is not provided.");
        var anonymous = auth.send("POST", "/auth/v1/tokens/validate", "{\"token\": \"" + mine + "\"}");
        assertThat(anonymous.status()).isEqualTo(401);
    }

    @Test
    void usersAddedToTheFileCanLogInWithoutARestart() throws Exception {
        assertThat(auth.login("late", "testp", null).status()).isEqualTo(401);
        Files.writeString(
                dir.resolve("htpasswd"), "late:{SHA}V1t6eZLxnehb7CTBuj61Nq3lIh4=\n", StandardOpenOption.APPEND);
        assertThat(auth.login("late", "testp", null).status()).isEqualTo(201);
    }

    @Test
    void onlyTheAdministratorMayMintTokensForOthersWhenRbacIsOff() {
        var forBob = auth.login("st2admin", "admin-pw-123", "{\"user\": \"bob\"}");
        assertThat(forBob.status()).isEqualTo(201);
        assertThat(forBob.json().get("user").asText()).isEqualTo("bob");
        var chat = auth.login(
                "st2admin", "admin-pw-123", "{\"impersonate_user\": \"carol\", \"nickname_origin\": \"slack\"}");
        assertThat(chat.json().get("user").asText()).isEqualTo("carol");
        var refused = auth.login("testu", "testp", "{\"user\": \"bob\"}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.faultstring())
                .isEqualTo("Current user is not a service and cannot request impersonated tokens");
        assertThat(auth.login("testu", "testp", "{\"user\": \"testu\"}").status())
                .isEqualTo(201);
    }

    @Test
    void ssoAnswersAsStackStormDoesWithSsoDisabled() {
        var sso = auth.send("GET", "/auth/v1/sso", null);
        assertThat(sso.status()).isEqualTo(200);
        assertThat(sso.json().get("enabled").asBoolean()).isFalse();
        var request = auth.send("GET", "/auth/v1/sso/request", null, "Referer", "https://ui.example.org");
        assertThat(request.status()).isEqualTo(500);
        assertThat(request.faultstring())
                .startsWith("The default \"noop\" SSO backend is not a proper implementation.");
        assertThat(auth.send("POST", "/auth/v1/sso/callback", "{}").status()).isEqualTo(500);
    }

    @Test
    void theSameRoutesAnswerUnderAuthV1V1AndRoot() {
        for (String prefix : new String[] {"/auth/v1", "/v1", ""}) {
            var r = auth.send(
                    "POST", prefix + "/tokens", null, "Authorization", AuthTestServer.basic("testu", "testp"));
            assertThat(r.status()).as(prefix).isEqualTo(201);
            assertThat(r.header("X-Request-ID")).isNotBlank();
        }
        assertThat(auth.send("GET", "/auth/v1/nothing", null).status()).isEqualTo(404);
        assertThat(auth.send("GET", "/healthz", null).status()).isEqualTo(200);
    }

    @Test
    void theAnnouncementNamesTheBackendButNoPasswordFileWhenThePasswordWasConfigured() {
        assertThat(auth.endpoint().description()).contains("htpasswd").doesNotContain("admin-password");
        assertThat(auth.printed()).isEmpty();
        assertThat(Files.exists(dir.resolve("admin-password"))).isFalse();
    }
}
