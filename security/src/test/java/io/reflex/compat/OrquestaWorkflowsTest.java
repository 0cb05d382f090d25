package io.reflex.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Query;
import io.reflex.security.SecurityStack;
import io.reflex.testing.JsonHttp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Orquesta workflows of the {@code compat_orquesta} fixture pack run end to end through every service in one
 * JVM (the graph {@code reflex up} runs): the action runner hands the workflow to the workflow engine, whose
 * tasks are child executions with {@code context.orquesta} and {@code parent}; the result is StackStorm's
 * {@code {output, errors}}.
 */
class OrquestaWorkflowsTest {
    private static final SecurityStack stack = SecurityStack.get();

    @BeforeAll
    static void registerFixture() {
        assertThat(stack.register("compat_orquesta").status()).isEqualTo(200);
    }

    @Test
    void sequenceBranchesJoinsAndItemsRunAndTheOutputIsRendered() {
        Execution wf = stack.awaitCompleted(run("compat_orquesta.tour", "grace"));
        assertThat(wf.status()).as(wf.result().toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(wf.result().path("output"))
                .isEqualTo(json("{'greeting': 'hello grace', 'joined': 'hello grace from left+right',"
                        + " 'pairs': ['a:1', 'b:2', 'c:3']}"));
        assertThat(wf.result().has("errors")).isFalse();
        List<Execution> children = children(wf.id());
        // greet, left, right, third, both, any_two, and three items
        assertThat(children).hasSize(9);
        assertThat(children).allSatisfy(c -> {
            assertThat(c.parent()).isEqualTo(wf.id());
            assertThat(c.context().workflowExecutionId()).isEqualTo(wf.id());
        });
        assertThat(children.stream().filter(c -> c.context().orquesta().has("item_id")))
                .hasSize(3);
        JsonHttp.Response listed = stack.get("/api/v1/executions/" + wf.id() + "/children", stack.admin());
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        assertThat(listed.json()).hasSize(9);
    }

    @Test
    void failureHandledByNoopRetryThenErrorsAndOutputOnFailure() {
        Execution wf = stack.awaitCompleted(run("compat_orquesta.failing", "x"));
        assertThat(wf.status()).as(wf.result().toString()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(wf.result().path("output")).isEqualTo(json("{'stage': 'tolerated'}"));
        JsonNode errors = wf.result().path("errors");
        // as orquesta: every failed task is logged, the one a transition handled too
        assertThat(errors).extracting(e -> e.path("task_id").asText()).containsExactly("tolerated", "broken");
        assertThat(errors.get(1).path("message").asText()).isEqualTo("Execution failed. See result for details.");
        // tolerated once, broken twice (one retry), never not at all
        assertThat(children(wf.id())).hasSize(3);
    }

    @Test
    void aSubworkflowNestsAndItsOutputIsItsParentTaskResult() {
        Execution wf = stack.awaitCompleted(run("compat_orquesta.nested", "lin"));
        assertThat(wf.status()).as(wf.result().toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(wf.result().path("output")).isEqualTo(json("{'inner_greeting': 'hello lin'}"));
        Execution inner = children(wf.id()).get(0);
        assertThat(inner.actionRef()).isEqualTo("compat_orquesta.tour");
        assertThat(children(inner.id())).hasSize(9);
    }

    /**
     * As StackStorm: a workflow with inspection errors registers, and its run fails before any task with all of
     * them, its tasks' actions and inputs checked too, content errors first.
     */
    @Test
    void aWorkflowThatFailsInspectionRegistersAndItsRunFailsWithTheErrors() {
        Execution wf = stack.awaitCompleted(run("compat_orquesta.inspected", "x"));
        assertThat(wf.status()).as(wf.result().toString()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(wf.result().get("output").isNull()).isTrue();
        JsonNode errors = wf.result().path("errors");
        assertThat(errors)
                .extracting(
                        e -> e.path("type").asText() + " " + e.path("spec_path").asText() + ": "
                                + e.path("message").asText())
                .containsExactly(
                        "content tasks.unknown.action: The action \"core.nosuch\" is not registered in the database.",
                        "content tasks.wrong_input.input: Action \"core.echo\" is missing required input"
                                + " \"message\".",
                        "content tasks.wrong_input.input.messages: Action \"core.echo\" has unexpected input"
                                + " \"messages\".",
                        "syntax tasks.listed_input.input: [{'cmd': 'echo hi'}] is not valid under any of the given"
                                + " schemas");
        assertThat(errors.get(0).path("schema_path").asText())
                .isEqualTo("properties.tasks.patternProperties.^\\w+$.properties.action");
        assertThat(children(wf.id())).isEmpty();
    }

    private static String run(String action, String who) {
        String body = Json.write(Map.of("action", action, "parameters", Map.of("who", who)));
        JsonHttp.Response r = stack.post("/api/v1/executions", stack.admin(), body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().path("id").asText();
    }

    private static List<Execution> children(String parent) {
        return stack.store.executions().find(Query.of(Filter.eq("parent", parent)));
    }

    private static JsonNode json(String s) {
        try {
            return Json.mapper().readTree(s.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
