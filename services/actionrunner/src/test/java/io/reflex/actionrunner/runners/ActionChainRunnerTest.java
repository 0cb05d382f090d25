package io.reflex.actionrunner.runners;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.actionrunner.runners.Runner.RunContext;
import io.reflex.core.bus.Subscription;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.messages.Channels;
import io.reflex.core.model.Action;
import io.reflex.core.model.RunnerType;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.executions.ExecutionLauncher;
import io.reflex.executions.ExecutionWriter;
import io.reflex.templates.Datastore;
import io.reflex.templates.TemplateLimits;
import io.reflex.testing.InMemoryEventBus;
import io.reflex.testing.InMemoryStateStore;
import io.reflex.testing.contract.StateStoreSamples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chain loop over in-memory backends, with a stand-in runner completing each task it is asked to run. */
class ActionChainRunnerTest {
    @TempDir
    Path pack;

    final InMemoryStateStore store = new InMemoryStateStore();
    final InMemoryEventBus bus = new InMemoryEventBus();
    final ExecutionWriter writer = new ExecutionWriter(store.executions(), bus);
    final ExecutionLauncher launcher = new ExecutionLauncher(store, bus, writer, Clock.systemUTC(), null);
    final ActionChainRunner runner = new ActionChainRunner(
            launcher,
            writer,
            store,
            bus,
            Datastore.EMPTY,
            TemplateLimits.DEFAULTS,
            Clock.systemUTC(),
            Duration.ofMillis(5));
    final AtomicInteger tasksRun = new AtomicInteger();
    Subscription fakeRunner;
    Runnable onTask = () -> {};
    final java.util.concurrent.atomic.AtomicBoolean canceled = new java.util.concurrent.atomic.AtomicBoolean();

    @BeforeEach
    void setUp() throws Exception {
        store.store(Kinds.RUNNER_TYPE)
                .insert(new RunnerType("r1", "local-shell-cmd", "", true, "", "", Json.object(), "", null));
        store.store(Kinds.ACTION)
                .insert(new Action(
                        "a1",
                        "say",
                        "core",
                        "",
                        true,
                        "",
                        "local-shell-cmd",
                        Json.read(
                                "{\"cmd\": {\"type\": \"string\"}}",
                                com.fasterxml.jackson.databind.node.ObjectNode.class),
                        null,
                        null,
                        null,
                        null));
        store.executions()
                .insert(Execution.request(
                        "e1",
                        ExecutionStatus.REQUESTED,
                        Timestamps.now(),
                        StateStoreSamples.actionSnapshot("core.local"),
                        RunnerType.named("local-shell-cmd"),
                        Json.object()));
        Files.createDirectories(pack.resolve("actions"));
        Files.writeString(pack.resolve("actions/chain.yaml"), """
                chain:
                  - {name: one, ref: core.say, params: {cmd: "echo 1"}, on-success: two}
                  - {name: two, ref: core.say, params: {cmd: "echo {{ one.stdout }}2"}}
                """);
        fakeRunner = bus.consume(Channels.EXECUTIONS_REQUESTED, 4, d -> {
            tasksRun.incrementAndGet();
            // while the task runs, before its completion is written: the chain sees it once the task is done
            onTask.run();
            writer.apply(d.body().executionId(), c -> {
                if (c.status() == ExecutionStatus.RESUMING) { // a paused task the chain resumed
                    return c.transitionTo(ExecutionStatus.RUNNING, Timestamps.now())
                            .transitionTo(ExecutionStatus.SUCCEEDED, Timestamps.now())
                            .withResult(formatted("resumed"));
                }
                Execution s = c.transitionTo(ExecutionStatus.SCHEDULED, Timestamps.now());
                Execution r = s.transitionTo(ExecutionStatus.RUNNING, Timestamps.now());
                if (c.actionRef().equals("core.wait")) {
                    return r.transitionTo(ExecutionStatus.PENDING, Timestamps.now());
                }
                if (c.actionRef().equals("core.sub")) {
                    canceled.set(true);
                    return r;
                }
                if (c.actionRef().equals("core.ask")) {
                    return r.transitionTo(ExecutionStatus.SUCCEEDED, Timestamps.now())
                            .withResult(Json.read(
                                    "{\"schema\": {}, \"roles\": [], \"users\": [], \"route\": \"\", \"ttl\": 1440,"
                                            + " \"response\": {\"approved\": \"yes\"}}",
                                    com.fasterxml.jackson.databind.JsonNode.class));
                }
                String cmd = c.parameters().path("cmd").asText();
                return r.transitionTo(ExecutionStatus.SUCCEEDED, Timestamps.now())
                        .withResult(formatted(cmd.substring(5)));
            });
        });
    }

