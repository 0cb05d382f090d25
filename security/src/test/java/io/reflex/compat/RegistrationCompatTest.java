package io.reflex.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.security.SecurityStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Packs shaped as StackStorm's own and Exchange packs are, registered through {@code POST
 * /api/v1/packs/register}: a rule on a trigger type of a pack that sorts after it, dotted action and policy
 * names, null descriptions, keys StackStorm ignores, and a pack with one invalid item.
 */
class RegistrationCompatTest {
    private static final SecurityStack stack = SecurityStack.get();

    @Test
    void aRuleOnATriggerTypeOfALaterPackRegistersInOneRequest() {
        copyRenamed("compat_z_triggers", "_rt");
        copyRenamed("compat_a_rules", "_rt");

        var r = stack.register("compat_a_rules_rt", "compat_z_triggers_rt");

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("rules").asInt()).isEqualTo(1);
        var rule = stack.get("/api/v1/rules/compat_a_rules_rt.on_line", stack.admin());
        assertThat(rule.status()).as(rule.toString()).isEqualTo(200);
        assertThat(rule.json().at("/trigger/type").asText()).isEqualTo("compat_z_triggers_rt.file_watch.line");
        var shipped = stack.register("compat_a_rules", "compat_z_triggers");
        assertThat(shipped.status()).as(shipped.toString()).isEqualTo(200);
        assertThat(stack.get("/api/v1/rules/compat_a_rules.on_line", stack.admin())
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aMissingTriggerTypeIsALocatedErrorNotAServerError() {
        copyRenamed("compat_a_rules", "_alone");

        var strict = stack.register("compat_a_rules_alone");

        assertThat(strict.status()).as(strict.toString()).isEqualTo(400);
        assertThat(strict.faultstring())
                .contains("packs/compat_a_rules_alone/rules/on_line.yaml:7:9: rule 'compat_a_rules_alone.on_line': "
                        + "trigger type 'compat_z_triggers_alone.file_watch.line' does not exist");
    }

    @Test
    void dottedNamesNullDescriptionsAndIgnoredKeysRegisterAndRun() {
        copyRenamed("compat_dotted", "_rt");
        var fresh = stack.register("compat_dotted_rt");
        assertThat(fresh.status()).as(fresh.toString()).isEqualTo(200);
        assertThat(texts(fresh.json().path("warnings")))
                .contains("packs/compat_dotted_rt/sensors/watch.yaml:9:5: unknown field "
                        + "'trigger_types[0].payload_info' ignored");

        var r = stack.register("compat_dotted");

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode action = stack.get("/api/v1/actions/compat_dotted.chat.postMessage", stack.admin())
                .json();
        assertThat(action.path("pack").asText()).isEqualTo("compat_dotted");
        assertThat(action.path("name").asText()).isEqualTo("chat.postMessage");
        assertThat(action.path("uid").asText()).isEqualTo("action:compat_dotted:chat.postMessage");
        JsonNode policy = stack.get("/api/v1/policies/compat_dotted.greet.concurrency", stack.admin())
                .json();
        assertThat(policy.path("resource_ref").asText()).isEqualTo("compat_dotted.chat.postMessage");
        assertThat(stack.get("/api/v1/triggertypes/compat_dotted.watch.line", stack.admin())
                        .status())
                .isEqualTo(200);
        assertThat(stack.get("/api/v1/packs/compat_dotted", stack.admin())
                        .json()
                        .path("errors"))
                .isEmpty();

        var run = stack.post(
                "/api/v1/executions",
                stack.admin(),
                "{\"action\": \"compat_dotted.chat.postMessage\", \"parameters\": {\"text\": \"hi\"}}");
        assertThat(run.status()).as(run.toString()).isEqualTo(201);
        var done = stack.awaitCompleted(run.json().path("id").asText());
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void aPackWithAnInvalidItemKeepsItsValidItemsAndShowsItsErrorsEveryTime() throws IOException {
        Path half = stack.packsDir().resolve("compat_half_rt");
        Files.createDirectories(half.resolve("actions"));
        Files.writeString(
                half.resolve("pack.yaml"),
                "ref: compat_half_rt\nname: compat_half_rt\n" + "description: d\nversion: 0.1.0\nauthor: Reflex\n");
        Files.writeString(half.resolve("actions/good.yaml"), "name: good\nrunner_type: noop\n");
        Files.writeString(half.resolve("actions/bad.yaml"), "name: bad\nrunner_type: nope\n");
        String body = "{\"packs\": [\"compat_half_rt\"], \"fail_on_failure\": false}";

        for (int i = 0; i < 2; i++) {
            var r = stack.post("/api/v1/packs/register", stack.admin(), body);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(texts(r.json().path("errors")))
                    .singleElement()
                    .asString()
                    .startsWith("packs/compat_half_rt/actions/bad.yaml:2:14: unknown runner type 'nope'");
        }
        Files.writeString(half.resolve("actions/good.yaml"), "name: good\ndescription: updated\nrunner_type: noop\n");
        assertThat(stack.post("/api/v1/packs/register", stack.admin(), body).status())
                .isEqualTo(200);

        assertThat(stack.get("/api/v1/actions/compat_half_rt.good", stack.admin())
                        .json()
                        .path("description")
                        .asText())
                .isEqualTo("updated");
        assertThat(texts(stack.get("/api/v1/packs/compat_half_rt", stack.admin())
                        .json()
                        .path("errors")))
                .singleElement()
                .asString()
                .contains("unknown runner type 'nope'");
        var health = stack.send("GET", stack.apiUrl() + "/healthz", null, null);
        assertThat(health.status()).as(health.toString()).isEqualTo(200);
        assertThat(health.json().at("/checks/content/status").asText()).isEqualTo("up");
        assertThat(health.json().at("/checks/content/detail").asText()).contains("compat_half_rt (1)");
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /**
     * Copies the fixture pack {@code from} into the packs directory as {@code from + suffix}, with every
     * mention of a {@code compat_} fixture pack renamed the same way, so it registers fresh (a pack whose
     * registered version is unchanged is skipped, and then reports no warnings).
     */
    private static void copyRenamed(String from, String suffix) {
        Path source = stack.packsDir().resolve(from);
        Path target = stack.packsDir().resolve(from + suffix);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path dest = target.resolve(source.relativize(f).toString());
                Files.createDirectories(dest.getParent());
                String text = Files.readString(f);
                for (String pack : List.of("compat_a_rules", "compat_z_triggers", "compat_dotted")) {
                    text = text.replace(pack, pack + suffix);
                }
                Files.writeString(dest, text);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
