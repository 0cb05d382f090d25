package io.reflex.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.json.Json;
import io.reflex.core.store.Entity;
import io.reflex.core.store.EntityKind;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.testing.JsonHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Input the API used to take without a word: each is refused with a 4xx whose faultstring names the field,
 * and the refused request stores nothing.
 */
class LooseInputTest {
    private static final SecurityStack stack = SecurityStack.get();

    @BeforeAll
    static void registerFixture() {
        assertThat(stack.register("sec_input").status()).isEqualTo(200);
    }

    @Test
    void contentInAPackThatDoesNotExistIsRefused() {
        var action = stack.post("/api/v1/actions", stack.admin(), action("sec_input_nopack", "a"));
        var rule = stack.post("/api/v1/rules", stack.admin(), rule("sec_input_nopack", "r"));
        var alias = stack.post(
                "/api/v1/actionalias",
                stack.admin(),
                "{\"name\": \"al\", \"pack\": \"sec_input_nopack\", \"action_ref\": \"core.noop\", \"formats\": [\"x\"]}");

        for (var r : List.of(action, rule, alias)) {
            assertThat(r.status()).as(r.toString()).isEqualTo(400);
            assertThat(r.faultstring()).contains("'pack'").contains("sec_input_nopack");
        }
        assertThat(stored(Kinds.ACTION, "pack", "sec_input_nopack")).isZero();
        assertThat(stored(Kinds.RULE, "pack", "sec_input_nopack")).isZero();
        assertThat(stored(Kinds.ACTION_ALIAS, "pack", "sec_input_nopack")).isZero();
    }

    @Test
    void aHundredThousandCharacterNameIsRefused() {
        String name = "n".repeat(100_000);

        var action = stack.post("/api/v1/actions", stack.admin(), action("sec_input", name));
        var rule = stack.post("/api/v1/rules", stack.admin(), rule("sec_input", name));
        var key = stack.put("/api/v1/keys/" + "k".repeat(300), stack.admin(), keyBody("k".repeat(300)));

        for (var r : List.of(action, rule, key)) {
            assertThat(r.status()).as(abbreviated(r)).isEqualTo(400);
            assertThat(r.faultstring()).contains("'name'").contains("at most 255");
        }
        assertThat(stored(Kinds.ACTION, "name", name)).isZero();
        assertThat(stored(Kinds.RULE, "name", name)).isZero();
        assertThat(stored(Kinds.KEY_VALUE_PAIR, "name", "k".repeat(300))).isZero();
    }

    @Test
    void namesWithControlCharactersAreRefusedNamingTheField() {
        var urlKey = stack.put("/api/v1/keys/inj%0Aforged", stack.admin(), keyBody("inj\nforged"));
        var bodyAction = stack.post("/api/v1/actions", stack.admin(), action("sec_input", "inj\u2028forged"));
        var bodyRule = stack.post("/api/v1/rules", stack.admin(), rule("sec_input", "inj\u0085forged"));
        var trigger = stack.post(
                "/api/v1/triggers",
                stack.admin(),
                "{\"name\": \"inj\\u007fforged\", \"pack\": \"sec_input\", \"type\": \"core.st2.webhook\","
                        + " \"parameters\": {\"url\": \"sec_input_ctl\"}}");
        var apiKey = stack.post("/api/v1/apikeys", stack.admin(), "{\"user\": \"inj\\u001bforged\"}");

        for (var r : List.of(urlKey, bodyAction, bodyRule, trigger)) {
            assertThat(r.status()).as(r.toString()).isEqualTo(400);
            assertThat(r.faultstring()).contains("'name'").contains("control characters");
        }
        assertThat(apiKey.status()).as(apiKey.toString()).isEqualTo(400);
        assertThat(apiKey.faultstring()).contains("'user'").contains("control characters");
        assertThat(stored(Kinds.KEY_VALUE_PAIR, "name", "inj\nforged")).isZero();
        assertThat(stored(Kinds.ACTION, "name", "inj\u2028forged")).isZero();
        assertThat(stored(Kinds.RULE, "name", "inj\u0085forged")).isZero();
        assertThat(stored(Kinds.TRIGGER, "name", "inj\u007fforged")).isZero();
        assertThat(stored(Kinds.API_KEY, "user", "inj\u001bforged")).isZero();
    }

