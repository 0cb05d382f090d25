package io.reflex.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Query;
import io.reflex.security.CompatAccess;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Templates of a StackStorm pack print what Jinja2 prints in StackStorm: dicts and lists as Python writes
 * them, {@code True}, {@code 1.0}, regex escapes in string literals, {@code default} without an argument,
 * StackStorm's human time; and an action chain publishes objects a later task reads.
 */
class JinjaCompatTest {
    private final CompatAccess stack = new CompatAccess();

    @BeforeEach
    void registered() {
        assertThat(stack.register("compat_jinja")).isEqualTo(200);
    }

    private static String marker() {
        return "m" + UUID.randomUUID().toString().replace("-", "");
    }

    private void webhook(Map<String, Object> body) {
        CompatAccess.Reply r = stack.post("/api/v1/webhooks/compat_jinja", stack.adminToken(), Json.write(body));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
    }

    private Execution completedEchoWith(String marker) {
        return completedWith("core.echo", marker);
    }

    private Execution completedWith(String action, String marker) {
        Execution found = Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> stack.store().executions().find(Query.of(Filter.eq("action.ref", action))).stream()
                                .filter(e -> e.parameters().toString().contains(marker))
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
        Execution e = stack.awaitCompleted(found.id());
        assertThat(e.status()).as(Json.write(e)).isEqualTo(ExecutionStatus.SUCCEEDED);
        return e;
    }

    private static String stdout(Execution e) {
        return e.result().path("stdout").asText().strip();
    }

    @Test
    void valuesPrintAsJinja2PrintsThem() {
        String m = marker();
        webhook(Map.of("kind", "echo", "name", "st2", "flag", true, "f", 1.0, "n", 3, "marker", m));
        Execution e = completedEchoWith(m);
        assertThat(stdout(e)).isEqualTo("{'name': 'st2'} True 1.0 ['" + m + "', 3] True [] 3h25m45s");
    }

    @Test
    void aOneExpressionObjectGivenToAStringParameterIsItsPythonText() {
        String m = marker();
        webhook(Map.of("kind", "object", "marker", m));
        Execution e = completedEchoWith(m);
        assertThat(stdout(e)).isEqualTo("{'name': 'st2', 'marker': '" + m + "'}");
    }

    @Test
    void aJsonNullPrintsNoneAndIsFalseAndBooleansJoinAsPythonWritesThem() {
        String m = marker();
        Map<String, Object> body = new java.util.HashMap<>(Map.of("kind", "none", "flag", true, "marker", m));
        body.put("x", null);
        webhook(body);
        Execution e = completedEchoWith(m);
        assertThat(stdout(e)).isEqualTo("None True unset vTrue True/False {'m': {'k': '" + m + "'}} a}}b");
    }

    @Test
    void pythonLiteralTextGivenToAnObjectParameterIsAnObject() {
        String m = marker();
        webhook(Map.of("kind", "literal", "text", "{'marker': '" + m + "', 'ok': True, 'items': (1, None)}"));
        Execution e = completedWith("compat_jinja.print_object", m);
        assertThat(e.parameters().path("data").path("ok").asBoolean()).isTrue();
        assertThat(stdout(e)).isEqualTo(m + " True 1,None");
    }

    @Test
    void aChainPublishesAnObjectWhoseFieldsTheNextTaskReads() {
        String m = marker();
        CompatAccess.Reply r = stack.post(
                "/api/v1/executions",
                stack.adminToken(),
                Json.write(Map.of("action", "compat_jinja.chain", "parameters", Map.of("marker", m))));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        Execution chain = stack.awaitCompleted(r.json().path("id").asText());
        assertThat(chain.status()).as(Json.write(chain)).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(chain.result().path("published").path("res").isObject()).isTrue();
        Execution second = completedEchoWith("read " + m);
        assertThat(stdout(second)).isEqualTo("read " + m + " rc=0");
    }
}
