package io.reflex.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.execution.Execution;
import io.reflex.core.json.Json;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Query;
import io.reflex.security.SecurityStack;
import io.reflex.testing.JsonHttp.Response;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * {@code st2 trace list|get} on the whole stack: a webhook sent with {@code St2-Trace-Tag} that fires a rule
 * gives one trace holding the trigger instance, the rule (caused by it) and the execution (caused by the
 * rule on that instance), found by tag, by execution and by id; lists and views need {@code trace_list} and
 * {@code trace_view}.
 */
class TracesClientTest {
    static final Duration PATIENCE = Duration.ofSeconds(60);

    final SecurityStack stack = SecurityStack.get();
    final String hook = "traces_" + UUID.randomUUID().toString().replace("-", "");
    final String tag = "deploy-" + UUID.randomUUID();

    /** A rule on the webhook, the webhook sent with the tag; the execution it started. */
    Execution fire() {
        ObjectNode rule = SecurityStack.webhookRule(hook, hook, "core.noop", true);
        Response created = stack.post("/api/v1/rules", stack.admin(), rule.toString());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        Response sent = stack.api(
                "POST",
                "/api/v1/webhooks/" + hook,
                stack.admin(),
                "{\"n\": 1}",
                "Content-Type",
                "application/json",
                "St2-Trace-Tag",
                tag);
        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
        return Awaitility.await()
                .atMost(PATIENCE)
                .until(this::started, l -> l.size() == 1)
                .getFirst();
    }

    List<Execution> started() {
        return stack.store.executions().find(Query.of(Filter.eq("context.trace_context.trace_tag", tag)));
    }

    JsonNode listedByTag() {
        Response r = stack.get("/api/v1/traces?trace_tag=" + tag, stack.admin());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.header("X-Total-Count")).isEqualTo("1");
        return r.json().get(0);
    }

    @Test
    void aTaggedWebhookThatFiresARuleIsOneTraceOfTriggerInstanceRuleAndExecution() {
        Execution execution = fire();
        String instance = execution.triggerInstance().id();
        String ruleId = execution.rule().id();
        JsonNode trace = Awaitility.await()
                .atMost(PATIENCE)
                .until(this::listedByTag, t -> t.path("action_executions").size() == 1);

        assertThat(trace.path("trace_tag").asText()).isEqualTo(tag);
        assertThat(trace.path("uid").asText()).isEqualTo("trace:" + tag);
        assertThat(trace.path("start_timestamp").asText()).isNotBlank();
        assertThat(trace.has("revision")).isFalse();
        JsonNode ti = trace.at("/trigger_instances/0");
        assertThat(ti.path("object_id").asText()).isEqualTo(instance);
        assertThat(ti.path("ref").asText())
                .isEqualTo(execution.triggerInstance().trigger());
        assertThat(ti.path("caused_by")).isEqualTo(Json.object());
        JsonNode rule = trace.at("/rules/0");
        assertThat(rule.path("object_id").asText()).isEqualTo(ruleId);
        assertThat(rule.path("ref").asText()).isEqualTo("examples." + hook);
        assertThat(rule.path("caused_by"))
                .isEqualTo(Json.object().put("type", "trigger_instance").put("id", instance));
        JsonNode ex = trace.at("/action_executions/0");
        assertThat(ex.path("object_id").asText()).isEqualTo(execution.id());
        assertThat(ex.path("ref").asText()).isEqualTo("core.noop");
        assertThat(ex.path("updated_at").asText()).isNotBlank();
        assertThat(ex.path("caused_by"))
                .isEqualTo(Json.object().put("type", "rule").put("id", ruleId + ":" + instance));

        String id = trace.path("id").asText();
        Response byExecution = stack.get("/api/v1/traces?execution=" + execution.id(), stack.admin());
        assertThat(byExecution.json()).hasSize(1);
        assertThat(byExecution.json().at("/0/id").asText()).isEqualTo(id);
        Response one = stack.get("/api/v1/traces/" + id, stack.admin());
        assertThat(one.status()).as(one.toString()).isEqualTo(200);
        assertThat(one.json().path("trace_tag").asText()).isEqualTo(tag);
        assertThat(one.json().path("action_executions")).hasSize(1);

        // may list executions but holds no trace permission (StackStorm's observer role may read traces)
        String someoneElse = stack.token("executor");
        assertThat(stack.get("/api/v1/traces", someoneElse).status()).isEqualTo(403);
        assertThat(stack.get("/api/v1/traces/" + id, someoneElse).status()).isEqualTo(403);
    }

    @Test
    void anUnknownTraceIs404WithAFaultstringAndAnUnknownTagListsNothing() {
        Response missing = stack.get("/api/v1/traces/0123456789abcdef01234567", stack.admin());
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.faultstring())
                .isEqualTo("Unable to identify resource with id \"0123456789abcdef01234567\".");

        Response none = stack.get("/api/v1/traces?trace_tag=" + tag, stack.admin());
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.json()).isEmpty();
        assertThat(none.header("X-Total-Count")).isEqualTo("0");
    }
}
