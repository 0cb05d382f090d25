package io.reflex.workflowengine.conductor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.workflow.TaskLaunch;
import io.reflex.core.workflow.WorkflowExecution;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pause, resume and cancel of a workflow, and tasks held by a paused subworkflow or a pending inquiry. */
class ConductorControlTest {
    private static final String PARALLEL = """
            version: 1.0
            tasks:
              start:
                next: [{do: [a, b]}]
              a:
                action: core.noop
                next: [{do: a2}]
              a2:
                action: core.noop
              b:
                action: core.noop
            output:
              - done: <% task_status(a2) %>
            """;

    @Test
    void aPausingWorkflowStartsNothingAndIsPausedOnceItsRunningTasksCompleted() {
        Sim sim = Sim.of(PARALLEL);
        sim.state = Sim.CONDUCTOR.pause(sim.state, sim.workflow);
        assertThat(sim.status()).isEqualTo(ExecutionStatus.PAUSING);
        sim.succeed("a");
        assertThat(sim.launches()).extracting(TaskLaunch::task).containsExactly("b");
        assertThat(sim.status()).isEqualTo(ExecutionStatus.PAUSING);
        sim.succeed("b");
        assertThat(sim.status()).isEqualTo(ExecutionStatus.PAUSED);
        assertThat(sim.launches()).isEmpty();
        assertThat(Conductor.finished(sim.state)).isFalse();

        sim.state = Sim.CONDUCTOR.resume(sim.state, sim.workflow);
        assertThat(sim.status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(sim.launches()).extracting(TaskLaunch::task).containsExactly("a2");
        sim.succeed("a2");
        assertThat(sim.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(sim.output()).isEqualTo(Json.object().put("done", "succeeded"));
    }

    @Test
    void pauseAndResumeChangeNothingWhenAskedTwiceOrOutOfTurn() {
        Sim sim = Sim.of(PARALLEL);
        WorkflowExecution running = sim.state;
        assertThat(Sim.CONDUCTOR.resume(running, sim.workflow)).isSameAs(running);
        WorkflowExecution pausing = Sim.CONDUCTOR.pause(running, sim.workflow);
        assertThat(Sim.CONDUCTOR.pause(pausing, sim.workflow)).isSameAs(pausing);
        WorkflowExecution canceling = Sim.CONDUCTOR.cancel(pausing, sim.workflow);
        assertThat(canceling.status()).isEqualTo(ExecutionStatus.CANCELING);
        assertThat(Sim.CONDUCTOR.cancel(canceling, sim.workflow)).isSameAs(canceling);
        assertThat(Sim.CONDUCTOR.resume(canceling, sim.workflow)).isSameAs(canceling);
    }

    @Test
    void aFailureWhilePausingStillFailsTheWorkflow() {
        Sim sim = Sim.of(PARALLEL);
        sim.state = Sim.CONDUCTOR.pause(sim.state, sim.workflow);
        sim.fail("b");
        assertThat(sim.status()).isEqualTo(ExecutionStatus.FAILED);
        sim.succeed("a");
        assertThat(Conductor.finished(sim.state)).isTrue();
    }

    @Test
    void aCanceledWorkflowIsCancelingUntilItsActiveTasksCompletedThenCanceledWithItsOutput() {
        Sim sim = Sim.of(PARALLEL);
        assertThat(Conductor.activeChildren(sim.state)).hasSize(2);
        sim.state = Sim.CONDUCTOR.cancel(sim.state, sim.workflow);
        assertThat(sim.status()).isEqualTo(ExecutionStatus.CANCELING);
        sim.complete("a", ExecutionStatus.CANCELED, Json.object());
        assertThat(sim.status()).isEqualTo(ExecutionStatus.CANCELING);
        assertThat(sim.launches()).extracting(TaskLaunch::task).containsExactly("b");
        sim.succeed("b");
        assertThat(sim.status()).isEqualTo(ExecutionStatus.CANCELED);
        assertThat(Conductor.finished(sim.state)).isTrue();
        // a2 never ran: orquesta's unset status
        assertThat(sim.output()).isEqualTo(Json.object().put("done", "null"));
    }

    @Test
    void aCanceledTaskCancelsTheWorkflowWhateverItsTransitions() {
        Sim sim = Sim.of(PARALLEL);
        sim.complete("a", ExecutionStatus.CANCELED, Json.object());
        assertThat(sim.status()).isEqualTo(ExecutionStatus.CANCELING);
        sim.succeed("b");
        assertThat(sim.status()).isEqualTo(ExecutionStatus.CANCELED);
    }

    @Test
    void aPendingTaskPausesTheWorkflowAndItsAnswerIsAppliedWhilePausedThenResumed() {
        Sim sim = Sim.of(PARALLEL);
        TaskLaunch a = sim.launch("a");
        sim.state = Sim.CONDUCTOR.taskHeld(sim.state, sim.workflow, a.executionId(), ExecutionStatus.PENDING);
        assertThat(sim.status()).isEqualTo(ExecutionStatus.PAUSING);
        assertThat(Conductor.holdsTasks(sim.state)).isTrue();
        WorkflowExecution again =
                Sim.CONDUCTOR.taskHeld(sim.state, sim.workflow, a.executionId(), ExecutionStatus.PENDING);
        assertThat(again).isSameAs(sim.state);
        sim.succeed("b");
        assertThat(sim.status()).isEqualTo(ExecutionStatus.PAUSED);
        // the answer arrives before the resume: applied, the next task waits for the resume
        sim.succeed("a");
        assertThat(sim.status()).isEqualTo(ExecutionStatus.PAUSED);
        assertThat(Conductor.holdsTasks(sim.state)).isFalse();
        assertThat(sim.launches()).isEmpty();
        sim.state = Sim.CONDUCTOR.resume(sim.state, sim.workflow);
        sim.succeed("a2");
        assertThat(sim.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void aResumeBeforeTheAnswerKeepsTheTaskActiveUntilItCompletes() {
        Sim sim = Sim.of(PARALLEL);
        TaskLaunch a = sim.launch("a");
        sim.succeed("b");
        sim.state = Sim.CONDUCTOR.taskHeld(sim.state, sim.workflow, a.executionId(), ExecutionStatus.PENDING);
        assertThat(sim.status()).isEqualTo(ExecutionStatus.PAUSED);
        sim.state = Sim.CONDUCTOR.resume(sim.state, sim.workflow);
        assertThat(sim.status()).isEqualTo(ExecutionStatus.RUNNING);
        sim.succeed("a").succeed("a2");
        assertThat(sim.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void withItemsHeldByAPauseLaunchTheRestOnResumeOrAreCanceledOnCancel() {
        String yaml = """
                version: 1.0
                tasks:
                  each:
                    with:
                      items: <% range(6) %>
                      concurrency: 2
                    action: core.noop
                output:
                  - n: <% len(task(each).result.items) %>
                """;
        Sim sim = Sim.of(yaml);
        assertThat(sim.launches()).hasSize(2);
        sim.state = Sim.CONDUCTOR.pause(sim.state, sim.workflow);
        sim.runAll();
        assertThat(sim.status()).isEqualTo(ExecutionStatus.PAUSED);
        assertThat(sim.state.sequence().get(0).status()).isEqualTo(ExecutionStatus.PAUSED);
        sim.state = Sim.CONDUCTOR.resume(sim.state, sim.workflow);
        assertThat(sim.launches()).hasSize(2);
        sim.runAll();
        assertThat(sim.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(sim.output().path("n").asInt()).isEqualTo(6);

        Sim canceled = Sim.of(yaml);
        canceled.state = Sim.CONDUCTOR.pause(canceled.state, canceled.workflow);
        canceled.runAll();
        canceled.state = Sim.CONDUCTOR.cancel(canceled.state, canceled.workflow);
        assertThat(canceled.status()).isEqualTo(ExecutionStatus.CANCELED);
        assertThat(canceled.state.sequence().get(0).status()).isEqualTo(ExecutionStatus.CANCELED);
    }

    @Test
    void aReRunStartsTheChosenTasksAgainFromTheOriginalContextsUnderNewChildIds() {
        Sim sim = Sim.of("""
                version: 1.0
                tasks:
                  t1:
                    action: core.noop
                    next:
                      - publish: [{x: one}]
                        do: t2
                  t2:
                    action: core.noop
                    next: [{when: <% succeeded() %>, do: t3}]
                  t3:
                    action: core.echo message=<% ctx(x) %>
                output:
                  - x: <% ctx(x) %>
                """);
        sim.succeed("t1").fail("t2");
        assertThat(sim.status()).isEqualTo(ExecutionStatus.FAILED);
        String failedChild = sim.state.sequence().get(1).executionId();

        WorkflowExecution seeded = io.reflex.core.workflow.WorkflowRerun.from(
                sim.state,
                "5f00000000000000000000ff",
                Json.object().put("user", "stanley"),
                java.util.List.of("t2"),
                java.util.List.of(),
                java.time.Instant.parse("2026-01-02T00:00:00Z"));
        assertThat(seeded.errors()).isEmpty();
        sim.state = Sim.CONDUCTOR.start(seeded, sim.workflow);
        assertThat(sim.status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(sim.launches()).extracting(TaskLaunch::task).containsExactly("t2");
        assertThat(sim.launch("t2").executionId()).isNotEqualTo(failedChild);
        sim.succeed("t2");
        assertThat(sim.launch("t3").input()).isEqualTo(Json.object().put("message", "one"));
        sim.succeed("t3");
        assertThat(sim.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(sim.output()).isEqualTo(Json.object().put("x", "one"));
    }

    static final String ITEMS = """
            version: 1.0
            vars:
              - names: [a, b, c]
            tasks:
              each:
                with: <% ctx(names) %>
                action: core.echo message=<% item() %>
                next: [{when: <% succeeded() %>, do: after}]
              after:
                action: core.noop
            output:
              - said: <% task(each).result.items.select($.result) %>
            """;

    /** The items run: b fails, a and c succeed with {@code {said: <item>}}; the workflow failed. */
    static Sim itemsWithBFailed() {
        Sim sim = Sim.of(ITEMS);
        for (TaskLaunch l : List.copyOf(sim.launches())) {
            String item = l.input().path("message").asText();
            if (item.equals("b")) {
                sim.completeLaunch(l, ExecutionStatus.FAILED, Json.object().put("stderr", "boom"));
            } else {
                sim.completeLaunch(l, ExecutionStatus.SUCCEEDED, Json.object().put("said", item));
            }
        }
        assertThat(sim.status()).isEqualTo(ExecutionStatus.FAILED);
        return sim;
    }

    static WorkflowExecution rerun(Sim sim, List<String> reset) {
        return io.reflex.core.workflow.WorkflowRerun.from(
                sim.state,
                "5f00000000000000000000fe",
                Json.object().put("user", "stanley"),
                List.of("each"),
                reset,
                java.time.Instant.parse("2026-01-02T00:00:00Z"));
    }

    @Test
    void aReRunOfAWithItemsTaskRunsOnlyTheItemsThatFailedAndKeepsTheOthersResults() {
        Sim sim = itemsWithBFailed();
        List<String> before = sim.state.sequence().get(0).items().stream()
                .map(i -> i.executionId())
                .toList();

        sim.state = Sim.CONDUCTOR.start(rerun(sim, List.of()), sim.workflow);

        assertThat(sim.launches())
                .extracting(l -> l.input().path("message").asText())
                .containsExactly("b");
        assertThat(sim.launch("each").item()).isEqualTo(1);
        assertThat(before).doesNotContain(sim.launch("each").executionId());
        sim.complete("each", ExecutionStatus.SUCCEEDED, Json.object().put("said", "b again"));
        sim.runAll();
        assertThat(sim.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(sim.output().path("said"))
                .isEqualTo(
                        Json.read("[{\"said\": \"a\"}, {\"said\": \"b again\"}, {\"said\": \"c\"}]", JsonNode.class));
        var items = sim.state.sequence().stream()
                .filter(r -> r.task().equals("each"))
                .reduce((x, y) -> y)
                .orElseThrow()
                .items();
        assertThat(items.get(0).executionId()).isEqualTo(before.get(0));
        assertThat(items.get(2).executionId()).isEqualTo(before.get(2));
    }

    @Test
    void aReRunThatResetsAWithItemsTaskRunsEveryItemAgain() {
        Sim sim = itemsWithBFailed();

        sim.state = Sim.CONDUCTOR.start(rerun(sim, List.of("each")), sim.workflow);

        assertThat(sim.launches())
                .extracting(l -> l.input().path("message").asText())
                .containsExactly("a", "b", "c");
        sim.runAll();
        assertThat(sim.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(sim.output().path("said")).hasSize(3);
        assertThat(sim.output().path("said").get(0)).isEqualTo(Json.object().put("task", "each"));
    }

    @Test
    void aReRunIsRefusedForAWorkflowStillRunningOrATaskThatNeverRan() {
        Sim sim = Sim.of(PARALLEL);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> io.reflex.core.workflow.WorkflowRerun.from(
                        sim.state,
                        "x",
                        Json.object(),
                        java.util.List.of("a"),
                        java.util.List.of(),
                        java.time.Instant.now()))
                .hasMessageContaining("not in a completed state");
        sim.runAll();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> io.reflex.core.workflow.WorkflowRerun.from(
                        sim.state,
                        "x",
                        Json.object(),
                        java.util.List.of("zz", "a"),
                        java.util.List.of(),
                        java.time.Instant.now()))
                .hasMessageContaining("not found: zz.");
    }

    @Test
    void anExpressionErrorWhileCancelingStillEndsTheWorkflowCanceled() {
        Sim sim = Sim.of("""
                version: 1.0
                tasks:
                  start:
                    next: [{do: [a, b]}]
                  a:
                    action: core.noop
                    next:
                      - publish: [{said: <% result().output.said %>}]
                  b:
                    action: core.noop
                """);
        sim.state = Sim.CONDUCTOR.cancel(sim.state, sim.workflow);
        sim.complete("a", ExecutionStatus.CANCELED, Json.object().putNull("output"));
        assertThat(sim.status()).isEqualTo(ExecutionStatus.CANCELING);
        assertThat(sim.state.errors()).isNotEmpty();
        sim.succeed("b");
        assertThat(sim.status()).isEqualTo(ExecutionStatus.CANCELED);
    }
}
