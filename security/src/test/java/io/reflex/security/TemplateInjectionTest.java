package io.reflex.security;

import static io.reflex.security.RenderFixtures.PLAINTEXT;
import static io.reflex.security.RenderFixtures.everything;
import static io.reflex.security.RenderFixtures.stdout;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.testing.JsonHttp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Values from outside (webhook bodies, task results, inquiry responses, notification messages, words of a
 * chat command) are data: template text in them reaches the action literally and is never rendered again,
 * so it can neither compute nor read the datastore.
 */
class TemplateInjectionTest {
    /** Template text an attacker sends: arithmetic, and a secret read with decrypt_kv. */
    static final String INJECTED = "A={{ 7*7 }} S={{ st2kv.system." + RenderFixtures.SECRET_KEY + " | decrypt_kv }}";

    private final SecurityStack stack = SecurityStack.get();
    private final RenderFixtures fixtures = new RenderFixtures(stack);

    @BeforeEach
    void ready() {
        fixtures.ready();
    }

    private static String marker() {
        return "m" + UUID.randomUUID().toString().replace("-", "");
    }

    private String webhook(String kind) {
        String payload = INJECTED + " " + marker();
        String body = Json.write(Map.of("kind", kind, "p", payload));
        assertThat(stack.post("/api/v1/webhooks/sec_render", stack.token("executor"), body)
                        .status())
                .isEqualTo(202);
        return payload;
    }

    private static void assertLiteral(Execution e, String expectedOutput) {
        assertThat(e.status()).as(everything(e)).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(stdout(e)).contains(expectedOutput).doesNotContain("A=49");
        assertThat(everything(e)).doesNotContain(PLAINTEXT);
    }

    @Test
    void aWebhookValueMappedByARuleIsNotRenderedAgain() {
        String payload = webhook("echo");
        Execution e = fixtures.completedWith("core.echo", payload);
        assertThat(e.parameters().path("message").asText()).isEqualTo(payload);
        assertLiteral(e, payload);
    }

    @Test
    void aReRunKeepsTheEarlierParametersAsData() {
        String payload = webhook("echo");
        Execution earlier = fixtures.completedWith("core.echo", payload);
        JsonHttp.Response r =
                stack.post("/api/v1/executions/" + earlier.id() + "/re_run", stack.admin(), "{\"parameters\": {}}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        Execution again = stack.awaitCompleted(r.json().path("id").asText());
        assertThat(again.parameters().path("message").asText()).isEqualTo(payload);
        assertLiteral(again, payload);
    }

    @Test
    void anActionDefaultReferringToAWebhookValueGetsItLiterally() {
        String payload = webhook("xref");
        Execution e = fixtures.completedWith("sec_render.xref", payload);
        // the default itself is the action author's template: it still reads the datastore
        assertLiteral(e, "D=" + payload + " K=" + RenderFixtures.PLAIN_VALUE);
    }

    @Test
    void aChainTaskResultReachesTheNextTaskLiterally() {
        Execution chain = stack.awaitCompleted(run(stack.admin(), "sec_render.chain", Map.of(), null));
        assertThat(chain.status()).as(everything(chain)).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode tasks = chain.result().path("tasks");
        String first = "T1={{ 7*7 }} S={{ st2kv.system." + RenderFixtures.SECRET_KEY + " | decrypt_kv }}";
        assertThat(tasks.get(0).path("result").path("stdout").asText()).contains(first);
        assertThat(tasks.get(1).path("result").path("stdout").asText()).contains("T2 " + first);
        assertThat(everything(chain)).doesNotContain(PLAINTEXT).doesNotContain("T1=49");
        for (String child : chain.children()) {
            assertThat(everything(stack.execution(child).orElseThrow())).doesNotContain(PLAINTEXT);
        }
    }

    @Test
    void anInquiryResponseIsData() {
        String id = run(stack.admin(), "sec_render.ask_chain", Map.of(), null);
        String inquiry = Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> stack.execution(id).orElseThrow().children(),
                        c -> !c.isEmpty()
                                && stack.execution(c.get(0))
                                        .map(x -> x.status() == ExecutionStatus.PENDING)
                                        .orElse(false))
                .get(0);
        String answer = INJECTED + " " + marker();
        String body = Json.write(Map.of("response", Map.of("answer", answer)));
        assertThat(stack.put("/api/v1/inquiries/" + inquiry, stack.admin(), body)
                        .status())
                .isEqualTo(200);
        Execution chain = stack.awaitCompleted(id);
        assertThat(chain.status()).as(everything(chain)).isEqualTo(ExecutionStatus.SUCCEEDED);
        Execution say = stack.execution(chain.children().get(1)).orElseThrow();
        assertLiteral(say, "R=" + answer);
    }

    @Test
    void aNotificationMessageTakenFromAResultIsData() {
        String m = marker();
        Map<String, Object> notify = Map.of(
                "on-complete",
                Map.of("routes", List.of("sec_render_notify"), "message", "{{ action_results.stdout }}"));
        // {% raw %} makes the caller's one render yield the template text itself, which the result then holds
        String id = run(
                stack.admin(), "core.echo", Map.of("message", "{% raw %}" + INJECTED + "{% endraw %} " + m), notify);
        assertLiteral(stack.awaitCompleted(id), INJECTED + " " + m);
        Execution relayed = fixtures.completedWith("core.echo", "N=" + INJECTED + " " + m);
        assertLiteral(relayed, "N=" + INJECTED + " " + m);
    }

    @Test
    void aValueExtractedFromAChatCommandIsData() {
        String text = INJECTED + " " + marker();
        String body = Json.write(Map.of(
                "name", "sec_render_say",
                "format", "sec_render say {{ message }}",
                "command", "sec_render say " + text,
                "source_channel", "sec"));
        JsonHttp.Response r = stack.post("/api/v1/aliasexecution", stack.token("executor"), body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        Execution e = stack.awaitCompleted(r.json().path("execution").path("id").asText());
        assertThat(e.parameters().path("message").asText()).isEqualTo(text);
        assertLiteral(e, text);
    }

    @Test
    void theChatUserAndChannelInAnAliasNotificationAreData() {
        String m = marker();
        String user = "eve" + INJECTED + m;
        String channel = "chan" + INJECTED;
        String body = Json.write(Map.of(
                "name",
                "sec_render_say",
                "format",
                "sec_render say {{ message }}",
                "command",
                "sec_render say hello " + m,
                "user",
                user,
                "source_channel",
                channel,
                "notification_route",
                "sec_render_chat"));
        JsonHttp.Response r = stack.post("/api/v1/aliasexecution", stack.token("executor"), body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        stack.awaitCompleted(r.json().path("execution").path("id").asText());
        Execution relayed = fixtures.completedWith("core.echo", "C=" + user);
        assertLiteral(relayed, "C=" + user + " " + channel);
    }

    /** Requests an execution through the API; answers its id. */
    private String run(String token, String action, Map<String, Object> parameters, Map<String, Object> notify) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("action", action, "parameters", parameters));
        if (notify != null) {
            body.put("notify", notify);
        }
        JsonHttp.Response r = stack.post("/api/v1/executions", token, Json.write(body));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().path("id").asText();
    }
}
