package io.reflex.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.execution.Execution;
import io.reflex.core.json.Json;
import io.reflex.core.model.TriggerInstance;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.security.SecurityStack;
import io.reflex.testing.JsonHttp.Response;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * {@code st2 rule create|enable|disable|delete} followed at once by a webhook, on the whole stack with a rules
 * cache that would otherwise keep rules for an hour: each change applies to the very next trigger instance,
 * and the webhook of a deleted rule is gone (404, not listed).
 */
class RuleChangesClientTest {
    static final Duration PATIENCE = Duration.ofSeconds(60);

    final SecurityStack stack = SecurityStack.get();
    final String hook = "clients_" + UUID.randomUUID().toString().replace("-", "");

    /** Sends the webhook with a trace tag, waits until the rules engine processed it; the executions it caused. */
    List<Execution> fire(String triggerRef) {
        String tag = "t-" + UUID.randomUUID();
        long before = processed(triggerRef);
        Response r = stack.api(
                "POST",
                "/api/v1/webhooks/" + hook,
                stack.admin(),
                "{\"n\": 1}",
                "Content-Type",
                "application/json",
                "St2-Trace-Tag",
                tag);
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        Awaitility.await().atMost(PATIENCE).until(() -> processed(triggerRef) > before);
        return stack.store.executions().find(Query.of(Filter.eq("context.trace_context.trace_tag", tag)));
    }

    long processed(String triggerRef) {
        return stack.store
                .store(Kinds.TRIGGER_INSTANCE)
                .count(Filter.and(
                        Filter.eq("trigger", triggerRef),
                        Filter.eq("status", TriggerInstance.Status.PROCESSED.wire())));
    }

    ObjectNode withEnabled(JsonNode rule, boolean enabled) {
        return ((ObjectNode) rule.deepCopy()).put("enabled", enabled);
    }

    @Test
    void enableDisableAndDeleteApplyToTheNextWebhook() {
        ObjectNode rule = SecurityStack.webhookRule(hook, hook, "core.noop", false);
        Response created = stack.post("/api/v1/rules", stack.admin(), rule.toString());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().path("id").asText();
        String triggerRef = created.json().at("/trigger/ref").asText();
        assertThat(triggerRef).isNotBlank();

        assertThat(fire(triggerRef))
                .as("disabled: the rules engine now caches no enabled rule")
                .isEmpty();

        Response enabled = stack.put(
                "/api/v1/rules/" + id,
                stack.admin(),
                withEnabled(created.json(), true).toString());
        assertThat(enabled.status()).as(enabled.toString()).isEqualTo(200);
        assertThat(fire(triggerRef)).as("enabled just before").hasSize(1);

        Response disabled = stack.put(
                "/api/v1/rules/" + id,
                stack.admin(),
                withEnabled(created.json(), false).toString());
        assertThat(disabled.status()).isEqualTo(200);
        assertThat(fire(triggerRef)).as("disabled just before").isEmpty();

        assertThat(stack.get("/api/v1/webhooks", stack.admin()).body()).contains(hook);
        assertThat(stack.delete("/api/v1/rules/" + id, stack.admin()).status()).isEqualTo(204);
        Response gone = stack.post("/api/v1/webhooks/" + hook, stack.admin(), "{}");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.faultstring()).isEqualTo("Webhook " + hook + " not registered with st2");
        assertThat(stack.get("/api/v1/webhooks", stack.admin()).body()).doesNotContain(hook);
        assertThat(stack.get("/api/v1/webhooks/" + hook, stack.admin()).status())
                .isEqualTo(404);
        assertThat(stack.get("/api/v1/triggers/" + triggerRef, stack.admin()).status())
                .isEqualTo(404);
    }

    @Test
    void anActionDisabledAndEnabledAgainAppliesToTheNextWebhook() {
        ObjectNode action = Json.object()
                .put("name", hook)
                .put("pack", "examples")
                .put("runner_type", "noop")
                .put("enabled", true);
        Response created = stack.post("/api/v1/actions", stack.admin(), action.toString());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        ObjectNode rule = SecurityStack.webhookRule(hook, hook, "examples." + hook, true);
        Response ruleCreated = stack.post("/api/v1/rules", stack.admin(), rule.toString());
        assertThat(ruleCreated.status()).as(ruleCreated.toString()).isEqualTo(201);
        String triggerRef = ruleCreated.json().at("/trigger/ref").asText();

        assertThat(fire(triggerRef))
                .as("enabled: the rules engine now caches the action with the rule")
                .singleElement()
                .satisfies(e -> assertThat(e.status().wire()).isNotEqualTo("failed"));

        Response disabled = stack.put(
                "/api/v1/actions/examples." + hook,
                stack.admin(),
                ((ObjectNode) created.json().deepCopy()).put("enabled", false).toString());
        assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);
        assertThat(fire(triggerRef)).as("disabled just before").singleElement().satisfies(e -> {
            assertThat(e.status().wire()).isEqualTo("failed");
            assertThat(e.result().path("error").asText())
                    .isEqualTo("Unable to execute. Action \"examples." + hook + "\" is disabled.");
        });

        Response enabled = stack.put(
                "/api/v1/actions/examples." + hook,
                stack.admin(),
                ((ObjectNode) created.json().deepCopy()).put("enabled", true).toString());
        assertThat(enabled.status()).as(enabled.toString()).isEqualTo(200);
        assertThat(fire(triggerRef))
                .as("enabled again just before")
                .singleElement()
                .satisfies(e -> assertThat(e.status().wire()).isNotEqualTo("failed"));
    }

    @Test
    void aParameterisedTriggerStaysWhileAnotherRuleUsesIt() {
        ObjectNode rule = SecurityStack.webhookRule(null, hook, "core.noop", true);
        Response first = stack.post(
                "/api/v1/rules",
                stack.admin(),
                rule.deepCopy().put("name", hook + "_a").toString());
        Response second = stack.post(
                "/api/v1/rules",
                stack.admin(),
                rule.deepCopy().put("name", hook + "_b").toString());
        assertThat(first.status()).isEqualTo(201);
        assertThat(second.json().at("/trigger/ref").asText())
                .isEqualTo(first.json().at("/trigger/ref").asText());

        stack.delete("/api/v1/rules/" + first.json().path("id").asText(), stack.admin());
        assertThat(fire(first.json().at("/trigger/ref").asText()))
                .as("the other rule still fires")
                .hasSize(1);
        stack.delete("/api/v1/rules/" + second.json().path("id").asText(), stack.admin());
        assertThat(stack.post("/api/v1/webhooks/" + hook, stack.admin(), "{}").status())
                .isEqualTo(404);
    }
}
