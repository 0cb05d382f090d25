package io.reflex.workflowengine.conductor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.workflow.TaskLaunch;
import io.reflex.core.workflow.WorkflowExecution;
import io.reflex.orquesta.WorkflowSpec;
import io.reflex.orquesta.Workflows;
import io.reflex.templates.Datastore;
import io.reflex.templates.TemplateLimits;
import io.reflex.yaql.YaqlLimits;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.Yaml;

/** Drives one workflow through the conductor as the engine would, without I/O: launches are "run" by the test. */
final class Sim {
    static final Datastore KV = new Datastore() {
        @Override
        public Optional<String> get(String scope, String name) {
            return Optional.ofNullable(Map.of("st2kv.system:greeting", "hello", "st2kv.user:stanley:mood", "calm")
                    .get(scope + ":" + name));
        }

        @Override
        public String decrypt(String ciphertext) {
            return ciphertext;
        }
    };
    static final Conductor CONDUCTOR =
            new Conductor(new Evaluator(YaqlLimits.DEFAULTS, TemplateLimits.DEFAULTS, KV), KV);

    final Conductor.Workflow workflow;
    WorkflowExecution state;

    Sim(String yaml, ObjectNode input) {
        JsonNode root = Json.mapper().valueToTree(new Yaml().load(yaml));
        WorkflowSpec spec = Workflows.standard().read(root);
        workflow = new Conductor.Workflow(spec, Workflows.standard().graph(spec));
        state = WorkflowExecution.requested(
                "5f0000000000000000000001",
                "test.wf",
                root,
                input,
                Json.object().put("user", "stanley").put("action_execution_id", "5f0000000000000000000001"),
                Instant.parse("2026-01-01T00:00:00Z"));
        state = CONDUCTOR.start(state, workflow);
    }

    static Sim of(String yaml) {
        return new Sim(yaml, Json.object());
    }

    /** The launches not yet completed by the test, in order. */
    List<TaskLaunch> launches() {
        return state.launches();
    }

    TaskLaunch launch(String task) {
        return state.launches().stream()
                .filter(l -> l.task().equals(task))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no launch of " + task + " in " + state.launches()));
    }

    /** Completes the first pending launch of {@code task}. */
    Sim complete(String task, ExecutionStatus status, JsonNode result) {
        TaskLaunch l = launch(task);
        return completeLaunch(l, status, result);
    }

    Sim completeLaunch(TaskLaunch l, ExecutionStatus status, JsonNode result) {
        state = state.withoutLaunches(List.of(l.executionId()));
        WorkflowExecution next = CONDUCTOR.taskCompleted(state, workflow, l.executionId(), status, result);
        assertThat(next).as("completion of " + l.task() + " applied").isNotSameAs(state);
        state = next;
        return this;
    }

    Sim succeed(String task) {
        return complete(task, ExecutionStatus.SUCCEEDED, Json.object().put("task", task));
    }

    Sim succeed(String task, JsonNode result) {
        return complete(task, ExecutionStatus.SUCCEEDED, result);
    }

    Sim fail(String task) {
        return complete(task, ExecutionStatus.FAILED, Json.object().put("stderr", "boom"));
    }

    /** Completes every pending launch successfully with result {@code {task}}, until none are left. */
    Sim runAll() {
        while (!state.launches().isEmpty()) {
            succeed(state.launches().get(0).task());
        }
        return this;
    }

    ExecutionStatus status() {
        return state.status();
    }

    JsonNode output() {
        return state.output();
    }

    ObjectNode result() {
        return Conductor.result(state);
    }
}
