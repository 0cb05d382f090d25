package io.reflex.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.testing.JsonHttp;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A page on another origin (another port of the same host will do) can make a browser send a "simple"
 * request, one with no CORS preflight: a form or {@code text/plain} body, with the {@code auth-token} cookie
 * attached. Writes therefore take only JSON bodies (415 otherwise; webhooks also take form bodies, as
 * StackStorm's do), and a write authenticated by the cookie must come from an allowed origin (403
 * otherwise). Nothing a refused write carried is stored.
 */
class CrossSiteWriteTest {
    private static final SecurityStack stack = SecurityStack.get();
    private static final String FOREIGN = "http://127.0.0.1:8666";
    private static final String ALLOWED = "http://127.0.0.1:3000";

    @Test
    void textPlainFormAndUntypedBodiesAreRefusedWith415OnWriteEndpoints() {
        String key = "sec-xsite-type-" + UUID.randomUUID();
        String marker = "sec-xsite-exec-" + UUID.randomUUID();
        String keyBody = "{\"name\": \"" + key + "\", \"value\": \"planted\"}";
        for (String type : new String[] {
            "text/plain",
            "text/plain; charset=utf-8",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/xml"
        }) {
            assertUnsupported(stack.api("PUT", "/api/v1/keys/" + key, stack.admin(), keyBody, "Content-Type", type));
            assertUnsupported(stack.api(
                    "POST",
                    "/api/v1/executions",
                    stack.admin(),
                    "{\"action\": \"core.echo\", \"parameters\": {\"message\": \"" + marker + "\"}}",
                    "Content-Type",
                    type));
        }
        assertUnsupported(stack.api("PUT", "/api/v1/keys/" + key, stack.admin(), keyBody));
        assertUnsupported(stack.send(
                "POST",
                stack.authUrl + "/auth/v1/tokens",
                null,
                "{}",
                "Authorization",
                basic(SecurityStack.ADMIN, SecurityStack.PASSWORD),
                "Content-Type",
                "text/plain"));
        assertUnsupported(stack.api(
                "POST", "/api/v1/webhooks/sec_headers", stack.token("executor"), "{}", "Content-Type", "text/plain"));

        assertThat(stack.get("/api/v1/keys/" + key, stack.admin()).status()).isEqualTo(404);
        assertThat(stack.store.executions().find(io.reflex.core.store.Query.all()).stream()
                        .map(e -> io.reflex.core.json.Json.write(e.parameters())))
                .noneMatch(p -> p.contains(marker));
    }

    @Test
    void jsonBodiesOfEveryJsonMediaTypeAndBodylessWritesAreAccepted() {
        String key = "sec-xsite-json-" + UUID.randomUUID();
        for (String type : new String[] {
            "application/json", "application/json; charset=utf-8", "Application/JSON", "application/merge-patch+json"
        }) {
            var r = stack.api(
                    "PUT",
                    "/api/v1/keys/" + key,
                    stack.admin(),
                    "{\"name\": \"" + key + "\", \"value\": \"v\"}",
                    "Content-Type",
                    type);
            assertThat(r.status()).as(type + ": " + r).isEqualTo(200);
        }
        assertThat(stack.delete("/api/v1/keys/" + key, stack.admin()).status()).isEqualTo(204);
        var token = stack.send(
                "POST",
                stack.authUrl + "/auth/v1/tokens",
                null,
                null,
                "Authorization",
                basic(SecurityStack.ADMIN, SecurityStack.PASSWORD));
        assertThat(token.status()).as(token.toString()).isEqualTo(201);
    }

    @Test
    void webhooksStillTakeFormBodiesAsStackStormDoes() {
        var form = stack.api(
                "POST",
                "/api/v1/webhooks/sec_headers",
                stack.token("executor"),
                "a=1",
                "Content-Type",
                "application/x-www-form-urlencoded");
        assertThat(form.status()).as(form.toString()).isEqualTo(202);
    }

