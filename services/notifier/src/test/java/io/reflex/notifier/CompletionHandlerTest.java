package io.reflex.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.bus.Delivery;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.Execution.Cause;
import io.reflex.core.execution.ExecutionContext;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.messages.Channels.ExecutionCompleted;
import io.reflex.core.model.Rule;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Query;
import io.reflex.core.store.StoreException;
import io.reflex.executions.ExecutionLauncher;
import io.reflex.executions.ExecutionResults;
import io.reflex.testing.InMemoryCoordinator;
import io.reflex.testing.InMemoryEventBus;
import io.reflex.testing.InMemoryStateStore;
import io.reflex.testing.contract.StateStoreSamples;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CompletionHandlerTest {
    private final InMemoryStateStore store = new InMemoryStateStore();
    private final InMemoryEventBus bus = new InMemoryEventBus();
    private final InMemoryCoordinator coordinator = new InMemoryCoordinator();
    private final NotifierFixture fx = new NotifierFixture(store, bus).recordDispatches();
    private final CompletionHandler handler = fx.parts(coordinator, "n1").handler();

    @AfterEach
    void close() {
        fx.close();
        bus.close();
        coordinator.close();
    }

    private List<Execution> retriesOf(Execution e) {
        return store.executions().find(Query.of(Filter.eq("context.policies.retry.retried_liveaction_id", e.id())));
    }

    @Test
    void failedExecutionFiresNotifyAndActionTriggersAndLaunchesOneRetry() throws Exception {
        fx.notifyOn(
                NotifierFixture.ACTION, "{'on-complete': {'routes': ['slack']}, 'on-failure': {'routes': ['pager']}}");
        fx.retryPolicy("retry_deploy", "{'retry_on': 'failure', 'max_retry_count': 2}");
        Execution e = fx.finish(fx.launch("{'target': 'web1'}").id(), ExecutionStatus.FAILED, "{'return_code': 1}");

        handler.handle(NotifierFixture.completion(e, 1));

        await().atMost(Duration.ofSeconds(5)).until(() -> fx.dispatches.size() == 3);
        assertThat(fx.dispatchIds())
                .containsExactlyInAnyOrder(
                        Ids.derived("notify", e.id(), "on-complete", "slack"),
                        Ids.derived("notify", e.id(), "on-failure", "pager"),
                        Ids.derived("actiontrigger", e.id()));
        Execution retry =
                store.executions().get(Ids.derived("retry", e.id(), "1")).orElseThrow();
        assertThat(retry.status()).isEqualTo(ExecutionStatus.REQUESTED);
        assertThat(retry.actionRef()).isEqualTo(NotifierFixture.ACTION);
        assertThat(retry.parameters()).isEqualTo(e.parameters());
        assertThat(retry.context().get("user").asText()).isEqualTo("alice");
        assertThat(retry.context().get("policies"))
                .isEqualTo(NotifierFixture.json("{'retry': {'applied_policy': 'examples.retry_deploy',"
                        + " 'retry_count': 1, 'retried_liveaction_id': '" + e.id() + "'}}"));
        assertThat(retry.notifySpec()).isEqualTo(e.notifySpec());
    }

    @Test
    void redeliveredCompletionNamesTheSameTriggerInstancesAndCreatesNoSecondRetry() throws Exception {
        fx.notifyOn(NotifierFixture.ACTION, "{'on-complete': {'routes': ['slack', 'hubot']}}");
        fx.retryPolicy("retry_deploy", "{'retry_on': 'failure'}");
        Execution e = fx.finish(fx.launch("{}").id(), ExecutionStatus.FAILED, "{}");

        handler.handle(NotifierFixture.completion(e, 1));
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.dispatches.size() == 3);
        List<String> first = List.copyOf(fx.dispatchIds());
        handler.handle(NotifierFixture.completion(e, 2));
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.dispatches.size() == 6);

        assertThat(fx.dispatchIds().stream().distinct().toList()).containsExactlyInAnyOrderElementsOf(first);
        assertThat(fx.dispatchIds().subList(3, 6)).containsExactlyInAnyOrderElementsOf(first);
        assertThat(fx.dispatches.subList(3, 6)).containsExactlyInAnyOrderElementsOf(fx.dispatches.subList(0, 3));
        assertThat(retriesOf(e)).hasSize(1);
    }

    @Test
    void retriesStopAtMaxRetryCount() {
        fx.retryPolicy("retry_deploy", "{'retry_on': 'failure', 'max_retry_count': 2}");
        var consumer = fx.parts(coordinator, "n1").consumer();
        consumer.start();
        try {
            Execution original = fx.finish(fx.launch("{}").id(), ExecutionStatus.FAILED, "{}");
            String retry1 = Ids.derived("retry", original.id(), "1");
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> store.executions().get(retry1).isPresent());
            fx.finish(retry1, ExecutionStatus.FAILED, "{}");
            String retry2 = Ids.derived("retry", retry1, "2");
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> store.executions().get(retry2).isPresent());
            fx.finish(retry2, ExecutionStatus.FAILED, "{}");
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> fx.dispatchesOf(TriggerPayloads.ACTION_TRIGGER).size() == 3);

            assertThat(store.executions().count(Filter.all())).isEqualTo(3);
            assertThat(store.executions()
                            .get(retry2)
                            .orElseThrow()
                            .context()
                            .json()
                            .at("/policies/retry/retry_count")
                            .asInt())
                    .isEqualTo(2);
        } finally {
            consumer.close();
        }
    }

    @Test
    void retryWithADelayIsStoredDelayed() throws Exception {
        fx.retryPolicy("retry_deploy", "{'retry_on': 'timeout', 'delay': 2}");
        Execution e = fx.finish(fx.launch("{}").id(), ExecutionStatus.TIMEOUT, "{}");

        handler.handle(NotifierFixture.completion(e, 1));

        Execution retry = retriesOf(e).get(0);
        assertThat(retry.status()).isEqualTo(ExecutionStatus.DELAYED);
        assertThat(retry.delay()).isEqualTo(2000);
    }

    @Test
    void retryKeepsTheRuleAndTriggerSnapshotsOfTheOriginal() throws Exception {
        fx.retryPolicy("retry_deploy", "{'retry_on': 'failure'}");
        Rule onPush = StateStoreSamples.rule("r1", "examples", "on_push", NotifierFixture.ACTION);
        Execution launched = fx.launcher.launch(new ExecutionLauncher.Launch(
                null,
                fx.launcher.resolver().resolve(NotifierFixture.ACTION),
                Json.object(),
                "stanley",
                ExecutionContext.of(NotifierFixture.json("{'rule': {'id': 'r1', 'name': 'on_push'}}")),
                null,
                null,
                new Cause(onPush, null, null, null)));
        Execution e = fx.finish(launched.id(), ExecutionStatus.FAILED, "{}");

        handler.handle(NotifierFixture.completion(e, 1));

        Execution retry = retriesOf(e).get(0);
        assertThat(retry.rule()).isEqualTo(onPush);
        assertThat(retry.context().get("rule")).isEqualTo(NotifierFixture.json("{'id': 'r1', 'name': 'on_push'}"));
        assertThat(retry.context().get("user").asText()).isEqualTo("stanley");
    }

    @Test
    void resultStoredOutOfLineIsSentWhole() throws Exception {
        fx.notifyOn(NotifierFixture.ACTION, "{'on-complete': {'routes': ['r']}}");
        String id = fx.launch("{}").id();
        fx.run(id, Timestamps.now().plusSeconds(30));
        ObjectNode big = Json.object().put("stdout", "x".repeat(5 * NotifierFixture.INLINE_LIMIT));
        JsonNode stub = new ExecutionResults(store, NotifierFixture.INLINE_LIMIT).storable(id, big);
        Execution e = fx.writer.apply(
                id,
                x -> x.transitionTo(ExecutionStatus.SUCCEEDED, Timestamps.now()).withResult(stub));
        assertThat(ExecutionResults.isOutOfLine(e.result())).isTrue();

        handler.handle(NotifierFixture.completion(e, 1));

        await().atMost(Duration.ofSeconds(5)).until(() -> fx.dispatches.size() == 2);
        assertThat(fx.dispatchesOf(TriggerPayloads.ACTION_TRIGGER)
                        .get(0)
                        .payload()
                        .get("result"))
                .isEqualTo(big);
        assertThat(fx.dispatchesOf(TriggerPayloads.NOTIFY_TRIGGER)
                        .get(0)
                        .payload()
                        .at("/data/result")
                        .asText())
                .isEqualTo(PyFormat.jsonDumps(big));
    }

    @Test
    void actionTriggerFollowsEmitWhen() throws Exception {
        CompletionHandler onlySuccess =
                fx.parts(coordinator, "n2", Set.of(ExecutionStatus.SUCCEEDED)).handler();
        Execution failed = fx.finish(fx.launch("{}").id(), ExecutionStatus.FAILED, "{}");
        Execution succeeded = fx.finish(fx.launch("{}").id(), ExecutionStatus.SUCCEEDED, "{}");

        onlySuccess.handle(NotifierFixture.completion(failed, 1));
        onlySuccess.handle(NotifierFixture.completion(succeeded, 1));

        await().atMost(Duration.ofSeconds(5)).until(() -> fx.dispatches.size() == 1);
        assertThat(fx.dispatches.get(0).payload().get("execution_id").asText()).isEqualTo(succeeded.id());
    }

    @Test
    void workflowTaskIsNotRetriedButStillFiresItsActionTrigger() throws Exception {
        fx.retryPolicy("retry_deploy", "{'retry_on': 'failure'}");
        Execution parent = fx.launch(NotifierFixture.WORKFLOW_ACTION, "{}", Json.object());
        Execution task = fx.launch(
                NotifierFixture.ACTION,
                "{}",
                NotifierFixture.json("{'parent': {'execution_id': '" + parent.id() + "'}}"));
        Execution e = fx.finish(task.id(), ExecutionStatus.FAILED, "{}");

        handler.handle(NotifierFixture.completion(e, 1));

        await().atMost(Duration.ofSeconds(5)).until(() -> fx.dispatches.size() == 1);
        assertThat(fx.dispatches.get(0).trigger()).isEqualTo(TriggerPayloads.ACTION_TRIGGER);
        assertThat(retriesOf(e)).isEmpty();
    }

    @Test
    void completionOfAnUnknownOrIncompleteExecutionHasNoEffect() throws Exception {
        Execution requested = fx.launch("{}");
        Execution done = fx.finish(fx.launch("{}").id(), ExecutionStatus.SUCCEEDED, "{}");

        handler.handle(NotifierFixture.completion(requested, 1));
        handler.handle(
                new Delivery<>(new ExecutionCompleted("ffffffffffffffffffffffff", ExecutionStatus.FAILED), "x", "", 1));
        handler.handle(NotifierFixture.completion(done, 1));

        await().atMost(Duration.ofSeconds(5)).until(() -> fx.dispatches.size() >= 1);
        assertThat(fx.dispatchIds()).containsExactly(Ids.derived("actiontrigger", done.id()));
    }

    @Test
    void aCompletionCarryingItsRecordIsHandledWithoutReadingTheStore() throws Exception {
        Execution e = fx.finish(fx.launch("{}").id(), ExecutionStatus.SUCCEEDED, "{}");
        store.setAvailable(false);
        try {
            handler.handle(new Delivery<>(ExecutionCompleted.of(e), e.id() + ":" + e.status(), "", 1));
        } finally {
            store.setAvailable(true);
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> fx.dispatches.size() >= 1);
        assertThat(fx.dispatchIds()).containsExactly(Ids.derived("actiontrigger", e.id()));
    }

    @Test
    void storeOutageFailsTheDeliverySoItComesBack() throws Exception {
        Execution e = fx.finish(fx.launch("{}").id(), ExecutionStatus.SUCCEEDED, "{}");
        store.setAvailable(false);

        assertThatThrownBy(() -> handler.handle(NotifierFixture.completion(e, 1)))
                .isInstanceOf(StoreException.class);
        store.setAvailable(true);
        handler.handle(NotifierFixture.completion(e, 2));

        await().atMost(Duration.ofSeconds(5)).until(() -> fx.dispatches.size() == 1);
        assertThat(fx.dispatchIds()).containsExactly(Ids.derived("actiontrigger", e.id()));
    }
}
