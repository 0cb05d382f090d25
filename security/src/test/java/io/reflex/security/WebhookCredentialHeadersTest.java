package io.reflex.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.json.Json;
import io.reflex.core.model.RuleEnforcement;
import io.reflex.core.model.TriggerInstance;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An attacker who can read trigger instances, executions or the event stream must not find the credentials
 * that a webhook's sender presented: every credential-bearing header (and the operator's extra names in
 * {@code api.webhook_strip_headers}) is taken out of the payload before the trigger is dispatched. The
 * fixture rule echoes the payload's headers, so a leaked header would also reach the execution's output.
 */
class WebhookCredentialHeadersTest {
    private static final SecurityStack stack = SecurityStack.get();

    @BeforeAll
    static void registerFixture() {
        assertThat(stack.register("sec_headers").status()).isEqualTo(200);
    }

    @Test
    void credentialHeadersOfANamedWebhookReachNoTriggerInstanceExecutionOrStreamEvent() throws Exception {
        String marker = "sec-headers-" + UUID.randomUUID();
        String benign = "benign-" + UUID.randomUUID();
        List<String> secrets = secrets();
        try (StreamTap tap = new StreamTap(stack.streamUrl, stack.admin())) {
            var sent = stack.api(
                    "POST",
                    "/api/v1/webhooks/sec_headers",
                    stack.token("executor"),
                    "{\"marker\": \"" + marker + "\"}",
                    withCredentials(secrets, "Content-Type", "application/json", "X-Sec-Benign", benign));
            assertThat(sent.status()).as(sent.toString()).isEqualTo(202);

            TriggerInstance instance = awaitInstance(marker);
            String stored = Json.write(instance);
            assertThat(stored).as("the payload keeps ordinary headers").contains(benign);
            assertNoSecret(secrets, stored, "stored trigger instance");

            String executionId = awaitEnforcement(instance.id()).executionId();
            var execution = stack.awaitCompleted(executionId);
            String storedExecution = Json.write(execution);
            assertThat(storedExecution).as("the rule echoes the headers").contains(benign);
            assertNoSecret(secrets, storedExecution, "stored execution");
            var shown = stack.get("/api/v1/executions/" + executionId, stack.admin());
            assertThat(shown.status()).isEqualTo(200);
            assertNoSecret(secrets, shown.body(), "GET /executions/{id}");
            String enforcements = Json.write(stack.store
                    .store(Kinds.RULE_ENFORCEMENT)
                    .find(Query.of(Filter.eq("trigger_instance_id", instance.id()))));
            assertNoSecret(secrets, enforcements, "rule enforcement");

            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> tap.text().contains(executionId) && tap.text().contains("succeeded"));
            assertNoSecret(secrets, tap.text(), "stream events");
        }
    }

    @Test
    void theSt2WebhookStoresNoCredentialHeaderOfTheRequestNorOfAWebhookPayloadItCarries() throws Exception {
        String marker = "sec-headers-st2-" + UUID.randomUUID();
        List<String> secrets = secrets();
        String forged = "forged-authorization-" + UUID.randomUUID();
        var hook = stack.get("/api/v1/webhooks/sec_headers", stack.admin());
        assertThat(hook.status()).isEqualTo(200);
        String trigger = hook.json().get("ref").asText();
        String body = "{\"trigger\": \"" + trigger + "\", \"payload\": {\"headers\": {\"Authorization\": \"" + forged
                + "\", \"X-Ok\": \"kept\"}, \"headers_lower\": {\"authorization\": \"" + forged
                + "\"}, \"body\": {\"marker\": \"" + marker + "\"}}}";
        var sent = stack.api(
                "POST",
                "/api/v1/webhooks/st2",
                stack.admin(),
                body,
                withCredentials(secrets, "Content-Type", "application/json"));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
        TriggerInstance instance = awaitInstance(marker);
        String stored = Json.write(instance);
        assertThat(stored).contains("kept");
        assertNoSecret(secrets, stored, "stored trigger instance");
        assertThat(stored).as("a webhook payload fired through /webhooks/st2").doesNotContain(forged);
        var execution = stack.awaitCompleted(awaitEnforcement(instance.id()).executionId());
        assertThat(Json.write(execution)).doesNotContain(forged);
    }

    /** Unique values for every credential header, the last one for the configured extra header. */
    private static List<String> secrets() {
        String id = UUID.randomUUID().toString();
        return List.of(
                "Bearer sec-authorization-" + id,
                "Basic sec-proxy-authorization-" + id,
                "auth-token=sec-cookie-" + id + "; other=sec-cookie-other-" + id,
                "sec-api-key-" + id,
                "sec-extra-" + id,
                "sec-lower-authorization-" + id);
    }

    private static String[] withCredentials(List<String> secrets, String... more) {
        List<String> headers = new java.util.ArrayList<>(List.of(
                "Authorization",
                secrets.get(0),
                "Proxy-Authorization",
                secrets.get(1),
                "Cookie",
                secrets.get(2),
                "St2-Api-Key",
                secrets.get(3),
                SecurityStack.EXTRA_STRIPPED_HEADER,
                secrets.get(4),
                "authorization",
                secrets.get(5)));
        headers.addAll(List.of(more));
        return headers.toArray(String[]::new);
    }

    private static void assertNoSecret(List<String> secrets, String text, String where) {
        for (String secret : secrets) {
            for (String part : secret.split("[ ;=]+")) {
                if (part.startsWith("sec-")) {
                    assertThat(text)
                            .as(where + " holds a credential header's value")
                            .doesNotContain(part);
                }
            }
        }
        assertThat(text).as(where + " holds the sender's token").doesNotContain(stack.token("executor"));
    }

    private static TriggerInstance awaitInstance(String marker) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> stack.store.store(Kinds.TRIGGER_INSTANCE).find(Query.all()).stream()
                                .filter(t ->
                                        t.payload().at("/body/marker").asText().equals(marker))
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
    }

    private static RuleEnforcement awaitEnforcement(String triggerInstanceId) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> stack.store
                                .store(Kinds.RULE_ENFORCEMENT)
                                .findOne(Filter.eq("trigger_instance_id", triggerInstanceId)),
                        e -> e.isPresent() && e.get().executionId() != null)
                .orElseThrow();
    }
}