    @Test
    void aCookieWriteFromAForeignOriginIsRefusedAndStoresNothing() {
        String key = "sec-xsite-cookie-" + UUID.randomUUID();
        String body = "{\"name\": \"" + key + "\", \"value\": \"planted\"}";
        var foreign = cookieWrite("PUT", key, body, "Origin", FOREIGN);
        assertThat(foreign.status()).as(foreign.toString()).isEqualTo(403);
        assertThat(foreign.faultstring()).contains("Origin");
        var foreignReferer = cookieWrite("PUT", key, body, "Referer", FOREIGN + "/attack.html");
        assertThat(foreignReferer.status()).as(foreignReferer.toString()).isEqualTo(403);
        var nullOrigin = cookieWrite("PUT", key, body, "Origin", "null");
        assertThat(nullOrigin.status()).as(nullOrigin.toString()).isEqualTo(403);
        var neither = cookieWrite("PUT", key, body);
        assertThat(neither.status()).as(neither.toString()).isEqualTo(403);
        assertThat(neither.faultstring()).contains("Origin").contains("Referer");
        var withBogusKey = stack.api(
                "PUT",
                "/api/v1/keys/" + key + "?st2-api-key=bogus",
                null,
                body,
                "Cookie",
                "auth-token=" + stack.admin(),
                "Content-Type",
                "application/json",
                "Origin",
                FOREIGN);
        assertThat(withBogusKey.status()).as(withBogusKey.toString()).isEqualTo(403);
        assertThat(stack.get("/api/v1/keys/" + key, stack.admin()).status()).isEqualTo(404);
    }

    @Test
    void aCookieWriteFromAnAllowedOriginAndHeaderTokenWritesFromAnyOriginSucceed() {
        String key = "sec-xsite-ok-" + UUID.randomUUID();
        String body = "{\"name\": \"" + key + "\", \"value\": \"v\"}";
        assertThat(cookieWrite("PUT", key, body, "Origin", ALLOWED).status()).isEqualTo(200);
        assertThat(cookieWrite("PUT", key, body, "Referer", "http://localhost:3000/#/actions")
                        .status())
                .isEqualTo(200);
        var header = stack.api(
                "PUT",
                "/api/v1/keys/" + key,
                stack.admin(),
                body,
                "Content-Type",
                "application/json",
                "Origin",
                FOREIGN);
        assertThat(header.status()).as(header.toString()).isEqualTo(200);
        var read = stack.api(
                "GET", "/api/v1/keys/" + key, null, null, "Cookie", "auth-token=" + stack.admin(), "Origin", FOREIGN);
        assertThat(read.status()).as("reads are not writes").isEqualTo(200);
        var foreignDelete = stack.api(
                "DELETE",
                "/api/v1/keys/" + key,
                null,
                null,
                "Cookie",
                "auth-token=" + stack.admin(),
                "Origin",
                FOREIGN);
        assertThat(foreignDelete.status()).isEqualTo(403);
        assertThat(stack.get("/api/v1/keys/" + key, stack.admin()).status()).isEqualTo(200);
        var allowedDelete = stack.api(
                "DELETE",
                "/api/v1/keys/" + key,
                null,
                null,
                "Cookie",
                "auth-token=" + stack.admin(),
                "Origin",
                ALLOWED);
        assertThat(allowedDelete.status()).isEqualTo(204);
    }

    private static JsonHttp.Response cookieWrite(String method, String key, String body, String... headers) {
        String[] all = new String[headers.length + 4];
        all[0] = "Cookie";
        all[1] = "auth-token=" + stack.admin();
        all[2] = "Content-Type";
        all[3] = "application/json";
        System.arraycopy(headers, 0, all, 4, headers.length);
        return stack.api(method, "/api/v1/keys/" + key, null, body, all);
    }

    private static void assertUnsupported(JsonHttp.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(415);
        assertThat(r.faultstring()).as(r.toString()).contains("Content-Type");
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
