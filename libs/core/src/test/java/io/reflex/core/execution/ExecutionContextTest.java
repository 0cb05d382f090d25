package io.reflex.core.execution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import io.reflex.core.model.Action;
import io.reflex.core.model.RunnerType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExecutionContextTest {
    private static ObjectNode json(String text) {
        return Json.read(text.replace('\'', '"'), ObjectNode.class);
    }

    @Test
    void aRuleContextIsReadIntoItsNamedPartsAndWrittenBackAsItCame() {
        ObjectNode given =
                json("{'trigger_instance': {'id': 't1', 'name': null}, 'rule': {'id': 'r1', 'name': 'on_push'},"
                        + " 'user': 'stanley', 'pack': 'examples', 'trace_context': {'trace_tag': 'tag-1'},"
                        + " 'rbac': {'user': 'stanley', 'roles': ['admin']}, 'parent': {'execution_id': 'p1', 'user': 'x'},"
                        + " 'orquesta': {'workflow_execution_id': 'w1'}, 'policies': {'retry': {'retry_count': 2}},"
                        + " 'chain': {'name': 'first'}}");

        ExecutionContext c = ExecutionContext.of(given);

        assertThat(c.user()).isEqualTo("stanley");
        assertThat(c.rule()).isEqualTo(new ExecutionContext.Ref("r1", "on_push"));
        assertThat(c.triggerInstance()).isEqualTo(new ExecutionContext.Ref("t1", null));
        assertThat(c.traceTag()).isEqualTo("tag-1");
        assertThat(c.rbac().roles()).containsExactly("admin");
        assertThat(c.parentExecutionId()).isEqualTo("p1");
        assertThat(c.workflowExecutionId()).isEqualTo("w1");
        assertThat(c.retryCount()).isEqualTo(2);
        assertThat(c.other().fieldNames()).toIterable().containsExactly("chain");
        assertThat(c.json()).isEqualTo(given);
        assertThat(Json.write(c.json())).isEqualTo(Json.write(given));
    }

    @Test
    void aNamedKeyOfAnotherShapeIsKeptUntouched() {
        ObjectNode given = json("{'rule': {'ref': 'a.b'}, 'user': 5, 'trace_context': {'trace_tag': 't', 'id': 1}}");

        ExecutionContext c = ExecutionContext.of(given);

        assertThat(c.rule()).isNull();
        assertThat(c.user()).isNull();
        assertThat(c.traceTag()).isNull();
        assertThat(c.json()).isEqualTo(given);
        assertThat(Json.read(Json.writeBytes(c), ExecutionContext.class)).isEqualTo(c);
    }

    @Test
    void settingANamedKeyReadsIt() {
        ExecutionContext c = ExecutionContext.EMPTY.with("user", Json.mapper().valueToTree("alice"));

        assertThat(c.user()).isEqualTo("alice");
        assertThat(c.withUser("bob").get("user").asText()).isEqualTo("bob");
        assertThat(ExecutionContext.of(null).isEmpty()).isTrue();
    }

    @Test
    void aRunnerIsStoredWithAnEmptyQueryModuleAndAnUnregisteredOneByNameOnly() {
        RunnerType local = new RunnerType("r1", "local-shell-cmd", null, true, null, null, null, null, null);

        assertThat(RunnerType.snapshot(local).get("query_module").asText()).isEmpty();
        assertThat(RunnerType.snapshot(RunnerType.named("gone"))).isEqualTo(json("{'name': 'gone'}"));
    }

    @Test
    void anExecutionWritesItsRunnerInTheStoredFormAndReadsItBack() {
        RunnerType local = new RunnerType(
                "r1",
                "local-shell-cmd",
                "Runs a command.",
                true,
                "local_runner",
                "local_shell_command_runner",
                json("{'cmd': {'type': 'string'}, 'sudo': {'type': 'boolean', 'default': false}}"),
                "stdout",
                json("{'type': 'object'}"));
        Action action =
                new Action("a1", "noop", "core", null, true, null, "local-shell-cmd", null, null, null, null, null);

        for (RunnerType runner : new RunnerType[] {local, RunnerType.named("gone", "was here")}) {
            Execution e = Execution.request("e1", ExecutionStatus.REQUESTED, Instant.EPOCH, action, runner, null);
            ObjectNode written = Json.read(Json.write(e), ObjectNode.class);

            assertThat(written.get("runner")).isEqualTo(RunnerType.snapshot(runner));
            assertThat(Json.mapper().valueToTree(e).get("runner")).isEqualTo(RunnerType.snapshot(runner));
            assertThat(Json.read(Json.write(e), Execution.class).runner()).isEqualTo(runner);
        }
    }
}