    @AfterEach
    void tearDown() {
        fakeRunner.close();
        bus.close();
    }

    /** What the stand-in runner returns: the echoed text, and the same as a formatted object. */
    private static com.fasterxml.jackson.databind.node.ObjectNode formatted(String text) {
        com.fasterxml.jackson.databind.node.ObjectNode result = Json.object().put("stdout", text);
        result.putObject("formatted")
                .put("message", text)
                .putArray("tags")
                .add("a")
                .add(1);
        return result;
    }

    private Runner.Result run() throws Exception {
        return runner.run(
                new RunnerFixtures().context(pack, "chain.yaml", Json.object(), Json.object(), Json.object()));
    }

    @Test
    void tasksRunAsChildExecutionsInOrderSeeingEarlierResults() throws Exception {
        Runner.Result r = run();
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(r.result().path("tasks")).hasSize(2);
        assertThat(r.result().path("tasks").get(1).path("result").path("stdout").asText())
                .isEqualTo("12");
        assertThat(r.result().path("tasks").get(0).path("created_at").asText()).endsWith("+00:00");
        assertThat(r.result().path("published").isObject()).isTrue();
    }

    @Test
    void runningTheSameChainAgainFindsItsTasksInsteadOfRunningThemTwice() throws Exception {
        Runner.Result first = run();
        Runner.Result again = run();
        assertThat(tasksRun.get()).isEqualTo(2);
        List<Execution> children = store.executions().find(io.reflex.core.store.Query.of(Filter.eq("parent", "e1")));
        assertThat(children).hasSize(2);
        assertThat(again.result().path("tasks").get(1).path("execution_id"))
                .isEqualTo(first.result().path("tasks").get(1).path("execution_id"));
        assertThat(again.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void aTaskNamingAnUnknownActionFailsTheChainWithStackStormsMessage() throws Exception {
        Files.writeString(pack.resolve("actions/chain.yaml"), "chain: [{name: one, ref: core.nope}]");
        Runner.Result r = run();
        assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(r.result().path("error").asText())
                .startsWith("Failed to run task \"one\". Action with reference \"core.nope\" doesn't exist.");
        assertThat(r.result().path("tasks")).isEmpty();
    }

    @Test
    void aPublishedObjectStaysAnObjectWhoseFieldsALaterTaskReads() throws Exception {
        Files.writeString(pack.resolve("actions/chain.yaml"), """
                chain:
                  - name: one
                    ref: core.say
                    params: {cmd: "echo hello"}
                    publish: {msg: "{{ one.formatted }}", tags: "{{ one.formatted.tags }}", text: "x{{ one.formatted }}"}
                    on-success: two
                  - {name: two, ref: core.say, params: {cmd: "echo {{ msg.message }} {{ tags[1] }}"}}
                """);
        Runner.Result r = run();
        assertThat(r.status()).as(r.result().toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(r.result().path("published").path("msg"))
                .isEqualTo(Json.read("{\"message\": \"hello\", \"tags\": [\"a\", 1]}", JsonNode.class));
        assertThat(r.result().path("published").path("tags").isArray()).isTrue();
        assertThat(r.result().path("published").path("text").asText())
                .isEqualTo("x{'message': 'hello', 'tags': ['a', 1]}");
        assertThat(r.result().path("tasks").get(1).path("result").path("stdout").asText())
                .isEqualTo("hello 1");
    }

    @Test
    void aChainAskedToPauseStopsAfterItsTaskAndGoesOnWhenRunAgainAfterAResume() throws Exception {
        setChainStatus(ExecutionStatus.SCHEDULED, ExecutionStatus.RUNNING);
        onTask = () -> setChainStatus(ExecutionStatus.PAUSING);

        Runner.Result paused = run();
        assertThat(paused.status()).isEqualTo(ExecutionStatus.PAUSED);
        assertThat(paused.result().path("tasks")).hasSize(1);
        assertThat(tasksRun.get()).isEqualTo(1);

        onTask = () -> {};
        setChainStatus(ExecutionStatus.PAUSED, ExecutionStatus.RESUMING, ExecutionStatus.RUNNING);
        Runner.Result resumed = run();
        assertThat(resumed.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(tasksRun.get()).isEqualTo(2);
        assertThat(resumed.result().path("tasks")).hasSize(2);
        assertThat(resumed.result()
                        .path("tasks")
                        .get(1)
                        .path("result")
                        .path("stdout")
                        .asText())
                .isEqualTo("12");
    }

    @Test
    void anAnsweredInquiryIsReadableAsTaskResultResponseInLaterTasks() throws Exception {
        coreAction("ask", "inquirer");
        Files.writeString(pack.resolve("actions/chain.yaml"), """
                chain:
                  - {name: ask, ref: core.ask, on-success: two}
                  - name: two
                    ref: core.say
                    params: {cmd: "echo {{ ask.result.response.approved }}-{{ ask.response.approved }}"}
                """);

        Runner.Result r = run();

        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(r.result().path("tasks").get(1).path("result").path("stdout").asText())
                .isEqualTo("yes-yes");
        assertThat(r.result().path("tasks").get(0).path("result").has("result")).isFalse();
    }

    @Test
    void aCanceledChainCancelsItsWorkflowTaskAndRunsNothingAfter() throws Exception {
        coreAction("sub", "action-chain");
        Files.writeString(pack.resolve("actions/chain.yaml"), """
                chain:
                  - {name: sub, ref: core.sub, on-success: two}
                  - {name: two, ref: core.say, params: {cmd: "echo 2"}}
                """);
        RunContext base = new RunnerFixtures().context(pack, "chain.yaml", Json.object(), Json.object(), Json.object());
        RunContext ctx = new RunContext(
                base.executionId(),
                base.actionRef(),
                base.actionName(),
                base.pack(),
                base.entryPoint(),
                base.runnerParameters(),
                base.actionParameters(),
                base.schema(),
                base.packDir(),
                base.env(),
                base.packConfig(),
                base.user(),
                base.output(),
                canceled::get,
                base.actionContext(),
                base.supervision());

        Runner.Result r = runner.run(ctx);

        assertThat(r.status()).isEqualTo(ExecutionStatus.CANCELED);
        assertThat(tasksRun.get()).isEqualTo(1);
        String sub = r.result().path("tasks").get(0).path("execution_id").asText();
        assertThat(store.executions().get(sub).orElseThrow().status()).isEqualTo(ExecutionStatus.CANCELING);
    }

    @Test
    void aPendingTaskPausesTheChainAndTheChainGoesOnFromItOnceItIsAnswered() throws Exception {
        coreAction("wait", "inquirer");
        Files.writeString(pack.resolve("actions/chain.yaml"), """
                chain:
                  - {name: ask, ref: core.wait, on-success: two}
                  - {name: two, ref: core.say, params: {cmd: "echo {{ ask.result.response.ok }}"}}
                """);

        Runner.Result paused = run();

        assertThat(paused.status()).isEqualTo(ExecutionStatus.PAUSED);
        assertThat(paused.result().path("tasks")).hasSize(1);
        assertThat(paused.result().path("tasks").get(0).path("state").asText()).isEqualTo("pending");
        assertThat(tasksRun.get()).isEqualTo(1);

        String ask = paused.result().path("tasks").get(0).path("execution_id").asText();
        writer.apply(
                ask,
                c -> c.transitionTo(ExecutionStatus.SUCCEEDED, Timestamps.now())
                        .withResult(Json.read("{\"response\": {\"ok\": \"sure\"}}", JsonNode.class)));
        Runner.Result resumed = run();

        assertThat(resumed.status()).as(resumed.result().toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(tasksRun.get()).isEqualTo(2);
        assertThat(resumed.result().path("tasks").get(0).path("state").asText()).isEqualTo("succeeded");
        assertThat(resumed.result()
                        .path("tasks")
                        .get(1)
                        .path("result")
                        .path("stdout")
                        .asText())
                .isEqualTo("sure");
    }

    @Test
    void aPausingChainPausesItsWorkflowTaskAndAResumeResumesThatTaskBeforeGoingOn() throws Exception {
        coreAction("sub", "action-chain");
        Files.writeString(pack.resolve("actions/chain.yaml"), """
                chain:
                  - {name: sub, ref: core.sub, on-success: two}
                  - {name: two, ref: core.say, params: {cmd: "echo {{ sub.stdout }}2"}}
                """);
        setChainStatus(ExecutionStatus.SCHEDULED, ExecutionStatus.RUNNING);
        onTask = () -> setChainStatus(ExecutionStatus.PAUSING);
        // the nested chain's own runner: pauses once it is asked to (after its own task in flight)
        Thread nested = Thread.ofVirtual().start(() -> {
            String sub = Ids.derived("e1", "sub", "0");
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> store.executions()
                            .get(sub)
                            .map(e -> e.status() == ExecutionStatus.PAUSING)
                            .orElse(false));
            writer.apply(sub, c -> c.transitionTo(ExecutionStatus.PAUSED, Timestamps.now()));
        });

        Runner.Result paused = run();
        nested.join();

        assertThat(paused.status()).isEqualTo(ExecutionStatus.PAUSED);
        assertThat(paused.result().path("tasks")).hasSize(1);
        assertThat(paused.result().path("tasks").get(0).path("state").asText()).isEqualTo("paused");
        Execution sub = store.executions().get(Ids.derived("e1", "sub", "0")).orElseThrow();
        assertThat(sub.context().get("paused_by").asText()).isEqualTo("stanley");
        assertThat(tasksRun.get()).isEqualTo(1);

        onTask = () -> {};
        setChainStatus(ExecutionStatus.PAUSED, ExecutionStatus.RESUMING, ExecutionStatus.RUNNING);
        Runner.Result resumed = run();

        assertThat(resumed.status()).as(resumed.result().toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(resumed.result().path("tasks").get(0).path("state").asText()).isEqualTo("succeeded");
        assertThat(resumed.result()
                        .path("tasks")
                        .get(1)
                        .path("result")
                        .path("stdout")
                        .asText())
                .isEqualTo("resumed2");
        assertThat(tasksRun.get()).isEqualTo(3); // the nested chain's resume, then task two
    }

    /** Registers {@code core.<name>} on runner type {@code runner} (whose parameters are empty). */
    private void coreAction(String name, String runner) {
        if (store.store(Kinds.RUNNER_TYPE).findOne(Filter.eq("name", runner)).isEmpty()) {
            store.store(Kinds.RUNNER_TYPE)
                    .insert(new RunnerType("rt-" + runner, runner, "", true, "", "", Json.object(), "", null));
        }
        store.store(Kinds.ACTION)
                .insert(new Action(
                        "a-" + name, name, "core", "", true, "", runner, Json.object(), null, null, null, null));
    }

    private void setChainStatus(ExecutionStatus... path) {
        for (ExecutionStatus s : path) {
            writer.apply("e1", c -> c.transitionTo(s, Timestamps.now()));
        }
    }
}
