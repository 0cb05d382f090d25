package io.reflex.api.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.api.ApiTestServer;
import io.reflex.core.json.Json;
import io.reflex.testing.JsonHttp;
import io.reflex.testing.WorkflowSamples;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /api/v1/workflows/inspect} as {@code st2 workflow inspect} calls it: YAML text in, error list out. */
class WorkflowInspectionApiTest {
    private static final String TASK = "properties.tasks.patternProperties.^\\w+$";

    @TempDir
    static Path dir;

    static ApiTestServer api;
    static String token;

    @BeforeAll
    static void start() throws Exception {
        api = ApiTestServer.start(dir.resolve("data"));
        token = api.token("st2admin");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private JsonHttp.Response inspect(String definition, String contentType) {
        return api.send(
                "POST", "/api/v1/workflows/inspect", definition, "X-Auth-Token", token, "Content-Type", contentType);
    }

    @Test
    void aCleanWorkflowAnswersAnEmptyList() {
        JsonHttp.Response r = inspect("""
                version: 1.0
                input:
                  - message
                tasks:
                  say:
                    action: core.echo message=<% ctx(message) %>
                    next:
                      - when: <% succeeded() %>
                        publish: said=<% result().stdout %>
                output:
                  - said: <% ctx(said) %>
                """, "text/plain");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().isArray()).isTrue();
        assertThat(r.json()).isEmpty();
    }

    @Test
    void errorsOfEveryKindComeBackInStackStormsShapeWith200() {
        JsonHttp.Response r = inspect(WorkflowSamples.contextAndSyntaxErrors("<% succeeded( %>", """
                  task3:
                    action: std.noop
                  task4:
                    action: core.echo
                    input:
                      colour: red
                """), "text/plain");

        assertThat(r.status()).isEqualTo(200);
        List<JsonNode> errors = List.copyOf(Json.mapper().convertValue(r.json(), List.class).stream()
                .map(e -> (JsonNode) Json.mapper().valueToTree(e))
                .toList());
        assertThat(errors)
                .extracting(e -> e.get("type").asText())
                .containsExactly("content", "content", "content", "context", "expression", "syntax");
        assertThat(errors.get(0))
                .isEqualTo(Json.mapper()
                        .valueToTree(Map.of(
                                "type", "content",
                                "message", "The action \"std.noop\" is not registered in the database.",
                                "schema_path", TASK + ".properties.action",
                                "spec_path", "tasks.task3.action")));
        assertThat(errors.subList(1, 3))
                .extracting(e -> e.get("message").asText())
                .containsExactlyInAnyOrder(
                        "Action \"core.echo\" is missing required input \"message\".",
                        "Action \"core.echo\" has unexpected input \"colour\".");
        assertThat(errors.get(3))
                .isEqualTo(Json.mapper()
                        .valueToTree(Map.of(
                                "type", "context",
                                "language", "yaql",
                                "expression", "<% ctx().foobar %>",
                                "message", "Variable \"foobar\" is referenced before assignment.",
                                "schema_path", TASK + ".properties.input",
                                "spec_path", "tasks.task1.input")));
        assertThat(errors.get(4).get("language").asText()).isEqualTo("yaql");
        assertThat(errors.get(4).get("spec_path").asText()).isEqualTo("tasks.task2.next[0].when");
        assertThat(errors.get(5))
                .isEqualTo(Json.mapper()
                        .valueToTree(Map.of(
                                "type", "syntax",
                                "message",
                                        "[{'cmd': 'echo <% ctx().macro %>'}] is not valid under any of the given schemas",
                                "schema_path", TASK + ".properties.input.oneOf",
                                "spec_path", "tasks.task2.input")));
    }

    @Test
    void yamlMediaTypesAndJsonStringsAreAccepted() {
        String definition = "version: 1.0\ntasks:\n  t:\n    action: core.noop\n";

        assertThat(inspect(definition, "application/x-yaml").status()).isEqualTo(200);
        JsonHttp.Response json = inspect(Json.mapper().valueToTree(definition).toString(), "application/json");
        assertThat(json.status()).isEqualTo(200);
        assertThat(json.json()).isEmpty();
    }

    @Test
    void whatIsNoWorkflowIsA400WithAFaultstring() {
        JsonHttp.Response notYaml = inspect("tasks: [unclosed\n", "text/plain");
        JsonHttp.Response list = inspect("- a\n- b\n", "text/plain");
        JsonHttp.Response empty = inspect("   \n", "text/plain");
        JsonHttp.Response duplicate = inspect("tasks:\n  a: {}\n  a: {}\n", "text/plain");
        JsonHttp.Response form = inspect("a=b", "application/x-www-form-urlencoded");

        assertThat(notYaml.status()).isEqualTo(400);
        assertThat(notYaml.json().get("faultstring").asText()).startsWith("Failed to load workflow definition because");
        assertThat(list.status()).isEqualTo(400);
        assertThat(list.json().get("faultstring").asText()).contains("not a mapping");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(duplicate.json().get("faultstring").asText()).contains("duplicate key 'a'");
        assertThat(form.status()).isEqualTo(415);
    }

    @Test
    void inspectionNeedsCredentials() {
        JsonHttp.Response r = api.send("POST", "/api/v1/workflows/inspect", "tasks: {}", "Content-Type", "text/plain");

        assertThat(r.status()).isEqualTo(401);
    }
}