    @Test
    void anUnknownFieldInAPackRegistrationIsRefused() {
        var r = stack.post(
                "/api/v1/packs/register", stack.admin(), "{\"packs\": [\"sec_input\"], \"fail_on_failur\": false}");

        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.faultstring()).contains("'fail_on_failur'");
    }

    @Test
    void aKeyWhoseBodyNamesAnotherKeyIsRefused() {
        var r = stack.put("/api/v1/keys/sec_input_a", stack.admin(), keyBody("sec_input_b"));

        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.faultstring()).contains("'name'").contains("sec_input_b").contains("sec_input_a");
        assertThat(stack.get("/api/v1/keys/sec_input_a", stack.admin()).status())
                .isEqualTo(404);
        assertThat(stack.get("/api/v1/keys/sec_input_b", stack.admin()).status())
                .isEqualTo(404);
    }

    @Test
    void anAliasFormatWithAnUnclosedPlaceholderIsRefusedAtCreateAndAtRegistration() throws IOException {
        var created = stack.post(
                "/api/v1/actionalias",
                stack.admin(),
                "{\"name\": \"sec_input_open\", \"pack\": \"sec_input\", \"action_ref\": \"core.noop\","
                        + " \"formats\": [\"{{ \"]}");
        Path pack = stack.packsDir.resolve("sec_input_alias");
        write(
                pack.resolve("pack.yaml"),
                "ref: sec_input_alias\nname: sec_input_alias\ndescription: d\n" + "version: 0.1.0\nauthor: a\n");
        write(
                pack.resolve("aliases/open.yaml"),
                "name: sec_input_open_file\naction_ref: core.noop\n" + "formats:\n  - \"ok {{x}}\"\n  - \"{{ \"\n");
        var registered = stack.register("sec_input_alias");

        assertThat(created.status()).as(created.toString()).isEqualTo(400);
        assertThat(created.faultstring()).contains("'formats[0]'").contains("not closed");
        assertThat(registered.status()).as(registered.toString()).isEqualTo(400);
        assertThat(registered.faultstring()).contains("open.yaml:5").contains("'formats[1]'");
        assertThat(stored(Kinds.ACTION_ALIAS, "name", "sec_input_open")).isZero();
        assertThat(stored(Kinds.ACTION_ALIAS, "name", "sec_input_open_file")).isZero();
    }

    @Test
    void aTooLongUriOrTooLargeHeadersAreAnsweredWithAFaultstring() throws Exception {
        var uri = http11("/api/v1/actions?x=" + "u".repeat(10_000), "X-Sec-Input", "h");
        var headers = http11("/api/v1/actions", "X-Sec-Input", "h".repeat(20_000));

        assertThat(uri.statusCode()).isEqualTo(414);
        assertThat(uri.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(Json.mapper().readTree(uri.body()).path("faultstring").asText())
                .contains("longer than 4096 bytes");
        assertThat(headers.statusCode()).isEqualTo(431);
        assertThat(Json.mapper().readTree(headers.body()).path("faultstring").asText())
                .contains("headers are larger than 8192 bytes");
    }

    /** A GET over HTTP/1.1, as StackStorm's clients speak it (HTTP/2 has its own header-size errors). */
    private static HttpResponse<String> http11(String path, String header, String value) throws Exception {
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.apiUrl + path))
                .header("X-Auth-Token", stack.admin())
                .header(header, value)
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void unknownIncludeOrExcludeAttributesAreRefusedOnEveryResource() {
        stack.put("/api/v1/keys/sec_input_attr", stack.admin(), keyBody("sec_input_attr"));
        for (String path : List.of(
                "/api/v1/actions",
                "/api/v1/actions/core.local",
                "/api/v1/rules",
                "/api/v1/executions",
                "/api/v1/keys",
                "/api/v1/packs",
                "/api/v1/triggertypes",
                "/api/v1/runnertypes")) {
            var include = stack.get(path + "?include_attributes=__class__", stack.admin());
            assertThat(include.status()).as(path + " " + include).isEqualTo(400);
            assertThat(include.faultstring())
                    .isEqualTo("Invalid or unsupported include attribute specified: __class__");
        }
        var exclude = stack.get("/api/v1/rules?exclude_attributes=__dict__", stack.admin());
        assertThat(exclude.status()).isEqualTo(400);
        assertThat(exclude.faultstring()).isEqualTo("Invalid or unsupported exclude attribute specified: __dict__");
        var known = stack.get("/api/v1/actions?include_attributes=ref,parameters.cmd", stack.admin());
        assertThat(known.status()).as(known.toString()).isEqualTo(200);
    }

    @Test
    void uninstallingAPackThatIsNotInstalledIsRefused() {
        long before = stored(Kinds.EXECUTION, "action.ref", "packs.uninstall");

        var r = stack.post("/api/v1/packs/uninstall", stack.admin(), "{\"packs\": [\"sec_input_never\"]}");

        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.faultstring())
                .contains("'packs'")
                .contains("sec_input_never")
                .contains("not installed");
        assertThat(stored(Kinds.EXECUTION, "action.ref", "packs.uninstall")).isEqualTo(before);
    }

    private static String action(String pack, String name) {
        return Json.write(Map.of(
                "name",
                name,
                "pack",
                pack,
                "runner_type",
                "local-shell-cmd",
                "entry_point",
                "",
                "parameters",
                Map.of()));
    }

    private static String rule(String pack, String name) {
        return Json.write(Map.of(
                "name",
                name,
                "pack",
                pack,
                "trigger",
                Map.of("type", "core.st2.webhook", "parameters", Map.of("url", "sec_input_rule")),
                "action",
                Map.of("ref", "core.noop")));
    }

    private static String abbreviated(JsonHttp.Response r) {
        String text = r.toString();
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    private static String keyBody(String name) {
        return Json.write(Map.of("name", name, "value", "v"));
    }

    private static <T extends Entity> long stored(EntityKind<T> kind, String field, String value) {
        return stack.store.store(kind).count(Filter.eq(field, value));
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
