package io.reflex.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.model.RunnerType;
import io.reflex.core.store.Ids;
import io.reflex.testing.InMemoryCoordinator;
import io.reflex.testing.InMemoryEventBus;
import io.reflex.testing.InMemoryStateStore;
import io.reflex.testing.contract.StateStoreSamples;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A {@code delayed} execution whose request was lost is requested again once its delay is long over. */
class DelayedRequeueTest {
    private final InMemoryStateStore store = new InMemoryStateStore();
    private final InMemoryEventBus bus = new InMemoryEventBus();
    private final InMemoryCoordinator coordinator = new InMemoryCoordinator();
    private final NotifierFixture fx = new NotifierFixture(store, bus).recordRequests();
    private final NotifierParts parts = fx.parts(coordinator, "n1");

    @AfterEach
    void close() {
        fx.close();
        bus.close();
        coordinator.close();
    }

    private Execution delayed(Instant start, int delayMs) {
        Execution e = Execution.request(
                Ids.newId(),
                ExecutionStatus.DELAYED,
                start,
                StateStoreSamples.actionSnapshot(NotifierFixture.ACTION),
                RunnerType.named("local-shell-cmd"),
                Json.object());
        e = e.requestedWith(e.details().withDelay(delayMs));
        return store.executions().insert(e);
    }

    @Test
    void aDelayedExecutionLongPastItsDelayIsRequestedAgainOncePerWindow() {
        Execution lost = delayed(Timestamps.now().minus(Duration.ofMinutes(5)), 1_000);

        assertThat(parts.reaper().sweep(() -> true).requeued()).isEqualTo(1);
        assertThat(parts.reaper().sweep(() -> true).requeued()).isZero();

        await().atMost(Duration.ofSeconds(5)).until(() -> fx.requests.contains(lost.id()));
        assertThat(fx.requests).containsExactly(lost.id());
    }

    @Test
    void aDelayedExecutionWhoseDelayHasNotRunOutLongEnoughIsLeftToItsRunner() {
        delayed(Timestamps.now().minus(Duration.ofMinutes(5)), (int)
                Duration.ofMinutes(5).toMillis());

        assertThat(parts.reaper().sweep(() -> true).requeued()).isZero();
    }
}
