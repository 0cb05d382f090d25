package io.reflex.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflex.core.execution.Execution;
import io.reflex.core.execution.Execution.ExecutionLease;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.messages.Channels;
import io.reflex.core.model.RunnerType;
import io.reflex.core.store.Ids;
import io.reflex.testing.InMemoryCoordinator;
import io.reflex.testing.InMemoryEventBus;
import io.reflex.testing.InMemoryStateStore;
import io.reflex.testing.contract.StateStoreSamples;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LeaseReaperTest {
    private final InMemoryStateStore store = new InMemoryStateStore();
    private final InMemoryEventBus bus = new InMemoryEventBus();
    private final InMemoryCoordinator coordinator = new InMemoryCoordinator();
    private final NotifierFixture fx = new NotifierFixture(store, bus);
    private final NotifierParts parts = fx.parts(coordinator, "n1");

    @AfterEach
    void close() {
        fx.close();
        bus.close();
        coordinator.close();
    }

    private LeaseReaper.Sweep sweep() {
        return parts.reaper().sweep(() -> true);
    }

    private Execution status(String id) {
        return store.executions().get(id).orElseThrow();
    }

    @Test
    void executionWhoseLeaseExpiredIsAbandonedWithAnErrorAndAnnounced() {
        List<String> completed = new CopyOnWriteArrayList<>();
        var sub = bus.consume(
                Channels.EXECUTIONS_COMPLETED, 1, d -> completed.add(d.body().executionId()));
        String dead = fx.launch("{}").id();
        fx.run(dead, Timestamps.now().minusSeconds(1));

        assertThat(sweep().abandoned()).isEqualTo(1);

        Execution e = status(dead);
        assertThat(e.status()).isEqualTo(ExecutionStatus.ABANDONED);
        assertThat(e.lease()).isNull();
        assertThat(e.endTimestamp()).isNotNull();
        assertThat(e.result().get("error").asText())
                .contains("runner lease")
                .contains("runner-1")
                .contains("expired");
        await().atMost(Duration.ofSeconds(5)).until(() -> completed.contains(dead));
        sub.close();
    }

    @Test
    void executionWithALiveLeaseIsLeftRunning() {
        String alive = fx.launch("{}").id();
        fx.run(alive, Timestamps.now().plusSeconds(30));

        assertThat(sweep().abandoned()).isZero();
        assertThat(status(alive).status()).isEqualTo(ExecutionStatus.RUNNING);
    }

    @Test
    void leaseRenewedBeforeTheWriteWins() {
        Instant now = Timestamps.now();
        String id = fx.launch("{}").id();
        Execution running = fx.run(id, now.plusSeconds(30));

        assertThat(LeaseReaper.abandon(running, now)).isSameAs(running);
        Execution expired = running.withLease(new ExecutionLease("runner-1", now.minusMillis(1), 1));
        assertThat(LeaseReaper.abandon(expired, now).status()).isEqualTo(ExecutionStatus.ABANDONED);
        assertThat(LeaseReaper.abandon(expired.transitionTo(ExecutionStatus.SUCCEEDED, now), now)
                        .status())
                .isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void cancelingExecutionWhoseRunnerIsGoneIsAbandonedToo() {
        String id = fx.launch("{}").id();
        fx.run(id, Timestamps.now().minusSeconds(5));
        fx.writer.apply(id, e -> e.transitionTo(ExecutionStatus.CANCELING, Timestamps.now()));

        sweep();

        assertThat(status(id).status()).isEqualTo(ExecutionStatus.ABANDONED);
    }

    @Test
    void abandonedExecutionIsRetriedWhenThePolicyRetriesAbandoned() {
        fx.retryPolicy("retry_abandoned", "{'retry_on': 'abandoned', 'max_retry_count': 1}");
        parts.consumer().start();
        try {
            String dead = fx.launch("{'target': 'web1'}").id();
            fx.run(dead, Timestamps.now().minusSeconds(1));

            sweep();

            String retry = Ids.derived("retry", dead, "1");
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> store.executions().get(retry).isPresent());
            assertThat(status(retry).status()).isEqualTo(ExecutionStatus.REQUESTED);
            assertThat(status(retry).parameters()).isEqualTo(NotifierFixture.json("{'target': 'web1'}"));
        } finally {
            parts.consumer().close();
        }
    }

    @Test
    void requestLeftUnpickedIsPublishedAgainOncePerWindow() {
        fx.recordRequests();
        Instant longAgo = Timestamps.now().minus(Duration.ofMinutes(5));
        Execution stuck = Execution.request(
                Ids.newId(),
                ExecutionStatus.REQUESTED,
                longAgo,
                StateStoreSamples.actionSnapshot(NotifierFixture.ACTION),
                RunnerType.named("local-shell-cmd"),
                Json.object());
        store.executions().insert(stuck);
        String fresh = fx.launch("{}").id();
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.requests.contains(fresh));

        assertThat(sweep().requeued()).isEqualTo(1);
        assertThat(sweep().requeued()).isZero();

        await().atMost(Duration.ofSeconds(5)).until(() -> fx.requests.contains(stuck.id()));
        assertThat(fx.requests).containsExactlyInAnyOrder(fresh, stuck.id());
    }

    @Test
    void resumeLeftUnpickedIsPublishedAgain() {
        fx.recordRequests();
        Instant longAgo = Timestamps.now().minus(Duration.ofMinutes(5));
        Execution resuming = Execution.request(
                        Ids.newId(),
                        ExecutionStatus.REQUESTED,
                        longAgo,
                        StateStoreSamples.actionSnapshot(NotifierFixture.ACTION),
                        RunnerType.named("local-shell-cmd"),
                        Json.object())
                .transitionTo(ExecutionStatus.SCHEDULED, longAgo)
                .transitionTo(ExecutionStatus.RUNNING, longAgo)
                .transitionTo(ExecutionStatus.PAUSING, longAgo)
                .transitionTo(ExecutionStatus.PAUSED, longAgo)
                .transitionTo(ExecutionStatus.RESUMING, longAgo);
        store.executions().insert(resuming);

        assertThat(sweep().requeued()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(5)).until(() -> fx.requests.contains(resuming.id()));
    }

    @Test
    void requestThatReenteredRequestedRecentlyIsNotPublishedAgain() {
        fx.recordRequests();
        Instant longAgo = Timestamps.now().minus(Duration.ofMinutes(5));
        Execution delayedThenRequested = Execution.request(
                        Ids.newId(),
                        ExecutionStatus.DELAYED,
                        longAgo,
                        StateStoreSamples.actionSnapshot(NotifierFixture.ACTION),
                        RunnerType.named("local-shell-cmd"),
                        Json.object())
                .transitionTo(ExecutionStatus.REQUESTED, Timestamps.now());
        store.executions().insert(delayedThenRequested);

        assertThat(sweep().requeued()).isZero();
    }

    @Test
    void sweepStopsWhenLeadershipIsLost() {
        String a = fx.launch("{}").id();
        String b = fx.launch("{}").id();
        fx.run(a, Timestamps.now().minusSeconds(1));
        fx.run(b, Timestamps.now().minusSeconds(1));

        var s = parts.reaper().sweep(() -> false);

        assertThat(s).isEqualTo(new LeaseReaper.Sweep(0, 0));
        assertThat(status(a).status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(status(b).status()).isEqualTo(ExecutionStatus.RUNNING);
    }
}
