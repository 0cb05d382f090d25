package io.reflex.workflowengine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.model.Action;
import io.reflex.core.model.RunnerType;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.core.workflow.TaskLaunch;
import io.reflex.core.workflow.WorkflowExecution;
import io.reflex.executions.ExecutionResults;
import io.reflex.executions.ExecutionWriter;
import io.reflex.orquesta.Workflows;
import io.reflex.templates.Datastore;
import io.reflex.templates.TemplateLimits;
import io.reflex.testing.InMemoryEventBus;
import io.reflex.testing.InMemoryStateStore;
import io.reflex.testing.contract.StateStoreSamples;
import io.reflex.workflowengine.conductor.Conductor;
import io.reflex.workflowengine.conductor.Evaluator;
import io.reflex.yaql.YaqlLimits;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The engine over a store and a bus (in memory), the test playing the action runners: pause, resume and cancel
 * asked of the workflow's execution, and a workflow whose engine died mid-step (or whose messages the broker
 * lost) going on from its stored state, every task's action launched once.
 */
class WorkflowEngineTest {
    private static final String ID = "5f00000000000000000000aa";
    private static final String SEQUENCE = """
            version: 1.0
            tasks:
              t1:
                action: core.noop
                next: [{do: t2}]
              t2:
                action: core.noop
                next: [{do: t3}]
              t3:
                action: core.noop
            output:
              - last: <% task_status(t3) %>
            """;

    private final InMemoryStateStore store = new InMemoryStateStore();
    private final InMemoryEventBus bus = new InMemoryEventBus();
    private final ExecutionWriter writer = new ExecutionWriter(store.executions(), bus, Clock.systemUTC());
    private final Datastore kv = Datastore.EMPTY;
    private WorkflowEngine engine;

    @BeforeEach
    void setUp() {
        store.store(Kinds.RUNNER_TYPE).insert(new RunnerType("r1", "noop", "", true, "", "", Json.object(), "", null));
        store.store(Kinds.RUNNER_TYPE)
                .insert(new RunnerType("r2", "orquesta", "", true, "", "", Json.object(), "", null));
        store.store(Kinds.ACTION)
                .insert(new Action("a1", "noop", "core", "", true, "", "noop", Json.object(), null, null, null, null));
        engine = newEngine();
    }

    private WorkflowEngine newEngine() {
        return WorkflowEngineService.engine(
                store,
                writer,
                bus,
                kv,
                TemplateLimits.DEFAULTS,
                new ExecutionResults(store, 100_000),
                Clock.systemUTC());
    }

    private void start(String yaml) {
        JsonNode spec = Json.mapper().valueToTree(new Yaml().load(yaml));
        assertThat(Workflows.standard()
                        .inspect(spec, Workflows.STACKSTORM_CONTEXT)
                        .clean())
                .isTrue();
        RunnerType runner = RunnerType.named("orquesta");
        Execution wf = Execution.request(
                        ID,
                        ExecutionStatus.REQUESTED,
                        Timestamps.now(),
                        StateStoreSamples.actionSnapshot("test.wf"),
                        runner,
                        Json.object())
                .transitionTo(ExecutionStatus.SCHEDULED, Timestamps.now())
                .transitionTo(ExecutionStatus.RUNNING, Timestamps.now());
        store.executions().insert(wf.atVersion(0));
        store.store(Kinds.WORKFLOW_EXECUTION)
                .insert(WorkflowExecution.requested(
                        ID, "test.wf", spec, Json.object(), Json.object().put("user", "stanley"), Timestamps.now()));
        engine.requested(ID);
    }

    private WorkflowExecution state() {
        return store.store(Kinds.WORKFLOW_EXECUTION).get(ID).orElseThrow();
    }

    private Execution execution(String id) {
        return store.executions().get(id).orElseThrow();
    }

    private List<Execution> children() {
        return store.executions().find(Query.of(Filter.eq("parent", ID)));
    }

    private Execution child(String task) {
        return children().stream()
                .filter(c -> c.context().orquesta().path("task_name").asText().equals(task))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no child for " + task));
    }

