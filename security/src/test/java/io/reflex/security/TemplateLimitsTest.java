package io.reflex.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.HotSpotDiagnosticMXBean;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.testing.JsonHttp;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runaway templates: loops, huge strings, includes of classpath resources. Each is sent as an execution's
 * parameter (or is an action's default) through the API, and must fail fast naming the limit it hit, end
 * {@code timeout} or {@code canceled} when its execution does, release its thread, and leave the stack
 * serving.
 */
class TemplateLimitsTest {
    private static final String THREE_DEEP = "{% for i in range(1000) %}{% for j in range(1000) %}"
            + "{% for k in range(1000) %}{% endfor %}{% endfor %}{% endfor %}";
    private static final String RENDER_FRAME = "io.reflex.templates.Templates.render";

    private final SecurityStack stack = SecurityStack.get();

    @BeforeAll
    static void registerFixtures() {
        assertThat(SecurityStack.get().register("sec_bounds").status()).isEqualTo(200);
    }

    @Test
    void threeNestedLoopsInAParameterFailFastNamingTheLimit() {
        assertThat(refusal("core.local", Map.of("cmd", "echo " + THREE_DEEP)))
                .contains("template exceeded templates.max_loop_iterations (100000)");
        stackKeepsServing();
    }

    @Test
    void hostileDefaultsAreStoppedAtTheirLimitAndNothingKeepsRendering() {
        // a caller's request renders the action's template defaults once, at request time (as StackStorm's
        // live parameters do): the render is cut at templates.max_render_time or the loop limit
        assertThat(refusal("sec_bounds.slow_timeout", Map.of()))
                .contains("template exceeded templates.max_render_time (10s)");
        assertThat(refusal("sec_bounds.four_deep", Map.of()))
                .containsAnyOf(
                        "templates.max_loop_iterations (100000)", "template exceeded templates.max_render_time (10s)");
        awaitNoRenderRunning();
        stackKeepsServing();
    }

    @Test
    void cancelingAnExecutionStuckRenderingEndsCanceledAndStopsTheRender() {
        String id = request("sec_bounds.slow_chain", Map.of(), stack.admin())
                .json()
                .path("id")
                .asText();
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> stack.execution(id).map(Execution::status).orElse(null) == ExecutionStatus.RUNNING);
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .alias("the chain's task parameters are seen rendering in a thread dump")
                .until(() -> threadDump().contains(RENDER_FRAME));
        assertThat(stack.delete("/api/v1/executions/" + id, stack.admin()).status())
                .isEqualTo(200);
        Execution e = stack.awaitCompleted(id);
        assertThat(e.status()).isEqualTo(ExecutionStatus.CANCELED);
        awaitNoRenderRunning();
        stackKeepsServing();
    }

    @Test
    void hugeOutputIsRefusedNamingTheLimit() {
        for (String cmd : List.of(
                "echo {{ 'x'.repeat(100000000) }}",
                "echo {{ 'x'|center(100000000) }}",
                "echo {% set s = 'xxxxxxxxxx' %}{% for i in range(30) %}{% set s = s ~ s %}{% endfor %}{{ s }}",
                "echo {% set l = ['x'] %}{% for i in range(30) %}{% do l.extend(l) %}{% endfor %}{{ l|join }}",
                "echo {{ '%100000000s'|format('x') }}")) {
            assertThat(refusal("core.local", Map.of("cmd", cmd)))
                    .as(cmd)
                    .contains("template exceeded templates.max_output_bytes (10485760)");
        }
        stackKeepsServing();
    }

    @Test
    void includesAndImportsOfClasspathResourcesFailAndShowNothing() {
        for (String cmd : List.of(
                "echo {% include 'META-INF/MANIFEST.MF' %}",
                "echo {% include 'logback.xml' %}",
                "echo {% import 'logback.xml' as x %}",
                "echo {% from 'META-INF/MANIFEST.MF' import y %}",
                "echo {% extends 'logback.xml' %}")) {
            JsonHttp.Response r = request("core.local", Map.of("cmd", cmd), stack.token("executor"));
            assertThat(r.status()).as(cmd).isEqualTo(400);
            assertThat(r.faultstring()).as(cmd).contains("are not available in Reflex templates");
            assertThat(r.body()).as(cmd).doesNotContain("Manifest-Version", "<configuration", "<appender");
        }
    }

    /** What the API answered an executor's request with: a 400 naming why the parameters did not render. */
    private String refusal(String action, Map<String, Object> parameters) {
        JsonHttp.Response r = request(action, parameters, stack.token("executor"));
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        return r.faultstring();
    }

    private Execution run(String action, Map<String, Object> parameters) {
        JsonHttp.Response r = request(action, parameters, stack.token("executor"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return stack.awaitCompleted(r.json().path("id").asText());
    }

    private JsonHttp.Response request(String action, Map<String, Object> parameters, String token) {
        ObjectNode body = Json.object().put("action", action);
        body.set("parameters", Json.mapper().valueToTree(parameters));
        return stack.post("/api/v1/executions", token, Json.write(body));
    }

    /** A following core.noop runs to success: no consumer is pinned, no runner slot lost. */
    private void stackKeepsServing() {
        Execution noop = run("core.noop", Map.of());
        assertThat(noop.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    /** The CPU is released: no thread of this JVM (virtual ones included) is still rendering a template. */
    private static void awaitNoRenderRunning() {
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !threadDump().contains(RENDER_FRAME));
    }

    private static String threadDump() {
        try {
            Path file = Files.createTempDirectory("reflex-threads-").resolve("dump.txt");
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN);
            String dump = Files.readString(file);
            Files.delete(file);
            Files.delete(file.getParent());
            return dump;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
