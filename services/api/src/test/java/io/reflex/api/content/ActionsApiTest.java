package io.reflex.api.content;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.api.ApiTestServer;
import io.reflex.core.model.ContentStamp;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.testing.JsonHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /actions} and its views over HTTP, asserting StackStorm's shapes, filters and errors. */
public class ActionsApiTest {
    @TempDir
    static Path dir;

    static ApiTestServer api;
    static String token;

    @BeforeAll
    static void start() throws Exception {
        api = ContentApiTestServers.start(dir);
        ContentApiTestServers.packs(api, "del", "tagged", "upd", "nopackdir");
        token = api.token("st2admin");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static String action(String pack, String name) {
        return """
                {"name": "%s", "pack": "%s", "runner_type": "local-shell-cmd", "description": "d",
                 "parameters": {"cmd": {"default": "date"}, "secret_thing": {"type": "string", "secret": true}},
                 "tags": [{"name": "team", "value": "ops"}]}""".formatted(name, pack);
    }

    @Test
    void listIsSortedByPackThenNameWithStackStormsFields() {
        var r = api.get("/api/v1/actions", token);
        assertThat(r.status()).isEqualTo(200);
        JsonNode first = r.json().get(0);
        assertThat(first.fieldNames())
                .toIterable()
                .contains(
                        "id",
                        "uid",
                        "ref",
                        "name",
                        "pack",
                        "description",
                        "enabled",
                        "entry_point",
                        "runner_type",
                        "parameters",
                        "output_schema",
                        "notify",
                        "tags",
                        "metadata_file");
        var refs = ContentApiTestServers.texts(r.json(), "ref");
        assertThat(refs)
                .isSortedAccordingTo(java.util.Comparator.comparing((String s) -> s.substring(0, s.indexOf('.')))
                        .thenComparing(s -> s.substring(s.indexOf('.') + 1)));
        assertThat(r.header("X-Total-Count")).isEqualTo(Integer.toString(refs.size()));
        assertThat(r.header("X-Limit")).isNull();
    }

    @Test
    void listFiltersByPackNameIdAndTag() {
        var core = api.get("/api/v1/actions?pack=core", token).json();
        assertThat(ContentApiTestServers.texts(core, "pack")).isNotEmpty().containsOnly("core");
        var local = api.get("/api/v1/actions?name=local", token).json();
        assertThat(ContentApiTestServers.texts(local, "ref")).containsExactly("core.local");
        String id = local.get(0).get("id").asText();
        assertThat(ContentApiTestServers.texts(
                        api.get("/api/v1/actions?id=" + id, token).json(), "ref"))
                .containsExactly("core.local");
        api.post("/api/v1/actions", token, action("tagged", "one"));
        assertThat(ContentApiTestServers.texts(
                        api.get("/api/v1/actions?tags=team", token).json(), "ref"))
                .containsExactly("tagged.one");
        var page = api.get("/api/v1/actions?pack=core&limit=2&offset=1&sort=-name", token);
        assertThat(page.json()).hasSize(2);
        assertThat(page.header("X-Limit")).isEqualTo("2");
    }

    @Test
    void getByRefOrIdAnd404WithStackStormsMessage() {
        var byRef = api.get("/api/v1/actions/core.local", token);
        assertThat(byRef.json().get("uid").asText()).isEqualTo("action:core:local");
        var byId = api.get("/api/v1/actions/" + byRef.json().get("id").asText(), token);
        assertThat(byId.json().get("ref").asText()).isEqualTo("core.local");
        var missing = api.get("/api/v1/actions/core.nope", token);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("faultstring").asText())
                .isEqualTo("Resource with a reference or id \"core.nope\" not found");
    }

