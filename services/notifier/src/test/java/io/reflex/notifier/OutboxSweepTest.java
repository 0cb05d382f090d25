package io.reflex.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflex.core.bus.LogPosition;
import io.reflex.core.bus.Subscription;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Timestamps;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.StreamEvent;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Query;
import io.reflex.executions.ExecutionViews;
import io.reflex.runtime.leader.LeaderLoop;
import io.reflex.testing.FaultyEventBus;
import io.reflex.testing.InMemoryCoordinator;
import io.reflex.testing.InMemoryEventBus;
import io.reflex.testing.InMemoryStateStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rule 12 of docs/architecture.md (the outbox) with the publish cut at the exact moment between the store write and the publish (a
 * broker that went away, or a writer that died there): the change stays pending in the execution's outbox,
 * the elected notifier's sweep announces it, and what follows a completion happens once.
 */
class OutboxSweepTest {
    private static final String NOTIFY =
            "{'on-failure': {'routes': ['slack'], 'message': 'failed {{ action_parameters.target }}'}}";

    private final InMemoryStateStore store = new InMemoryStateStore();
    private final InMemoryEventBus inner = new InMemoryEventBus();
    private final FaultyEventBus bus = new FaultyEventBus(inner);
    private final InMemoryCoordinator coordinator = new InMemoryCoordinator();
    private final NotifierFixture fx =
            new NotifierFixture(store, bus).recordDispatches().recordRequests();
    private final NotifierParts parts = fx.parts(coordinator, "notifier-a");
    private final List<StreamEvent> events = new CopyOnWriteArrayList<>();
    private Subscription stream;

    @BeforeEach
    void start() {
        stream = ExecutionViews.rendering(inner.log(Channels.EVENTS), new ExecutionViews.Options(true, ""))
                .read(LogPosition.first(), r -> events.add(r.body()));
        parts.consumer().start();
        parts.outboxLeadership().start();
    }

    @AfterEach
    void stop() throws Exception {
        parts.outboxLeadership().close();
        parts.consumer().close();
        stream.close();
        fx.close();
        bus.close();
        coordinator.close();
    }

    @Test
    void aCompletionWhosePublishWasCutIsAnnouncedOnceAndEachEffectHappensOnce() throws Exception {
        fx.notifyOn(NotifierFixture.ACTION, NOTIFY);
        fx.retryPolicy("retry_failed", "{'retry_on': 'failure', 'max_retry_count': 1}");
        String id = fx.launch("{'target': 'web1'}").id();
        fx.run(id, Timestamps.now().plusSeconds(30));

        bus.cutPublishes(Channels.EXECUTIONS_COMPLETED, 1);
        Execution failed = fx.writer.apply(
                id,
                e -> e.transitionTo(ExecutionStatus.FAILED, Timestamps.now())
                        .withResult(NotifierFixture.json("{'x': 1}")));

        assertThat(bus.publishesCut(Channels.EXECUTIONS_COMPLETED)).isEqualTo(1);
        assertThat(failed.outbox())
                .as("left pending for the sweep (the creation's is its launcher's, left for a runner's claim)")
                .filteredOn(a -> !a.events().contains(Execution.Announcement.CREATE))
                .singleElement()
                .satisfies(a -> {
                    assertThat(a.completion()).isTrue();
                    assertThat(a.version()).isEqualTo(failed.version());
                });
        String retry = Ids.derived("retry", id, "1");
        String actionTrigger = Ids.derived("actiontrigger", id);
        String notify = Ids.derived("notify", id, "on-failure", "slack");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> fx.dispatchIds().containsAll(List.of(actionTrigger, notify))
                        && store.executions().get(retry).isPresent()
                        && store.executions().get(id).orElseThrow().outbox().isEmpty());

        awaitMoreSweeps(parts.outboxLeadership(), 3);
        assertThat(fx.dispatchIds()).filteredOn(actionTrigger::equals).hasSize(1);
        assertThat(fx.dispatchIds()).filteredOn(notify::equals).hasSize(1);
        assertThat(fx.requests)
                .filteredOn(retry::equals)
                .as("the retry requested once")
                .hasSize(1);
        assertThat(store.executions().find(Query.of(Filter.eq("context.policies.retry.retried_liveaction_id", id))))
                .extracting(Execution::id)
                .containsExactly(retry);
    }

    @Test
    void streamEventsWhoseAppendWasCutAreAppendedByTheSweep() throws Exception {
        String id = fx.launch("{'target': 'web2'}").id();

        bus.cutAppends(Channels.EVENTS, 1);
        fx.writer.apply(id, e -> e.transitionTo(ExecutionStatus.SCHEDULED, Timestamps.now()));

        assertThat(bus.appendsCut(Channels.EVENTS)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> store.executions().get(id).orElseThrow().outbox().isEmpty());
        awaitMoreSweeps(parts.outboxLeadership(), 3);
        assertThat(events)
                .filteredOn(e -> e.data().path("id").asText().equals(id))
                .extracting(e -> e.event() + ":" + e.data().path("status").asText())
                .containsExactly(
                        "st2.execution__create:requested",
                        "st2.liveaction__create:requested",
                        "st2.execution__update:scheduled",
                        "st2.liveaction__update:scheduled");
    }

    @Test
    void announcementsThatWerePublishedAreClearedAndNotSweptAgain() throws Exception {
        Execution done = fx.finish(fx.launch("{'target': 'web3'}").id(), ExecutionStatus.SUCCEEDED, "{'stdout': 'ok'}");

        assertThat(done.outbox())
                .as("the creation's announcement, left by its launcher for a runner's claim this test does not make")
                .extracting(Execution.Announcement::events)
                .containsExactly(List.of(Execution.Announcement.CREATE));
        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        store.executions().get(done.id()).orElseThrow().outbox().isEmpty());
        String actionTrigger = Ids.derived("actiontrigger", done.id());
        await().atMost(Duration.ofSeconds(20)).until(() -> fx.dispatchIds().contains(actionTrigger));
        awaitMoreSweeps(parts.outboxLeadership(), 3);
        assertThat(fx.dispatchIds()).filteredOn(actionTrigger::equals).hasSize(1);
        assertThat(store.executions().pendingAnnouncements(Timestamps.now(), 10))
                .isEmpty();
    }

    /** Waits until the leader finished {@code more} sweeps beyond the current count (each after the last). */
    private static void awaitMoreSweeps(LeaderLoop loop, int more) {
        await().atMost(Duration.ofSeconds(20)).until(loop::leading);
        long now = loop.runs();
        await().atMost(Duration.ofSeconds(20)).until(() -> loop.runs() >= now + more);
    }
}
