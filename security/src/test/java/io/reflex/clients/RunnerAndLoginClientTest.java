package io.reflex.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.security.SecurityStack;
import io.reflex.testing.JsonHttp.Response;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * {@code st2 runner disable} and st2web's login, on the whole stack: a disabled runner refuses executions in
 * StackStorm's words until it is enabled again; a new token comes with the {@code auth-token} cookie that
 * st2web's EventSource needs, and cookie-authenticated writes still obey the origin check.
 */
class RunnerAndLoginClientTest {
    final SecurityStack stack = SecurityStack.get();

    Response setEnabled(boolean enabled) {
        // st2 sends the runner back as it got it, with enabled changed
        ObjectNode runner = (ObjectNode)
                stack.get("/api/v1/runnertypes/noop", stack.admin()).json();
        return stack.put(
                "/api/v1/runnertypes/" + runner.path("id").asText(),
                stack.admin(),
                runner.put("enabled", enabled).toString());
    }

    @Test
    void aDisabledRunnerRefusesExecutionsUntilEnabledAgain() {
        try {
            Response off = setEnabled(false);
            assertThat(off.status()).as(off.toString()).isEqualTo(200);
            assertThat(stack.get("/api/v1/runnertypes/noop", stack.admin())
                            .json()
                            .path("enabled")
                            .asBoolean())
                    .isFalse();
            Response refused = stack.post("/api/v1/executions", stack.admin(), "{\"action\": \"core.noop\"}");
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.faultstring()).isEqualTo("Runner \"noop\" has been disabled by the administrator.");
        } finally {
            assertThat(setEnabled(true).status()).isEqualTo(200);
        }
        Response ran = stack.post("/api/v1/executions", stack.admin(), "{\"action\": \"core.noop\"}");
        assertThat(ran.status()).as(ran.toString()).isEqualTo(201);
    }

    @Test
    void aNewTokenSetsTheAuthTokenCookieThatOpensTheStream() throws Exception {
        String basic = Base64.getEncoder().encodeToString(("st2admin:" + "Passw0rd!").getBytes(StandardCharsets.UTF_8));
        Response login = stack.send(
                "POST",
                stack.authUrl() + "/auth/v1/tokens",
                null,
                "{}",
                "Authorization",
                "Basic " + basic,
                "Content-Type",
                "application/json");
        assertThat(login.status()).as(login.toString()).isEqualTo(201);
        String token = login.json().path("token").asText();
        String cookie = login.header("Set-Cookie");
        assertThat(cookie).startsWith("auth-token=" + token + ";").contains("SameSite=Lax", "Path=/");
        assertThat(cookie).containsIgnoringCase("; HttpOnly"); // attribute names are case-insensitive
        assertThat(cookie).containsPattern("Max-Age=\\d+").doesNotContain("Secure");

        // what the browser sends back: the cookie only, no header
        HttpResponse<InputStream> stream = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(stack.streamUrl() + "/stream/v1/stream"))
                                .header("Cookie", "auth-token=" + token)
                                .timeout(Duration.ofSeconds(30))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        stream.body().close();

        Response foreign = stack.send(
                "PUT",
                stack.apiUrl() + "/api/v1/keys/clients_cookie",
                null,
                "{\"name\": \"clients_cookie\", \"value\": \"x\"}",
                "Cookie",
                "auth-token=" + token,
                "Content-Type",
                "application/json",
                "Origin",
                "https://evil.example");
        assertThat(foreign.status()).isEqualTo(403);

        Response https = stack.send(
                "POST",
                stack.authUrl() + "/auth/v1/tokens",
                null,
                "{}",
                "Authorization",
                "Basic " + basic,
                "Content-Type",
                "application/json",
                "X-Forwarded-Proto",
                "https");
        assertThat(https.header("Set-Cookie")).contains("Secure");
    }
}