    /** The runner's part: the child runs and ends with {@code status}; the engine is not told. */
    private String end(String task, ExecutionStatus status) {
        String id = child(task).id();
        writer.apply(id, e -> {
            Execution running = e.status() == ExecutionStatus.REQUESTED
                    ? e.transitionTo(ExecutionStatus.SCHEDULED, Timestamps.now())
                            .transitionTo(ExecutionStatus.RUNNING, Timestamps.now())
                    : e;
            return running.transitionTo(status, Timestamps.now());
        });
        return id;
    }

    private void ask(ExecutionStatus status) {
        writer.apply(ID, e -> e.transitionTo(status, Timestamps.now()));
    }

    @Test
    void aPauseWaitsForTheRunningTaskAndAResumeGoesOnAsIfNeverPaused() {
        start(SEQUENCE);
        ask(ExecutionStatus.PAUSING);
        engine.requested(ID);
        assertThat(state().status()).isEqualTo(ExecutionStatus.PAUSING);
        engine.taskCompleted(end("t1", ExecutionStatus.SUCCEEDED));
        assertThat(state().status()).isEqualTo(ExecutionStatus.PAUSED);
        assertThat(execution(ID).status()).isEqualTo(ExecutionStatus.PAUSED);
        assertThat(children()).hasSize(1);

        ask(ExecutionStatus.RESUMING);
        engine.requested(ID);
        assertThat(execution(ID).status()).isEqualTo(ExecutionStatus.RUNNING);
        engine.taskCompleted(end("t2", ExecutionStatus.SUCCEEDED));
        engine.taskCompleted(end("t3", ExecutionStatus.SUCCEEDED));
        Execution done = execution(ID);
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(done.result().path("output").path("last").asText()).isEqualTo("succeeded");
        assertThat(state().closed()).isTrue();
    }

    @Test
    void aCancelCancelsTheChildNotStartedYetAndEndsTheWorkflowCanceled() {
        start(SEQUENCE);
        String t1 = child("t1").id();
        assertThat(execution(t1).status()).isEqualTo(ExecutionStatus.REQUESTED);
        ask(ExecutionStatus.CANCELING);
        engine.requested(ID);
        // not started: canceled at once, its announcement brings the workflow to its end
        assertThat(execution(t1).status()).isEqualTo(ExecutionStatus.CANCELED);
        engine.taskCompleted(t1);
        assertThat(execution(ID).status()).isEqualTo(ExecutionStatus.CANCELED);
        assertThat(execution(ID).result().path("output").path("last").asText()).isEqualTo("null");
        assertThat(children()).hasSize(1);
    }

    @Test
    void aPendingTaskPausesTheWorkflowAndTheResumeAfterTheAnswerGoesOn() {
        start(SEQUENCE);
        String t1 = child("t1").id();
        end("t1", ExecutionStatus.PENDING);
        engine.taskCompleted(t1);
        assertThat(execution(ID).status()).isEqualTo(ExecutionStatus.PAUSED);
        // the answer came before anyone resumed the workflow: the API resumes the paused parent
        writer.apply(t1, e -> e.transitionTo(ExecutionStatus.SUCCEEDED, Timestamps.now()));
        engine.taskCompleted(t1);
        assertThat(state().status()).isEqualTo(ExecutionStatus.PAUSED);
        ask(ExecutionStatus.RESUMING);
        engine.requested(ID);
        assertThat(child("t2").status()).isEqualTo(ExecutionStatus.REQUESTED);
        assertThat(execution(ID).status()).isEqualTo(ExecutionStatus.RUNNING);
    }

