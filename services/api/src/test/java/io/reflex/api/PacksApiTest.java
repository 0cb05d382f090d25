package io.reflex.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.api.content.ContentApiTestServers;
import io.reflex.core.execution.Execution;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /packs}: list, get, register, install, uninstall, file views and the (empty) index. */
class PacksApiTest {
    @TempDir
    static Path dir;

    static ApiTestServer api;
    static String token;

    @BeforeAll
    static void start() throws Exception {
        api = ContentApiTestServers.start(dir);
        token = api.token("st2admin");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    /** A minimal pack directory outside the packs directory, to install from. */
    private static Path source(String name, String actionYaml) throws Exception {
        Path p = dir.resolve("sources").resolve(name);
        Files.createDirectories(p.resolve("actions"));
        Files.writeString(p.resolve("pack.yaml"), """
                ref: %s
                name: %s
                description: test pack
                version: 0.1.0
                author: tests
                """.formatted(name, name));
        Files.writeString(p.resolve("actions/hello.yaml"), actionYaml);
        return p;
    }

    @Test
    void listAndGetAnswerStackStormsPackShape() {
        var r = api.get("/api/v1/packs", token);
        assertThat(r.status()).isEqualTo(200);
        assertThat(ContentApiTestServers.texts(r.json(), "ref")).contains("core", "examples", "chatops");
        assertThat(r.header("X-Limit")).isEqualTo("100");
        var core = api.get("/api/v1/packs/core", token).json();
        assertThat(core.fieldNames())
                .toIterable()
                .contains("id", "uid", "ref", "name", "description", "version", "author", "files", "keywords");
        assertThat(core.get("uid").asText()).isEqualTo("pack:core");
        assertThat(api.get("/api/v1/packs/" + core.get("id").asText(), token)
                        .json()
                        .get("ref")
                        .asText())
                .isEqualTo("core");
        assertThat(api.get("/api/v1/packs/nopack", token).status()).isEqualTo(404);
        assertThat(ContentApiTestServers.texts(
                        api.get("/api/v1/packs?ref=examples", token).json(), "ref"))
                .containsExactly("examples");
    }

    @Test
    void registerAnswersCountsPerContentType() {
        var r = api.post("/api/v1/packs/register", token, "{\"packs\": [\"examples\"]}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("actions").asInt()).isEqualTo(3);
        assertThat(r.json().get("rules").asInt()).isEqualTo(2);
        assertThat(r.json().get("aliases").asInt()).isEqualTo(2);
        assertThat(r.json().get("policies").asInt()).isEqualTo(1);
        assertThat(r.json().get("rule_types").asInt()).isEqualTo(2);
        assertThat(r.json().has("runners")).isTrue();
        var onlyActions =
                api.post("/api/v1/packs/register", token, "{\"packs\": [\"examples\"], \"types\": [\"action\"]}");
        assertThat(onlyActions.json().fieldNames()).toIterable().containsExactlyInAnyOrder("actions", "runners");
        var all = api.post("/api/v1/packs/register", token, "{\"fail_on_failure\": false}");
        assertThat(all.json().get("actions").asInt()).isGreaterThan(10);
    }

    @Test
    void registerRefusesUnknownPacksTypesAndBadFields() {
        var missing = api.post("/api/v1/packs/register", token, "{\"packs\": [\"nopack\"]}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("faultstring").asText()).contains("nopack");
        assertThat(api.post("/api/v1/packs/register", token, "{\"types\": [\"widgets\"]}")
                        .status())
                .isEqualTo(400);
        assertThat(api.post("/api/v1/packs/register", token, "{\"packs\": \"examples\"}")
                        .status())
                .isEqualTo(400);
    }

    @Test
    void registerWithFailOnFailureReportsContentErrors() throws Exception {
        Path broken = dir.resolve("packs/broken");
        ContentApiTestServers.copy(source("broken", "name: hello\nrunner_type: nope\n"), broken);
        var strict = api.post("/api/v1/packs/register", token, "{\"packs\": [\"broken\"]}");
        assertThat(strict.status()).isEqualTo(400);
        assertThat(strict.json().get("faultstring").asText()).contains("unknown runner type 'nope'");
        var lenient =
                api.post("/api/v1/packs/register", token, "{\"packs\": [\"broken\"], \"fail_on_failure\": false}");
        assertThat(lenient.status()).isEqualTo(200);
        assertThat(lenient.json().get("actions").asInt()).isZero();
    }

    @Test
    void aPacksErrorsAreReportedOnEveryRegistrationAndShownOnThePack() throws Exception {
        Path half = dir.resolve("packs/half");
        ContentApiTestServers.copy(source("half", "name: hello\nrunner_type: nope\n"), half);
        Files.writeString(half.resolve("actions/fine.yaml"), "name: fine\nrunner_type: noop\n");
        String body = "{\"packs\": [\"half\"], \"fail_on_failure\": false}";

        var first = api.post("/api/v1/packs/register", token, body);
        var second = api.post("/api/v1/packs/register", token, body);

        for (var r : java.util.List.of(first, second)) {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().get("actions").asInt()).isEqualTo(1);
            assertThat(r.json().get("errors")).hasSize(1);
            assertThat(r.json().get("errors").get(0).asText()).contains("unknown runner type 'nope'");
        }
        var pack = api.get("/api/v1/packs/half", token);
        assertThat(pack.json().get("errors")).hasSize(1);
        assertThat(pack.json().get("errors").get(0).asText())
                .startsWith("packs/half/actions/hello.yaml:2:14: unknown runner type 'nope'");
        assertThat(ContentHealth.status(api.store()).detail()).contains("half (1)");
        assertThat(ContentHealth.status(api.store()).up()).isTrue();
    }

    @Test
    void registerListsLocatedWarningsWithoutFailing() throws Exception {
        Path lint = dir.resolve("packs/lint");
        ContentApiTestServers.copy(source("lint", """
                        name: hello
                        runner_type: local-shell-cmd
                        parameters:
                          who: {type: string}
                          cmd: {default: "echo {{ who }}"}
                        """), lint);
        var r = api.post("/api/v1/packs/register", token, "{\"packs\": [\"lint\"]}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("actions").asInt()).isEqualTo(1);
        assertThat(r.json().get("warnings")).hasSize(1);
        assertThat(r.json().get("warnings").get(0).asText())
                .startsWith("packs/lint/actions/hello.yaml:5:18: action 'lint.hello'")
                .contains("{{ who }}", "shell_quote");

        Files.writeString(
                lint.resolve("actions/hello.yaml"),
                "name: hello\nrunner_type: local-shell-cmd\nparameters:\n  who: {type: string}\n"
                        + "  cmd: {default: \"echo {{ who | shell_quote }}\"}\n");
        var quoted = api.post("/api/v1/packs/register", token, "{\"packs\": [\"lint\"]}");
        assertThat(quoted.status()).isEqualTo(200);
        assertThat(quoted.json().has("warnings")).isFalse();
    }

    @Test
    void installAnswers202AndRunsAsAnExecutionWithStackStormsWorkflowResult() throws Exception {
        Path src =
                source("installed", "name: hello\nrunner_type: local-shell-cmd\nparameters: {cmd: {default: date}}\n");
        var r = api.post("/api/v1/packs/install", token, "{\"packs\": [\"" + src + "\"]}");
        assertThat(r.status()).isEqualTo(202);
        String id = r.json().get("execution_id").asText();
        Execution e = completed(id);
        assertThat(e.status().wire()).isEqualTo("succeeded");
        assertThat(e.actionRef()).isEqualTo("packs.install");
        assertThat(e.result().at("/output/packs_list").toString()).isEqualTo("[\"installed\"]");
        assertThat(e.result().at("/output/warning_list").isArray()).isTrue();
        assertThat(e.result().at("/output/message").asText()).isEqualTo("Successfully installed packs");
        assertThat(e.context().get("user").asText()).isEqualTo("st2admin");
        assertThat(e.log())
                .extracting(l -> l.status().wire())
                .containsExactly("requested", "scheduled", "running", "succeeded");
        assertThat(api.get("/api/v1/actions/installed.hello", token).status()).isEqualTo(200);
    }

    @Test
    void aFailedInstallIsAFailedExecution() {
        var r = api.post("/api/v1/packs/install", token, "{\"packs\": [\"" + dir.resolve("nowhere") + "\"]}");
        assertThat(r.status()).isEqualTo(202);
        Execution e = completed(r.json().get("execution_id").asText());
        assertThat(e.status().wire()).isEqualTo("failed");
        assertThat(e.result().at("/errors/0/message").asText()).isNotBlank();
        assertThat(api.post("/api/v1/packs/install", token, "{\"packs\": []}").status())
                .isEqualTo(400);
        assertThat(api.post("/api/v1/packs/install", token, "{\"packs\": [\"x\"], \"force\": \"yes\"}")
                        .status())
                .isEqualTo(400);
    }

    @Test
    void uninstallRemovesTheDirectoryAndEveryRegisteredItem() throws Exception {
        Path src = source("doomed", "name: hello\nrunner_type: local-shell-cmd\n");
        completed(api.post("/api/v1/packs/install", token, "{\"packs\": [\"" + src + "\"]}")
                .json()
                .get("execution_id")
                .asText());
        assertThat(api.get("/api/v1/packs/doomed", token).status()).isEqualTo(200);
        var r = api.post("/api/v1/packs/uninstall", token, "{\"packs\": [\"doomed\"]}");
        assertThat(r.status()).isEqualTo(202);
        Execution e = completed(r.json().get("execution_id").asText());
        assertThat(e.status().wire()).isEqualTo("succeeded");
        assertThat(e.actionRef()).isEqualTo("packs.uninstall");
        assertThat(api.get("/api/v1/packs/doomed", token).status()).isEqualTo(404);
        assertThat(api.store().store(Kinds.ACTION).count(Filter.eq("pack", "doomed")))
                .isZero();
        assertThat(dir.resolve("packs/doomed")).doesNotExist();
        var system = api.post("/api/v1/packs/uninstall", token, "{\"packs\": [\"core\"]}");
        Execution refused = completed(system.json().get("execution_id").asText());
        assertThat(refused.status().wire()).isEqualTo("failed");
        assertThat(api.get("/api/v1/packs/core", token).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/packs/uninstall", token, "{\"packs\": [\"../etc\"]}")
                        .status())
                .isEqualTo(400);
    }

    private static Execution completed(String id) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> api.store().executions().get(id).orElseThrow(),
                        e -> e.status().completed());
    }

    @Test
    void filesViewListsTextFilesWithContent() {
        var r = api.get("/api/v1/packs/views/files/examples", token);
        assertThat(r.status()).isEqualTo(200);
        assertThat(ContentApiTestServers.texts(r.json(), "file_path")).contains("pack.yaml", "actions/greet.yaml");
        assertThat(r.json().get(0).has("content")).isTrue();
    }

    @Test
    void fileViewServesOneFileWithAnETag() {
        var r = api.get("/api/v1/packs/views/file/examples/actions/greet.yaml", token);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("name: greet");
        String etag = r.header("ETag");
        assertThat(etag).isNotBlank();
        var cached = api.send(
                "GET",
                "/api/v1/packs/views/file/examples/actions/greet.yaml",
                null,
                "X-Auth-Token",
                token,
                "If-None-Match",
                etag);
        assertThat(cached.status()).isEqualTo(304);
        assertThat(api.get("/api/v1/packs/views/file/examples/nothing.txt", token)
                        .status())
                .isEqualTo(404);
        assertThat(api.get("/api/v1/packs/views/file/examples/..%2F..%2Fdata%2Fx", token)
                        .status())
                .isIn(400, 404);
    }

    @Test
    void indexEndpointsAnswerEmptyShapes() {
        var index = api.get("/api/v1/packs/index", token).json();
        assertThat(index.get("index").isObject()).isTrue();
        assertThat(index.get("status").isArray()).isTrue();
        var search = api.post("/api/v1/packs/index/search", token, "{\"query\": \"aws\"}");
        assertThat(search.status()).isEqualTo(200);
        assertThat(search.json().isArray()).isTrue();
        var health = api.get("/api/v1/packs/index/health", token).json();
        assertThat(health.get("indexes").get("count").asInt()).isZero();
        assertThat(health.get("packs").get("count").asInt()).isZero();
        assertThat(api.post("/api/v1/packs/index/search", token, "{}").status()).isEqualTo(400);
    }
}
