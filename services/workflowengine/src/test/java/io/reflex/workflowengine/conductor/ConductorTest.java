package io.reflex.workflowengine.conductor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.workflow.TaskLaunch;
import io.reflex.core.workflow.WorkflowExecution;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConductorTest {
    private static JsonNode json(String s) {
        try {
            return Json.mapper().readTree(s.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void sequentialTasksPublishIntoTheContextAndTheOutputReadsIt() {
        Sim sim = new Sim("""
                version: 1.0
                input:
                  - name
                  - greeting: hi
                vars:
                  - whole: <% ctx(greeting) + ', ' + ctx(name) %>
                tasks:
                  t1:
                    action: core.echo message=<% ctx(whole) %>
                    next:
                      - when: <% succeeded() %>
                        publish:
                          - first: <% result().stdout %>
                        do: t2
                  t2:
                    action: core.echo
                    input:
                      message: "{{ ctx('first') }} again"
                    next:
                      - publish: second=<% result().stdout %>
                        do: t3
                  t3:
                    action: core.noop
                output:
                  - first: <% ctx(first) %>
                  - both: "{{ ctx('first') ~ '/' ~ ctx('second') }}"
                """, Json.object().put("name", "ada"));
        assertThat(sim.launch("t1").input()).isEqualTo(json("{'message': 'hi, ada'}"));
        assertThat(sim.launch("t1").action()).isEqualTo("core.echo");
        sim.succeed("t1", json("{'stdout': 'one'}"));
        assertThat(sim.launch("t2").input()).isEqualTo(json("{'message': 'one again'}"));
        sim.succeed("t2", json("{'stdout': 'two'}")).succeed("t3");
        assertThat(sim.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(sim.result()).isEqualTo(json("{'output': {'first': 'one', 'both': 'one/two'}}"));
    }

    @Test
    void parallelBranchesJoinWhenAllArrivedAndMergeWhatEachPublished() {
        Sim sim = Sim.of("""
                version: 1.0
                tasks:
                  start:
                    next:
                      - do: [a, b]
                  a:
                    action: core.noop
                    next:
                      - publish: [{x: from_a}]
                        do: j
                  b:
                    action: core.noop
                    next:
                      - publish: [{y: from_b}]
                        do: j
                  j:
                    join: all
                    action: core.echo message="<% ctx(x) %> <% ctx(y) %>"
                output:
                  - x: <% ctx(x) %>
                  - y: <% ctx(y) %>
                """);
        assertThat(sim.launches()).extracting(TaskLaunch::task).containsExactly("a", "b");
        sim.succeed("a");
        assertThat(sim.launches()).extracting(TaskLaunch::task).containsExactly("b");
        sim.succeed("b");
        assertThat(sim.launch("j").input()).isEqualTo(json("{'message': 'from_a from_b'}"));
        sim.succeed("j");
        assertThat(sim.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(sim.output()).isEqualTo(json("{'x': 'from_a', 'y': 'from_b'}"));
    }

    @Test
    void joinCountRunsOnceTheCountArrived() {
        Sim sim = Sim.of("""
                version: 1.0
                tasks:
                  start:
                    next:
                      - do: [a, b, c]
                  a:
                    action: core.noop
                    next: [{do: j}]
                  b:
                    action: core.noop
                    next: [{do: j}]
                  c:
                    action: core.noop
                    next: [{do: j}]
                  j:
                    join: 2
                    action: core.noop
                """);
        sim.succeed("a");
        assertThat(sim.launches()).extracting(TaskLaunch::task).containsExactly("b", "c");
        sim.succeed("b");
        assertThat(sim.launches()).extracting(TaskLaunch::task).containsExactly("c", "j");
        sim.succeed("c").succeed("j");
        assertThat(sim.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(sim.state.sequence().stream().filter(r -> r.task().equals("j")))
                .hasSize(1);
    }

    @Test
    void joinNeverSatisfiedFailsTheWorkflowAsUnreachable() {
        Sim sim = Sim.of("""
                version: 1.0
                tasks:
                  start:
                    next: [{do: [a, b]}]
                  a:
                    action: core.noop
                    next: [{do: j}]
                  b:
                    action: core.noop
                    next: [{when: <% failed() %>, do: j}]
                  j:
                    join: all
                    action: core.noop
                """);
        sim.succeed("a").succeed("b");
        assertThat(sim.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(sim.state.errors().get(0).message()).contains("UnreachableJoinError");
    }

    @Test
    void withItemsRunsAtMostConcurrencyItemsAndZipsNamedLists() {
        Sim sim = new Sim(
                """
                version: 1.0
                input: [hosts, ports]
                tasks:
                  each:
                    with:
                      items: h, p in <% zip(ctx(hosts), ctx(ports)) %>
                      concurrency: 2
                    action: core.echo message="<% item(h) %>:<% item(p) %>"
                    next:
                      - publish: all=<% result() %>
                output:
                  - all: <% ctx(all) %>
                """,
                (com.fasterxml.jackson.databind.node.ObjectNode)
                        json("{'hosts': ['a', 'b', 'c'], 'ports': [1, 2, 3]}"));
        assertThat(sim.launches())
                .extracting(l -> l.input().get("message").asText())
                .containsExactly("a:1", "b:2");
        assertThat(sim.launches()).extracting(TaskLaunch::item).containsExactly(0, 1);
        TaskLaunch second = sim.launches().get(1);
        sim.completeLaunch(second, ExecutionStatus.SUCCEEDED, json("{'stdout': 'b:2'}"));
        assertThat(sim.launches())
                .extracting(l -> l.input().get("message").asText())
                .containsExactly("a:1", "c:3");
        sim.succeed("each", json("{'stdout': 'a:1'}")).succeed("each", json("{'stdout': 'c:3'}"));
        assertThat(sim.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(sim.output()).isEqualTo(json("{'all': [{'stdout': 'a:1'}, {'stdout': 'b:2'}, {'stdout': 'c:3'}]}"));
    }

    @Test
    void withItemsOfNothingSucceedsAtOnceWithAnEmptyList() {
        Sim sim = Sim.of("""
                version: 1.0
                tasks:
                  each:
                    with: <% list() %>
                    action: core.noop
                    next: [{publish: [{r: <% result() %>}]}]
                output: [{r: <% ctx(r) %>}]
                """);
        assertThat(sim.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(sim.output()).isEqualTo(json("{'r': []}"));
    }

    @Test
    void retryRunsTheTaskAgainWithANewChildAndTheRetryDelay() {
        Sim sim = Sim.of("""
                version: 1.0
                tasks:
                  flaky:
                    action: core.local cmd=false
                    retry:
                      count: 2
                      delay: 5
                """);
        String first = sim.launch("flaky").executionId();
        sim.fail("flaky");
        TaskLaunch again = sim.launch("flaky");
        assertThat(again.executionId()).isNotEqualTo(first);
        assertThat(again.delay()).isEqualTo(5);
        sim.fail("flaky");
        sim.succeed("flaky");
        assertThat(sim.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(sim.state.errors()).isEmpty();
    }

    @Test
    void retryCommandRetriesWhileItsConditionHoldsThenFails() {
        Sim sim = Sim.of("""
                version: 1.0
                tasks:
                  flaky:
                    action: core.local cmd=false
                    next:
                      - when: <% failed() %>
                        do: retry
                """);
        sim.fail("flaky").fail("flaky").fail("flaky").fail("flaky");
        assertThat(sim.launches()).isEmpty();
        assertThat(sim.status()).isEqualTo(ExecutionStatus.FAILED);
    }

    @Test
    void failedTaskWithoutTransitionFailsTheWorkflowWithItsErrorAndOutput() {
        Sim sim = Sim.of("""
                version: 1.0
                vars: [{stage: init}]
                tasks:
                  t1:
                    action: core.local cmd=false
                    next:
                      - when: <% succeeded() %>
                        do: t2
                  t2:
                    action: core.noop
                output:
                  - stage: <% ctx(stage) %>
                """);
        sim.fail("t1");
        assertThat(sim.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(sim.result())
                .isEqualTo(json("{'output': {'stage': 'init'}, 'errors': [{'type': 'error', 'message':"
                        + " 'Execution failed. See result for details.', 'task_id': 't1', 'result': {'stderr':"
                        + " 'boom'}}]}"));
    }

    @Test
    void noopHandlesAFailureButContinueDoesNot() {
        String wf = """
                version: 1.0
                tasks:
                  t1:
                    action: core.local cmd=false
                    next:
                      - when: <% failed() %>
                        publish: [{handled: true}]
                        do: COMMAND
                output: [{handled: <% ctx(handled) %>}]
                """;
        Sim noop = Sim.of(wf.replace("COMMAND", "noop"));
        noop.fail("t1");
        assertThat(noop.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        // the failure is logged, but a workflow that succeeded reports no errors
        assertThat(noop.result()).isEqualTo(json("{'output': {'handled': true}}"));
        Sim cont = Sim.of(wf.replace("COMMAND", "continue"));
        cont.fail("t1");
        assertThat(cont.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(cont.result().path("errors")).hasSize(1);
    }

    @Test
    void theOutputOfAFailedWorkflowReadsWhatTheTasksBeforeTheFailurePublished() {
        Sim sim = Sim.of("""
                version: 1.0
                vars: [{progress: 0}]
                output: [{progress: <% ctx().progress %>}]
                tasks:
                  t1:
                    action: core.noop
                    next:
                      - when: <% succeeded() %>
                        publish: [{progress: 25}]
                        do: t2
                  t2:
                    action: core.local cmd="exit 1"
                    next:
                      - when: <% succeeded() %>
                        publish: [{progress: 50}]
                """);
        sim.succeed("t1").fail("t2");
        assertThat(sim.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(sim.output().toString()).isEqualTo("{\"progress\":25}");
    }

    @Test
    void aWorkflowWhoseFirstTaskCannotRenderHasNoOutputAndSaysWhyItsOutputCouldNotBeRendered() {
        Sim sim = Sim.of("""
                version: 1.0
                vars: [{greeting: null}]
                output: [{greeting: <% ctx().greeting %>}]
                tasks:
                  t1:
                    action: core.echo message=<% abs(8).value %>
                """);
        assertThat(sim.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(sim.result().get("output").isNull()).isTrue();
        assertThat(sim.state.errors())
                .extracting(e -> e.message())
                .containsExactly(
                        "YaqlEvaluationException: Unable to evaluate expression '<% abs(8).value %>'."
                                + " NoFunctionRegisteredException: Unknown function \"#property#value\"",
                        "YaqlEvaluationException: Unable to resolve key 'greeting' in expression"
                                + " '<% ctx().greeting %>' from context.");
    }

    @Test
    void aWorkflowWhoseInputCannotRenderFailsWithThatErrorAlone() {
        Sim sim = Sim.of("""
                version: 1.0
                input: [{name: <% abs(8).value %>}]
                output: [{greeting: <% ctx().greeting %>}]
                tasks:
                  t1:
                    action: core.noop
                """);
        assertThat(sim.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(sim.launches()).isEmpty();
        assertThat(sim.result().get("output").isNull()).isTrue();
        assertThat(sim.state.errors())
                .extracting(e -> e.message())
                .containsExactly("YaqlEvaluationException: Unable to evaluate expression '<% abs(8).value %>'."
                        + " NoFunctionRegisteredException: Unknown function \"#property#value\"");
    }

    @Test
    void failCommandFailsTheWorkflowButRunsTheTaskStagedBesideIt() {
        Sim sim = Sim.of("""
                version: 1.0
                tasks:
                  t1:
                    action: core.noop
                    next:
                      - do: [cleanup, fail]
                  cleanup:
                    action: core.noop
                """);
        assertThat(sim.status()).isEqualTo(ExecutionStatus.RUNNING);
        sim.succeed("t1");
        assertThat(sim.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(sim.launches()).extracting(TaskLaunch::task).containsExactly("cleanup");
        assertThat(Conductor.finished(sim.state)).isFalse();
        sim.succeed("cleanup");
        assertThat(Conductor.finished(sim.state)).isTrue();
        assertThat(sim.state.errors()).extracting(e -> e.taskId()).containsExactly("fail");
    }

    @Test
    void expressionErrorFailsTheWorkflowWithOrquestasMessage() {
        Sim sim = Sim.of("""
                version: 1.0
                tasks:
                  t1:
                    action: core.echo message=<% ctx(nope) %>
                """);
        assertThat(sim.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(sim.launches()).isEmpty();
        assertThat(sim.state.errors().get(0).message())
                .startsWith("YaqlEvaluationException: Unable to evaluate expression '<% ctx(nope) %>'.")
                .contains("The variable \"nope\" is undefined.");
    }

    @Test
    void taskDelayAndTaskFunctionsAndTheDatastoreAreAvailable() {
        Sim sim = Sim.of("""
                version: 1.0
                tasks:
                  t1:
                    action: core.noop
                    next: [{do: t2}]
                  t2:
                    delay: <% 1 + 2 %>
                    action: core.echo
                    input:
                      a: <% task_status(t1) %>
                      b: "{{ task('t1').result.task }}"
                      c: <% st2kv('system.greeting') %>
                      d: "{{ st2kv('system.greeting') }}"
                """);
        sim.succeed("t1");
        TaskLaunch t2 = sim.launch("t2");
        assertThat(t2.delay()).isEqualTo(3);
        assertThat(t2.input()).isEqualTo(json("{'a': 'succeeded', 'b': 't1', 'c': 'hello', 'd': 'hello'}"));
    }

    /** As st2: a key without {@code system.} is the user's; a missing key is its default when one is given. */
    @Test
    void st2kvReadsTheUsersScopeAndFallsBackToAGivenDefaultNullIncluded() {
        Sim sim = Sim.of("""
                version: 1.0
                tasks:
                  t1:
                    action: core.echo
                    input:
                      mood: <% st2kv('mood') %>
                      jinja_mood: "{{ st2kv('mood', decrypt=true) }}"
                      a: <% st2kv('system.nope', default => 'stone') %>
                      b: "{{ st2kv('system.nope', decrypt=true, default='stone') }}"
                      c: <% st2kv('system.nope', default => null) %>
                """);
        assertThat(sim.launch("t1").input())
                .isEqualTo(json("{'mood': 'calm', 'jinja_mood': 'calm', 'a': 'stone', 'b': 'stone', 'c': null}"));
        Sim missing = Sim.of("""
                version: 1.0
                tasks:
                  t1:
                    action: core.echo message=<% st2kv('system.nope') %>
                """);
        assertThat(missing.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(missing.state.errors().get(0).message())
                .endsWith("The key \"nope\" does not exist in the StackStorm datastore.");
    }

    /** A publish that fails ends the workflow; the task it belonged to ends its branch, so the output reads it. */
    @Test
    void aFailedPublishEndsTheWorkflowAndTheOutputReadsThatTasksContext() {
        Sim sim = Sim.of("""
                version: 1.0
                vars: [{greeting: null}]
                output: [{greeting: <% ctx().greeting %>}]
                tasks:
                  t1:
                    action: core.noop
                    next:
                      - when: <% succeeded() %>
                        publish: greeting=<% result().value %>
                        do: t2
                  t2:
                    action: core.noop
                """);
        sim.succeed("t1");
        assertThat(sim.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(sim.result().get("output").toString()).isEqualTo("{\"greeting\":null}");
        assertThat(sim.state.errors()).hasSize(1);
    }

    @Test
    void aCompletionAppliedTwiceChangesNothingTheSecondTime() {
        Sim sim = Sim.of("""
                version: 1.0
                tasks:
                  t1:
                    action: core.noop
                    next: [{do: t2}]
                  t2:
                    action: core.noop
                """);
        TaskLaunch t1 = sim.launch("t1");
        sim.succeed("t1");
        WorkflowExecution before = sim.state;
        WorkflowExecution again = Sim.CONDUCTOR.taskCompleted(
                before, sim.workflow, t1.executionId(), ExecutionStatus.SUCCEEDED, Json.object());
        assertThat(again).isSameAs(before);
        assertThat(Sim.CONDUCTOR.start(before, sim.workflow)).isSameAs(before);
    }

    @Test
    void childIdsAreDerivedFromTheStateSoAReplayNamesTheSameChildren() {
        String wf = """
                version: 1.0
                tasks:
                  t1:
                    with: <% range(3) %>
                    action: core.noop
                """;
        List<String> first =
                Sim.of(wf).launches().stream().map(TaskLaunch::executionId).toList();
        List<String> second =
                Sim.of(wf).launches().stream().map(TaskLaunch::executionId).toList();
        assertThat(first).hasSize(3).doesNotHaveDuplicates().isEqualTo(second);
    }

    @Test
    void tasksWithoutActionCompleteAtOnceAndLoopsEndByCondition() {
        Sim sim = Sim.of("""
                version: 1.0
                vars: [{n: 0}]
                tasks:
                  init:
                    next: [{do: count}]
                  count:
                    next:
                      - when: <% ctx(n) < 5 %>
                        publish: [{n: <% ctx(n) + 1 %>}]
                        do: count
                      - when: <% ctx(n) >= 5 %>
                        do: done
                  done:
                    action: core.echo message=<% ctx(n) %>
                """);
        assertThat(sim.state.errors()).isEmpty();
        assertThat(sim.launch("done").input()).hasToString("{\"message\":5}");
        sim.succeed("done");
        assertThat(sim.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }
}