    @Test
    void createAnswers201DefaultsThePackAndRefusesDuplicatesWithConflictId() {
        var created = api.post("/api/v1/actions", token, """
                {"name": "hello", "runner_type": "local-shell-cmd", "parameters": {"cmd": {"default": "echo hi"}}}""");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("ref").asText()).isEqualTo("default.hello");
        assertThat(created.json().get("enabled").asBoolean()).isTrue();
        assertThat(created.json().get("metadata_file").asText()).isEmpty();
        var again = api.post("/api/v1/actions", token, """
                {"name": "hello", "runner_type": "local-shell-cmd"}""");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("conflict-id").asText())
                .isEqualTo(created.json().get("id").asText());
    }

    @Test
    void invalidBodiesAre400NamingTheFieldAndStoreNothing() {
        long before = api.store().store(Kinds.ACTION).count(Filter.all());
        assertFault(
                api.post("/api/v1/actions", token, "{\"name\": \"x1\", \"runner_type\": \"no-such-runner\"}"),
                "unknown runner type 'no-such-runner'");
        assertFault(
                api.post("/api/v1/actions", token, "{\"runner_type\": \"local-shell-cmd\"}"),
                "missing required field 'name'");
        assertFault(
                api.post(
                        "/api/v1/actions",
                        token,
                        "{\"name\": \"x2\", \"runner_type\": \"local-shell-cmd\", \"bogus\": 1}"),
                "unknown field 'bogus'");
        assertFault(api.post("/api/v1/actions", token, """
                        {"name": "x3", "runner_type": "local-shell-cmd", "parameters": {"cmd": {"type": "integer"}}}"""), "cannot override 'type'");
        assertFault(api.post("/api/v1/actions", token, """
                        {"name": "x4", "runner_type": "local-shell-cmd", "enabled": "yes"}"""), "field 'enabled'");
        assertFault(api.post("/api/v1/actions", token, """
                        {"name": "x5", "runner_type": "local-shell-script", "entry_point": "../../../etc/passwd"}"""), "points outside the pack");
        assertFault(api.post("/api/v1/actions", token, "[1, 2]"), "request body must be a JSON object");
        assertThat(api.store().store(Kinds.ACTION).count(Filter.all())).isEqualTo(before);
    }

    @Test
    void theCorePackCannotBeChanged() {
        assertFault(
                api.post("/api/v1/actions", token, action("core", "mine")),
                "Resources belonging to system level packs can't be manipulated");
        assertThat(api.delete("/api/v1/actions/core.local", token).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/actions/core.local", token).status()).isEqualTo(200);
    }

    @Test
    void updateReplacesTheActionKeepingItsId() {
        String id = api.post("/api/v1/actions", token, action("upd", "a"))
                .json()
                .get("id")
                .asText();
        var updated = api.put("/api/v1/actions/upd.a", token, """
                {"name": "a", "runner_type": "local-shell-cmd", "description": "changed", "enabled": false}""");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("id").asText()).isEqualTo(id);
        assertThat(updated.json().get("description").asText()).isEqualTo("changed");
        assertThat(updated.json().get("pack").asText()).isEqualTo("upd");
        assertThat(api.get("/api/v1/actions/" + id, token).json().get("enabled").asBoolean())
                .isFalse();
        var bad = api.put("/api/v1/actions/upd.a", token, "{\"name\": \"a\", \"runner_type\": \"nope\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(api.get("/api/v1/actions/" + id, token)
                        .json()
                        .get("description")
                        .asText())
                .isEqualTo("changed");
    }

    @Test
    void everyChangeOfAnActionOrRunnerRenewsTheContentStampTheRulesEnginesCacheUnder() {
        String before = ContentStamp.current(api.store());
        assertThat(api.post("/api/v1/actions", token, action("upd", "stamped")).status())
                .isEqualTo(201);
        String created = ContentStamp.current(api.store());
        assertThat(created).isNotEqualTo(before);
        String disable = "{\"name\": \"stamped\", \"runner_type\": \"local-shell-cmd\", \"enabled\": false}";
        assertThat(api.put("/api/v1/actions/upd.stamped", token, disable).status())
                .isEqualTo(200);
        String updated = ContentStamp.current(api.store());
        assertThat(updated).isNotEqualTo(created);
        assertThat(api.delete("/api/v1/actions/upd.stamped", token).status()).isEqualTo(204);
        String deleted = ContentStamp.current(api.store());
        assertThat(deleted).isNotEqualTo(updated);
        assertThat(api.put("/api/v1/runnertypes/noop", token, "{\"enabled\": true}")
                        .status())
                .isEqualTo(200);
        assertThat(ContentStamp.current(api.store())).isNotEqualTo(deleted);
    }

    @Test
    void deleteAnswers204ThenTheActionIsGone() {
        api.post("/api/v1/actions", token, action("del", "a"));
        var r = api.delete("/api/v1/actions/del.a", token);
        assertThat(r.status()).isEqualTo(204);
        assertThat(api.get("/api/v1/actions/del.a", token).status()).isEqualTo(404);
        assertThat(api.delete("/api/v1/actions/del.a", token).status()).isEqualTo(404);
    }

    @Test
    void dataFilesAreWrittenIntoThePackAndServedAsTheEntryPoint() throws Exception {
        var r = api.post("/api/v1/actions", token, """
                {"name": "written", "pack": "examples", "runner_type": "local-shell-script",
                 "entry_point": "scripts/written.sh",
                 "data_files": [{"file_path": "scripts/written.sh", "content": "#!/bin/sh\\necho written\\n"}]}""");
        assertThat(r.status()).isEqualTo(201);
        Path file = dir.resolve("packs/examples/actions/scripts/written.sh");
        assertThat(Files.readString(file)).isEqualTo("#!/bin/sh\necho written\n");
        var entry = api.get("/api/v1/actions/views/entry_point/examples.written", token);
        assertThat(entry.status()).isEqualTo(200);
        assertThat(entry.body()).isEqualTo("#!/bin/sh\necho written\n");
        var pack = api.get("/api/v1/packs/examples", token).json();
        assertThat(pack.get("files").toString()).contains("actions/scripts/written.sh");
    }

    @Test
    void dataFilesEscapingThePackAreRefusedAndNothingIsWritten() {
        var r = api.post("/api/v1/actions", token, """
                {"name": "evil", "pack": "examples", "runner_type": "local-shell-cmd",
                 "data_files": [{"file_path": "../../../escaped.txt", "content": "x"}]}""");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("faultstring").asText()).startsWith("Invalid file path");
        assertThat(dir.resolve("escaped.txt")).doesNotExist();
        assertThat(api.get("/api/v1/actions/examples.evil", token).status()).isEqualTo(404);
        var noPack = api.post("/api/v1/actions", token, """
                {"name": "x", "pack": "nopackdir", "runner_type": "local-shell-cmd",
                 "data_files": [{"file_path": "a.sh", "content": "x"}]}""");
        assertThat(noPack.json().get("faultstring").asText())
                .isEqualTo("Directory for pack \"nopackdir\" doesn't exist");
    }

    @Test
    void parametersViewMergesTheRunnersParameters() {
        var r = api.get("/api/v1/actions/views/parameters/core.local", token);
        assertThat(r.status()).isEqualTo(200);
        JsonNode params = r.json().get("parameters");
        assertThat(params.has("cmd")).isTrue();
        assertThat(params.has("timeout")).as("runner parameter").isTrue();
        assertThat(params.get("sudo").get("immutable").asBoolean()).isTrue();
    }

    @Test
    void overviewIncludesMergedParametersForOneAndForAll() {
        var one = api.get("/api/v1/actions/views/overview/core.local", token).json();
        assertThat(one.get("parameters").has("timeout")).isTrue();
        var all = api.get("/api/v1/actions/views/overview?pack=core", token);
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.json().get(0).get("parameters").size()).isPositive();
    }

    @Test
    void entryPointViewReturnsTheRegisteredFileAsText() {
        var r = api.get("/api/v1/actions/views/entry_point/examples.greet", token);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/x-sh");
        assertThat(r.body()).contains("#!");
        assertThat(api.get("/api/v1/actions/views/entry_point/core.local", token)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void cloneCopiesTheActionAndItsEntryPointIntoTheDestinationPack() throws Exception {
        var r = api.post("/api/v1/actions/examples.greet/clone", token, """
                {"dest_pack": "examples", "dest_action": "greet_copy"}""");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("ref").asText()).isEqualTo("examples.greet_copy");
        assertThat(r.json().get("entry_point").asText()).isEqualTo("greet_copy.sh");
        assertThat(r.json().get("metadata_file").asText()).isEqualTo("actions/greet_copy.yaml");
        assertThat(dir.resolve("packs/examples/actions/greet_copy.sh")).exists();
        var again = api.post("/api/v1/actions/examples.greet/clone", token, """
                {"dest_pack": "examples", "dest_action": "greet_copy"}""");
        assertThat(again.json().get("faultstring").asText())
                .isEqualTo("The requested destination action already exists");
        var over = api.post("/api/v1/actions/examples.greet/clone", token, """
                {"dest_pack": "examples", "dest_action": "greet_copy", "overwrite": true}""");
        assertThat(over.status()).isEqualTo(201);
        var system = api.post("/api/v1/actions/examples.greet/clone", token, """
                {"dest_pack": "core", "dest_action": "greet"}""");
        assertThat(system.status()).isEqualTo(400);
        var noDest = api.post("/api/v1/actions/examples.greet/clone", token, "{\"dest_pack\": \"examples\"}");
        assertThat(noDest.json().get("faultstring").asText()).contains("dest_action");
    }

    @Test
    void excludingAttributesIsLimitedToParametersAndNotify() {
        var ok = api.get("/api/v1/actions?exclude_attributes=parameters&pack=core", token);
        assertThat(ok.json().get(0).has("parameters")).isFalse();
        assertThat(api.get("/api/v1/actions?exclude_attributes=name", token).status())
                .isEqualTo(400);
    }

    public static void assertFault(JsonHttp.Response r, String contains) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("faultstring").asText()).contains(contains);
    }
}
