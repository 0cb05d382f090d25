package io.reflex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.cli.client.ExitCodes;
import io.reflex.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reflex login}, {@code whoami} and how every command finds its credential, against a running stack. */
class LoginCommandTest {
    static CliStack stack;

    @TempDir
    Path home;

    @BeforeAll
    static void start() throws Exception {
        stack = CliStack.get();
    }

    CliStack.Run reflex(String... args) {
        return stack.reflex(home, stack.env(), "", args);
    }

    @Test
    void wrongPasswordFailsWithOneLineAndTheUnauthenticatedExitCode() {
        CliStack.Run r = reflex("login", CliStack.ADMIN, "--password", "wrong");

        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.UNAUTHENTICATED);
        assertThat(r.err().strip()).startsWith("reflex: Invalid or missing credentials (HTTP 401");
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(home.resolve(".reflex/token-" + CliStack.ADMIN)).doesNotExist();
    }

    @Test
    void loginCachesTheTokenPrivatelyAndLaterCommandsUseIt() throws Exception {
        CliStack.Run login = reflex("login", CliStack.ADMIN, "--password", CliStack.PASSWORD);
        assertThat(login.code()).as(login.toString()).isZero();
        assertThat(login.out()).contains("Logged in as st2admin");

        Path tokenFile = home.resolve(".reflex/token-st2admin");
        assertThat(Files.getPosixFilePermissions(tokenFile))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        JsonNode cached = Json.mapper().readTree(tokenFile.toFile());
        assertThat(cached.path("token").asText()).matches("[0-9a-f]{32}");
        assertThat(Files.readString(home.resolve(".reflex/config"))).contains("[credentials]", "username = st2admin");

        CliStack.Run whoami = reflex("whoami", "--json");
        assertThat(whoami.code()).as(whoami.toString()).isZero();
        assertThat(Json.mapper().readTree(whoami.out()).path("username").asText())
                .isEqualTo("st2admin");
        // reused, not renewed
        assertThat(Json.mapper().readTree(tokenFile.toFile()).path("token")).isEqualTo(cached.path("token"));
    }

    @Test
    void thePasswordIsReadFromStandardInputWhenNotGiven() {
        CliStack.Run r = stack.reflex(home, stack.env(), CliStack.PASSWORD + "\n", "login", CliStack.ADMIN);

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(home.resolve(".reflex/token-st2admin")).exists();
    }

    @Test
    void anExpiredCachedTokenIsRenewedWithTheConfiguredPassword() throws Exception {
        Files.createDirectories(home.resolve(".reflex"));
        Files.writeString(home.resolve(".reflex/config"), "[credentials]\nusername = st2admin\npassword = Passw0rd!\n");
        Files.writeString(
                home.resolve(".reflex/token-st2admin"),
                "{\"user\":\"st2admin\",\"token\":\"0123456789abcdef0123456789abcdef\","
                        + "\"expiry\":\"2020-01-01T00:00:00.000000Z\"}");

        CliStack.Run r = reflex("whoami", "-a", "username");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("st2admin");
        assertThat(Files.readString(home.resolve(".reflex/token-st2admin")))
                .doesNotContain("0123456789abcdef0123456789abcdef");
    }

    @Test
    void aRevokedCachedTokenWithoutPasswordAsksToLogInAgain() throws Exception {
        Files.createDirectories(home.resolve(".reflex"));
        Files.writeString(home.resolve(".reflex/config"), "[credentials]\nusername = st2admin\n");
        Files.writeString(
                home.resolve(".reflex/token-st2admin"),
                "{\"user\":\"st2admin\",\"token\":\"0123456789abcdef0123456789abcdef\","
                        + "\"expiry\":\"2999-01-01T00:00:00.000000Z\"}");

        CliStack.Run r = reflex("action", "list");

        assertThat(r.code()).isEqualTo(ExitCodes.UNAUTHENTICATED);
        assertThat(r.err().strip())
                .isEqualTo("reflex: Unauthorized - Token not found. (HTTP 401, GET /v1/actions);"
                        + " log in again with: reflex login <user>");
    }

    @Test
    void aRevokedCachedTokenIsReplacedWhenThePasswordIsConfigured() throws Exception {
        Files.createDirectories(home.resolve(".reflex"));
        Files.writeString(home.resolve(".reflex/config"), "[credentials]\nusername = st2admin\npassword = Passw0rd!\n");
        Files.writeString(
                home.resolve(".reflex/token-st2admin"),
                "{\"user\":\"st2admin\",\"token\":\"0123456789abcdef0123456789abcdef\","
                        + "\"expiry\":\"2999-01-01T00:00:00.000000Z\"}");

        CliStack.Run r = reflex("action", "get", "core.local", "-a", "ref");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(Files.readString(home.resolve(".reflex/token-st2admin")))
                .doesNotContain("0123456789abcdef0123456789abcdef");
    }

    @Test
    void withoutAnyCredentialTheErrorSaysHowToLogIn() {
        CliStack.Run r = reflex("whoami");

        assertThat(r.code()).isEqualTo(ExitCodes.UNAUTHENTICATED);
        assertThat(r.err()).contains("log in with: reflex login <user>").doesNotContain("\tat ");
    }

    @Test
    void st2EnvironmentNamesWorkForTheTokenAndTheUrls() throws Exception {
        CliStack.Run login = reflex("login", CliStack.ADMIN, "--password", CliStack.PASSWORD);
        assertThat(login.code()).isZero();
        String token = Json.mapper()
                .readTree(home.resolve(".reflex/token-st2admin").toFile())
                .path("token")
                .asText();
        Map<String, String> env = new HashMap<>();
        env.put("ST2_API_URL", stack.apiUrl + "/api/v1");
        env.put("ST2_AUTH_TOKEN", token);

        CliStack.Run r = stack.reflex(home.resolve("elsewhere"), env, "", "whoami", "-a", "username");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("st2admin");
    }

    @Test
    void anUnreachableApiIsReportedAsUnavailable() {
        Map<String, String> env = stack.env();
        env.put("REFLEX_API_URL", "http://127.0.0.1:1");
        env.put("REFLEX_AUTH_TOKEN", "x");

        CliStack.Run r = stack.reflex(home, env, "", "action", "list");

        assertThat(r.code()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(r.err().strip()).isEqualTo("reflex: cannot reach http://127.0.0.1:1 (connection refused)");
    }

    @Test
    void aMalformedConfigFileIsAUsageErrorNamingTheLine() throws Exception {
        Files.createDirectories(home.resolve(".reflex"));
        Files.writeString(home.resolve(".reflex/config"), "[api]\nurl = http://x:1\nnonsense\n");

        CliStack.Run r = reflex("action", "list");

        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("config:3: expected '[section]' or 'key = value', got 'nonsense'");
    }
}
