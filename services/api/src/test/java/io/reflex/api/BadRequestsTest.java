package io.reflex.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.store.EntityKind;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad requests of every kind: malformed bodies, wrong types, missing or expired credentials, a forbidden
 * role, oversized bodies, unknown ids and injection-looking values. Each gets its 4xx with a faultstring,
 * and none of them changes anything in the store.
 */
class BadRequestsTest {
    @TempDir
    static Path dir;

    static ApiTestServer api;
    static String admin;
    static String observer;
    static String expired;

    @BeforeAll
    static void start() throws Exception {
        Path rbac = dir.resolve("data/rbac/assignments");
        Files.createDirectories(rbac);
        Files.writeString(rbac.resolve("olga.yaml"), "username: olga\nroles: [observer]\n");
        api = ApiTestServer.start(dir.resolve("data"), Map.of("rbac.enable", "true"));
        admin = api.token("st2admin");
        observer = api.token("olga");
        expired = api.token("st2admin", true);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    /** method, path, body, token (a/o/x/none), status, faultstring fragment. */
    static Stream<Arguments> badRequests() {
        String big = "{\"name\": \"" + "x".repeat(11 * 1024 * 1024) + "\"}";
        return Stream.of(
                // malformed and wrongly typed bodies
                Arguments.of(
                        "POST",
                        "/api/v1/actions",
                        "{\"name\": \"a\",",
                        "a",
                        400,
                        "Failed to parse request body as JSON"),
                Arguments.of("POST", "/api/v1/actions", "[1, 2]", "a", 400, "must be a JSON object"),
                Arguments.of(
                        "POST",
                        "/api/v1/actions",
                        "{\"name\": \"a\", \"runner_type\": \"local-shell-cmd\", \"enabled\": \"yes\"}",
                        "a",
                        400,
                        "enabled"),
                Arguments.of("POST", "/api/v1/actions", "{\"name\": \"a\"}", "a", 400, "runner_type"),
                Arguments.of(
                        "POST",
                        "/api/v1/actions",
                        "{\"name\": \"a\", \"runner_type\": \"local-shell-cmd\", \"bogus\": 1}",
                        "a",
                        400,
                        "bogus"),
                Arguments.of(
                        "POST",
                        "/api/v1/rules",
                        "{\"name\": \"r\", \"trigger\": {\"type\": \"core.st2.webhook\"}}",
                        "a",
                        400,
                        "action"),
                Arguments.of(
                        "POST",
                        "/api/v1/executions",
                        "{\"action\": \"core.local\", \"parameters\": {\"cmd\": 5}}",
                        "a",
                        400,
                        "cmd"),
                Arguments.of(
                        "POST",
                        "/api/v1/executions",
                        "{\"action\": \"core.nope\"}",
                        "a",
                        400,
                        "Action \"core.nope\" cannot be found."),
                Arguments.of(
                        "POST",
                        "/api/v1/executions",
                        "{\"action\": \"core.local\", \"parameters\": {\"cmd\": \"x\", \"sudo\": true}}",
                        "a",
                        400,
                        "immutable"),
                Arguments.of("PUT", "/api/v1/keys/k1", "{\"name\": \"k1\", \"value\": 7}", "a", 400, "value"),
                Arguments.of(
                        "PUT",
                        "/api/v1/keys/k1",
                        "{\"name\": \"k1\", \"value\": \"v\", \"ttl\": \"soon\"}",
                        "a",
                        400,
                        "ttl"),
                Arguments.of("GET", "/api/v1/executions?limit=0", null, "a", 400, "Limit"),
                Arguments.of("GET", "/api/v1/executions?limit=abc", null, "a", 400, "limit"),
                Arguments.of("GET", "/api/v1/executions?offset=-4", null, "a", 400, "Offset"),
                // credentials
                Arguments.of(
                        "GET",
                        "/api/v1/actions",
                        null,
                        "none",
                        401,
                        "Unauthorized - One of Token or API key required."),
                Arguments.of(
                        "POST",
                        "/api/v1/actions",
                        "{\"name\": \"a\", \"runner_type\": \"noop\"}",
                        "x",
                        401,
                        "Token has expired"),
                Arguments.of("GET", "/api/v1/actions?x-auth-token=not-a-token", null, "none", 401, "Unauthorized"),
                // a forbidden role
                Arguments.of(
                        "POST",
                        "/api/v1/actions",
                        "{\"name\": \"a\", \"pack\": \"examples\", \"runner_type\": \"noop\"}",
                        "o",
                        403,
                        "olga"),
                Arguments.of("PUT", "/api/v1/keys/k2", "{\"name\": \"k2\", \"value\": \"v\"}", "o", 403, "olga"),
                Arguments.of("GET", "/api/v1/actions?limit=-1", null, "o", 403, "limit=-1"),
                Arguments.of("GET", "/api/v1/keys?user=st2admin", null, "o", 403, "user"),
                // oversized body
                Arguments.of("POST", "/api/v1/actions", big, "a", 413, ""),
                // unknown ids
                Arguments.of("GET", "/api/v1/actions/nope.nothing", null, "a", 404, "nope.nothing"),
                Arguments.of("GET", "/api/v1/executions/0123456789abcdef01234567", null, "a", 404, ""),
                Arguments.of("DELETE", "/api/v1/rules/examples.missing", null, "a", 404, ""),
                Arguments.of("GET", "/api/v1/keys/missing_key", null, "a", 404, "missing_key"),
                Arguments.of("POST", "/api/v1/webhooks/not-registered", "{}", "a", 404, "not-registered"),
                Arguments.of("PUT", "/api/v1/inquiries/0123456789abcdef01234567", "{\"response\": {}}", "a", 404, ""),
                // injection-looking values are just values: invalid names are refused, nothing is run or stored
                Arguments.of(
                        "POST",
                        "/api/v1/actions",
                        "{\"name\": \"a; rm -rf /\", \"pack\": \"examples\", \"runner_type\": \"noop\"}",
                        "a",
                        400,
                        "name"),
                Arguments.of("GET", "/api/v1/actions/%7B%22%24ne%22%3A1%7D", null, "a", 404, ""),
                Arguments.of("GET", "/api/v1/actions?pack=%7B%22%24ne%22%3A%22x%22%7D", null, "a", 200, null),
                Arguments.of(
                        "POST",
                        "/api/v1/executions",
                        "{\"action\": \"core.local\", \"parameters\": {\"cmd\": \"x\", \"$where\": \"1\"}}",
                        "a",
                        400,
                        "$where"));
    }

    @ParameterizedTest(name = "{0} {1} -> {4}")
    @MethodSource("badRequests")
    void isRefusedWithItsStatusAndLeavesTheStoreUnchanged(
            String method, String path, String body, String who, int status, String fragment) {
        Map<String, Long> before = counts();
        String token = switch (who) {
            case "a" -> admin;
            case "o" -> observer;
            case "x" -> expired;
            default -> null;
        };
        var r = token == null ? api.send(method, path, body) : api.send(method, path, body, "X-Auth-Token", token);
        assertThat(r.status())
                .as(r.body().length() > 400 ? r.body().substring(0, 400) : r.body())
                .isEqualTo(status);
        if (status >= 400) {
            assertThat(r.json()).as("JSON error body").isNotNull();
            assertThat(r.json().get("faultstring").asText()).contains(fragment);
            assertThat(r.body()).doesNotContain("at io.reflex").doesNotContain("Exception");
        } else {
            assertThat(r.json().isArray()).isTrue();
            assertThat(r.json()).isEmpty();
        }
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void tokensPresentedAsAnythingButStringsAreRefused() {
        var r = api.send("GET", "/api/v1/actions", null, "X-Auth-Token", "' OR '1'='1");
        assertThat(r.status()).isEqualTo(401);
    }

    private static Map<String, Long> counts() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (EntityKind<?> k : Kinds.ALL) {
            if (List.of(Kinds.TOKEN).contains(k)) {
                continue;
            }
            out.put(k.collection(), api.store().store(k).count(Filter.all()));
        }
        return out;
    }
}