    @Test
    void aWorkflowWhoseEngineDiedMidStepGoesOnFromItsStoredStateAndLaunchesEachTaskOnce() {
        start(SEQUENCE);
        Conductor conductor = new Conductor(new Evaluator(YaqlLimits.DEFAULTS, TemplateLimits.DEFAULTS, kv), kv);
        var spec = Workflows.standard().read(state().spec());
        Conductor.Workflow definition =
                new Conductor.Workflow(spec, Workflows.standard().graph(spec));
        // t1 completed; an engine stored the next step (t2 to launch) and died before launching it and
        // before acknowledging the announcement, which the broker then lost
        String t1 = end("t1", ExecutionStatus.SUCCEEDED);
        WorkflowExecution before = state();
        // (as the engine does: t1's launch, still pending in the state, is dropped with the step)
        WorkflowExecution decided = conductor.taskCompleted(
                before.withoutLaunches(List.of(t1)),
                definition,
                t1,
                ExecutionStatus.SUCCEEDED,
                execution(t1).result());
        assertThat(decided.launches()).hasSize(1);
        assertThat(store.store(Kinds.WORKFLOW_EXECUTION).replaceIf(decided, Filter.eq("version", before.version())))
                .isTrue();
        assertThat(children()).hasSize(1);

        WorkflowSweep sweep = new WorkflowSweep(store.store(Kinds.WORKFLOW_EXECUTION), engine, Duration.ofHours(1));
        assertThat(sweep.sweep()).as("first sight: only remembered").isZero();
        assertThat(sweep.sweep()).isEqualTo(1);
        assertThat(children()).hasSize(2);
        assertThat(state().launches()).isEmpty();

        // t2's completion announcement is lost too: the sweep finds the child completed
        end("t2", ExecutionStatus.SUCCEEDED);
        assertThat(sweep.sweep()).as("the state changed since: only remembered").isZero();
        assertThat(sweep.sweep()).isEqualTo(1);
        assertThat(children()).hasSize(3);

        // the normal path, and a redelivery of every announcement afterwards
        String t3 = end("t3", ExecutionStatus.SUCCEEDED);
        engine.taskCompleted(t3);
        for (Execution c : children()) {
            engine.taskCompleted(c.id());
        }
        engine.requested(ID);
        sweep.sweep();
        sweep.sweep();
        assertThat(execution(ID).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(children()).hasSize(3);
        assertThat(children())
                .extracting(c -> c.context().orquesta().path("task_name").asText())
                .containsExactlyInAnyOrder("t1", "t2", "t3");
    }

    @Test
    void aLaunchStaysPendingUntilTheWorkflowsNextWriteAndNoEngineStartsItsTaskTwice() {
        start(SEQUENCE);
        // launched, and not cleared by a write of its own: the next write of the workflow drops it
        assertThat(state().launches()).extracting(TaskLaunch::task).containsExactly("t1");
        assertThat(children()).hasSize(1);
        WorkflowExecution launchedT1 = state();

        // another engine finding it pending launches it again, which finds the child
        WorkflowEngine other = newEngine();
        other.requested(ID);
        assertThat(children()).hasSize(1);
        assertThat(state()).isEqualTo(launchedT1);

        // t1's completion drops its launch in the same write that stages t2
        engine.taskCompleted(end("t1", ExecutionStatus.SUCCEEDED));
        assertThat(state().launches()).extracting(TaskLaunch::task).containsExactly("t2");
        // an engine that did not launch t2 drops its launch on hearing it completed
        other.taskCompleted(end("t2", ExecutionStatus.SUCCEEDED));
        assertThat(state().launches()).extracting(TaskLaunch::task).containsExactly("t3");
        assertThat(children()).hasSize(3);

        engine.taskCompleted(end("t3", ExecutionStatus.SUCCEEDED));
        assertThat(execution(ID).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(state().closed()).isTrue();
        assertThat(state().launches()).isEmpty();
        assertThat(children()).hasSize(3);
    }

    @Test
    void twoEnginesTakingTurnsOnOneWorkflowEachSeeTheOthersStepsAndLaunchEachTaskOnce() {
        start(SEQUENCE);
        WorkflowEngine other = newEngine();
        // each engine remembers the state it last wrote, which the other engine's step made stale
        other.taskCompleted(end("t1", ExecutionStatus.SUCCEEDED));
        engine.taskCompleted(end("t2", ExecutionStatus.SUCCEEDED));
        assertThat(state().sequence()).hasSize(3);
        other.taskCompleted(child("t2").id());
        engine.taskCompleted(child("t1").id());
        assertThat(children()).hasSize(3);

        other.taskCompleted(end("t3", ExecutionStatus.SUCCEEDED));
        engine.taskCompleted(child("t3").id());
        assertThat(execution(ID).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(state().closed()).isTrue();
        assertThat(children())
                .extracting(c -> c.context().orquesta().path("task_name").asText())
                .containsExactlyInAnyOrder("t1", "t2", "t3");
    }
}
