package io.reflex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.reflex.cli.client.ExitCodes;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.model.TriggerInstance;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The resource commands (action, rule, sensor, trigger, key, pack, webhook, apikey, inquiry) and the output formats. */
class ResourceCommandsTest {
    static CliStack stack;

    @TempDir
    Path home;

    @BeforeAll
    static void start() throws Exception {
        stack = CliStack.get();
    }

    CliStack.Run reflex(String... args) {
        return stack.reflex(home, stack.adminEnv(), "", args);
    }

    CliStack.Run ok(String... args) {
        CliStack.Run r = reflex(args);
        assertThat(r.code()).as(String.join(" ", args) + "\n" + r).isZero();
        return r;
    }

    @Test
    void actionsAreCreatedListedShownAndDeleted() throws Exception {
        Path file = home.resolve("hello.yaml");
        Files.writeString(file, """
                name: cli_hello
                pack: examples
                runner_type: local-shell-cmd
                description: says hello from the CLI test
                parameters:
                  cmd: {type: string, default: "echo hello"}
                """);

        CliStack.Run created = ok("action", "create", file.toString());
        assertThat(created.out()).contains("examples.cli_hello");

        assertThat(ok("action", "list", "--pack", "examples").out()).contains("examples.cli_hello");
        JsonNode got = Json.mapper()
                .readTree(ok("action", "get", "examples.cli_hello", "--json").out());
        assertThat(got.path("runner_type").asText()).isEqualTo("local-shell-cmd");

        assertThat(ok("action", "delete", "examples.cli_hello").out()).contains("deleted");
        CliStack.Run gone = reflex("action", "get", "examples.cli_hello");
        assertThat(gone.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(gone.err()).contains("(HTTP 404");
    }

    @Test
    void anInvalidActionFileIsRefusedWithTheApiMessage() throws Exception {
        Path file = home.resolve("bad.yaml");
        Files.writeString(file, "name: cli_bad\npack: examples\nrunner_type: no-such-runner\n");

        CliStack.Run r = reflex("action", "create", file.toString());

        assertThat(r.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(r.err()).startsWith("reflex: ").contains("no-such-runner").contains("(HTTP 400");
    }

    @Test
    void tablesFitTheTerminalWidthAndJsonYamlCarryTheApiDocuments() throws Exception {
        Map<String, String> env = stack.adminEnv();
        env.put("COLUMNS", "60");
        CliStack.Run table = stack.reflex(home, env, "", "action", "list", "--pack", "core");
        assertThat(table.code()).isZero();
        assertThat(table.out().lines())
                .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(60));
        assertThat(table.out()).contains("core.local").contains("| ref");

        JsonNode yaml = new ObjectMapper(new YAMLFactory())
                .readTree(ok("action", "list", "--pack", "core", "--yaml").out());
        assertThat(yaml).hasSize(14);

        JsonNode picked = Json.mapper()
                .readTree(ok("action", "list", "--pack", "core", "-a", "ref,runner_type", "--json")
                        .out());
        assertThat(picked.get(0).properties()).extracting(Map.Entry::getKey).containsExactly("ref", "runner_type");

        CliStack.Run both = reflex("action", "list", "--json", "--yaml");
        assertThat(both.code()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void rulesAreCreatedDisabledEnabledAndDeletedAndWebhooksReachThem() throws Exception {
        Path file = home.resolve("rule.yaml");
        Files.writeString(file, """
                name: on_cli_hook
                pack: examples
                enabled: true
                trigger:
                  type: core.st2.webhook
                  parameters: {url: cli-hook}
                criteria: {}
                action:
                  ref: core.local
                  parameters: {cmd: date}
                """);
        ok("rule", "create", file.toString());

        assertThat(ok("rule", "list", "--pack", "examples").out()).contains("examples.on_cli_hook");
        assertThat(ok("rule", "list", "--pack", "core").out()).doesNotContain("examples.on_cli_hook");
        assertThat(ok("rule", "list", "--pack", "examples", "--action", "core.local", "--enabled", "true")
                        .out())
                .contains("examples.on_cli_hook");
        assertThat(ok("rule", "list", "--action", "core.noop").out()).doesNotContain("examples.on_cli_hook");
        assertThat(ok("rule", "disable", "examples.on_cli_hook").out()).containsPattern("enabled\\s*\\|\\s*false");
        assertThat(Json.mapper()
                        .readTree(ok("rule", "get", "examples.on_cli_hook", "--json")
                                .out())
                        .path("enabled")
                        .asBoolean())
                .isFalse();
        assertThat(ok("rule", "enable", "examples.on_cli_hook").out()).containsPattern("enabled\\s*\\|\\s*true");

        assertThat(ok("webhook", "list").out()).contains("cli-hook").contains("core.st2.webhook");
        assertThat(ok("webhook", "post", "cli-hook", "{\"who\": \"Ada\"}").out())
                .contains("Webhook \"cli-hook\" accepted.");
        assertThat(reflex("webhook", "post", "cli-hook", "{not json").code()).isEqualTo(ExitCodes.USAGE);

        ok("rule", "delete", "examples.on_cli_hook");
        assertThat(reflex("rule", "get", "examples.on_cli_hook").code()).isEqualTo(ExitCodes.REFUSED);
    }

    @Test
    void triggerTypesAndTriggerInstancesAreListedAndInstancesReEmitted() {
        String id = Ids.newId();
        stack.store
                .store(Kinds.TRIGGER_INSTANCE)
                .insert(new TriggerInstance(
                        id,
                        "core.st2.key_value_pair.create",
                        Json.object().put("cli", true),
                        Instant.now(),
                        TriggerInstance.Status.PROCESSED));

        assertThat(ok("trigger", "list", "--pack", "core").out()).contains("core.st2.webhook");
        assertThat(ok("trigger", "list", "--pack", "examples").out()).doesNotContain("core.st2.webhook");
        assertThat(ok("trigger-instance", "list", "-a", "id").out()).contains(id);
        assertThat(ok("trigger-instance", "list", "-a", "id", "--trigger", "core.st2.key_value_pair.create")
                        .out())
                .contains(id);
        assertThat(ok("trigger-instance", "list", "-a", "id", "--trigger", "core.st2.webhook")
                        .out())
                .doesNotContain(id);
        assertThat(ok("trigger-instance", "re-emit", id).out()).isNotBlank();
        assertThat(reflex("trigger-instance", "re-emit", "000000000000000000000000")
                        .code())
                .isEqualTo(ExitCodes.REFUSED);
    }

    @Test
    void keysAreSetEncryptedDecryptedScopedAndDeleted() throws Exception {
        ok("key", "set", "cli_plain", "db1.example.com");
        ok("key", "set", "cli_secret", "hunter2", "--encrypt");
        ok("key", "set", "cli_mine", "only-mine", "--scope", "user");

        assertThat(ok("key", "get", "cli_secret").out()).contains("********").doesNotContain("hunter2");
        assertThat(ok("key", "get", "cli_secret", "--decrypt").out()).contains("hunter2");
        CliStack.Run list = ok("key", "list", "--prefix", "cli_");
        assertThat(list.out())
                .contains("cli_plain", "db1.example.com", "cli_secret")
                .doesNotContain("hunter2");
        assertThat(list.out()).doesNotContain("cli_mine");
        JsonNode mine = Json.mapper()
                .readTree(ok("key", "get", "cli_mine", "--scope", "user", "--json")
                        .out());
        assertThat(mine.path("value").asText()).isEqualTo("only-mine");
        assertThat(mine.path("scope").asText()).isEqualTo("st2kv.user");

        ok("key", "delete", "cli_plain");
        CliStack.Run gone = reflex("key", "get", "cli_plain");
        assertThat(gone.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(gone.err()).contains("The key \"cli_plain\" does not exist");
    }

    @Test
    void sensorsAreListedShownDisabledAndEnabled() throws Exception {
        assertThat(ok("sensor", "list", "--pack", "examples").out()).contains("examples.TickSensor");
        assertThat(ok("sensor", "list", "--pack", "core").out()).doesNotContain("examples.TickSensor");
        assertThat(ok("sensor", "disable", "examples.TickSensor").out()).containsPattern("enabled\\s*\\|\\s*false");
        JsonNode got = Json.mapper()
                .readTree(ok("sensor", "get", "examples.TickSensor", "--json").out());
        assertThat(got.path("enabled").asBoolean()).isFalse();
        assertThat(ok("sensor", "enable", "examples.TickSensor").out()).containsPattern("enabled\\s*\\|\\s*true");
        assertThat(reflex("sensor", "get", "examples.NoSuchSensor").code()).isEqualTo(ExitCodes.REFUSED);
    }

    @Test
    void packsAreListedAndShown() throws Exception {
        assertThat(ok("pack", "list").out()).contains("core", "examples", "chatops");
        JsonNode core =
                Json.mapper().readTree(ok("pack", "get", "core", "--json").out());
        assertThat(core.path("ref").asText()).isEqualTo("core");
    }

    @Test
    void apiKeysAreCreatedUsedListedAndDeleted() throws Exception {
        String key = ok("apikey", "create", "-k", "-m", "{\"used_by\": \"cli-test\"}")
                .out()
                .strip();
        assertThat(key).isNotBlank();
        // without -k, the table leaves the key out and prints it whole on one line (never wrapped)
        String table = ok("apikey", "create").out();
        assertThat(table.lines().filter(l -> l.startsWith("key: ")))
                .singleElement()
                .asString()
                .matches("key: \\S{20,}");

        Map<String, String> withKey = stack.env();
        withKey.put("REFLEX_API_KEY", key);
        CliStack.Run whoami = stack.reflex(home, withKey, "", "whoami", "-a", "username");
        assertThat(whoami.code()).as(whoami.toString()).isZero();
        assertThat(whoami.out()).contains(CliStack.ADMIN);

        JsonNode listed = Json.mapper().readTree(ok("apikey", "list", "--json").out());
        String id = null;
        for (JsonNode k : listed) {
            if (k.path("metadata").path("used_by").asText().equals("cli-test")) {
                id = k.path("id").asText();
            }
        }
        assertThat(id).isNotNull();

        ok("apikey", "delete", id);
        assertThat(stack.reflex(home, withKey, "", "whoami").code()).isEqualTo(ExitCodes.UNAUTHENTICATED);
    }

    @Test
    void anInquiryIsAnsweredWithKeyValuesCastToItsSchema() throws Exception {
        String id = ok("run", "--async", "core.ask").out().strip();
        JsonNode question = Json.mapper().readTree("""
                {"schema": {"type": "object", "properties": {"continue": {"type": "boolean", "required": true}}},
                 "roles": [], "users": [], "route": "", "ttl": 1440}""");
        stack.change(id, e -> e.transitionTo(ExecutionStatus.SCHEDULED, Instant.now()));
        stack.change(id, e -> e.transitionTo(ExecutionStatus.RUNNING, Instant.now()));
        stack.change(id, e -> e.withResult(question));
        stack.change(id, e -> e.transitionTo(ExecutionStatus.PENDING, Instant.now()));

        assertThat(ok("inquiry", "list").out()).contains(id);
        CliStack.Run bad = reflex("inquiry", "respond", id, "continue=maybe");
        assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);

        assertThat(ok("inquiry", "respond", id, "continue=true").out()).contains("accepted");

        Execution answered = stack.store.executions().get(id).orElseThrow();
        assertThat(answered.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(answered.result().at("/response/continue").asBoolean()).isTrue();
        assertThat(reflex("inquiry", "respond", id, "{\"continue\": true}").code())
                .isEqualTo(ExitCodes.REFUSED);
    }
}
