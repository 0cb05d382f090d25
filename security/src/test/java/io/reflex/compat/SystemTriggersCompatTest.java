package io.reflex.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.execution.Execution;
import io.reflex.core.json.Json;
import io.reflex.security.SecurityStack;
import io.reflex.testing.JsonHttp.Response;
import io.reflex.testing.StackStormTriggerTypes;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * StackStorm's system trigger types are the engine's, not the {@code core} pack's: with a {@code core} pack
 * that has no {@code triggers/} directory (StackStorm's own has none), the API lists every one of them,
 * and rules on a webhook and on the action trigger fire end to end. Trigger payloads are validated without
 * asserting JSON-schema {@code format}, and {@code core.error} and {@code core.pause} give StackStorm's results.
 */
class SystemTriggersCompatTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    static SecurityStack stack;

    @BeforeAll
    static void start() {
        stack = SecurityStack.get();
        Response r = stack.register("core", "compat_systrig");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    @Test
    void theSystemTriggerTypesAreTheEnginesWhileCoreHasNoTriggerFiles() {
        assertThat(Files.exists(stack.packsDir.resolve("core/triggers"))).isFalse();
        for (String ref : StackStormTriggerTypes.ALL) {
            Response r = stack.get("/api/v1/triggertypes/" + ref, stack.admin());
            assertThat(r.status()).as(ref + ": " + r).isEqualTo(200);
            assertThat(r.json().path("ref").asText()).isEqualTo(ref);
            assertThat(r.json().path("pack").asText()).isEqualTo("core");
            assertThat(r.json().path("metadata_file").asText())
                    .as("defined by the engine, not a file")
                    .isEmpty();
        }
        JsonNode webhook = stack.get("/api/v1/triggertypes/core.st2.webhook", stack.admin())
                .json();
        assertThat(webhook.path("description").asText())
                .isEqualTo("Trigger type for registering webhooks that can consume arbitrary payload.");
        assertThat(webhook.at("/parameters_schema/properties/url/required").asBoolean())
                .isTrue();
        Response shadow = stack.get("/api/v1/triggers/core.st2.generic.actiontrigger", stack.admin());
        assertThat(shadow.status()).as(shadow.toString()).isEqualTo(200);
    }

    @Test
    void aWebhookRuleFiresAndTheActionTriggerOfItsExecutionFiresTheNext() {
        String word = "w" + UUID.randomUUID().toString().replace("-", "");
        Response posted =
                stack.post("/api/v1/webhooks/compat_systrig/hook", stack.admin(), "{\"word\": \"" + word + "\"}");
        assertThat(posted.status()).as(posted.toString()).isEqualTo(202);

        Execution first = stack.awaitCompleted(executionOf("compat_systrig_on_hook", "compat_systrig:" + word));
        assertThat(first.status().wire()).isEqualTo("succeeded");
        assertThat(first.result().path("stdout").asText()).isEqualTo("compat_systrig:" + word);

        String message = "after compat_systrig:" + word + " succeeded";
        Execution next = stack.awaitCompleted(executionOf("compat_systrig_on_echo_done", message));
        assertThat(next.result().path("stdout").asText()).isEqualTo(message);
    }

    @Test
    void aDateTimeFieldIsNotCheckedForItsFormatAsInStackStorm() {
        String value = "v" + UUID.randomUUID().toString().replace("-", "");
        Response withDefault = fire(Map.of("value", value + "-default"));
        assertThat(withDefault.status()).as(withDefault.toString()).isEqualTo(202);
        Response notADate = fire(Map.of("value", value, "executed_at", "yesterday, roughly"));
        assertThat(notADate.status()).as(notADate.toString()).isEqualTo(202);

        Execution run = stack.awaitCompleted(executionOf("compat_systrig_on_sample", "sample " + value + " at "));
        assertThat(run.result().path("stdout").asText()).isEqualTo("sample " + value + " at yesterday, roughly");
        Response wrongType = fire(Map.of("value", value, "executed_at", 5));
        assertThat(wrongType.status())
                .as("the type is still checked: " + wrongType)
                .isEqualTo(400);
    }

    @Test
    void coreErrorPrintsOnStandardErrorAndSucceedsAsStackStormsDoes() {
        Response created = stack.post(
                "/api/v1/executions",
                stack.admin(),
                "{\"action\": \"core.error\", \"parameters\": {\"message\": \"compat systrig: it's broken\"}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);

        Execution e = stack.awaitCompleted(created.json().path("id").asText());

        assertThat(e.status().wire()).isEqualTo("succeeded");
        assertThat(e.result())
                .isEqualTo(Json.read(
                        "{\"failed\": false, \"succeeded\": true, \"return_code\": 0, \"stdout\": \"\","
                                + " \"stderr\": \"compat systrig: it's broken\"}",
                        JsonNode.class));
    }

    @Test
    void corePauseSleepsAndReturnsTheSecondsAsStackStormsPythonActionDoes() {
        Response created = stack.post(
                "/api/v1/executions",
                stack.admin(),
                "{\"action\": \"core.pause\", \"parameters\": {\"max_pause\": 1}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);

        Execution e = stack.awaitCompleted(created.json().path("id").asText());

        assertThat(e.status().wire()).as(e.result().toString()).isEqualTo("succeeded");
        assertThat(e.result())
                .isEqualTo(Json.read(
                        "{\"exit_code\": 0, \"result\": 1, \"stdout\": \"\", \"stderr\": \"\"}", JsonNode.class));
    }

    private Response fire(Map<String, Object> payload) {
        String body = Json.write(Map.of("trigger", "compat_systrig.sample_trigger", "payload", payload));
        return stack.post("/api/v1/webhooks/st2", stack.admin(), body);
    }

    /** The id of the execution {@code rule} created whose {@code message} parameter starts with {@code prefix}. */
    private String executionOf(String rule, String prefix) {
        AtomicReference<String> id = new AtomicReference<>();
        await("execution of " + rule + " for " + prefix)
                .atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    JsonNode list = stack.get("/api/v1/executions?rule=" + rule + "&limit=100", stack.admin())
                            .json();
                    for (JsonNode e : list) {
                        if (e.at("/parameters/message").asText().startsWith(prefix)) {
                            id.set(e.path("id").asText());
                            return true;
                        }
                    }
                    return false;
                });
        return id.get();
    }
}
