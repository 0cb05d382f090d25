package io.reflex.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Timestamps;
import io.reflex.testing.InMemoryCoordinator;
import io.reflex.testing.InMemoryEventBus;
import io.reflex.testing.InMemoryStateStore;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two notifiers ("processes": one coordinator session each) over the same store and bus. */
class ReaperLeadershipTest {
    private final InMemoryStateStore store = new InMemoryStateStore();
    private final InMemoryEventBus bus = new InMemoryEventBus();
    private final InMemoryCoordinator sessionA = new InMemoryCoordinator();
    private final InMemoryCoordinator sessionB = sessionA.newSession();
    private final NotifierFixture fx = new NotifierFixture(store, bus);
    private final io.reflex.runtime.leader.LeaderLoop a =
            fx.parts(sessionA, "notifier-a").leadership();
    private final io.reflex.runtime.leader.LeaderLoop b =
            fx.parts(sessionB, "notifier-b").leadership();

    @AfterEach
    void close() throws Exception {
        a.close();
        b.close();
        fx.close();
        bus.close();
        sessionA.close();
        sessionB.close();
    }

    private String deadRun() {
        String id = fx.launch("{}").id();
        fx.run(id, Timestamps.now().minusSeconds(1));
        return id;
    }

    private void awaitAbandoned(String id) {
        await().atMost(Duration.ofSeconds(5))
                .until(() -> store.executions().get(id).orElseThrow().status() == ExecutionStatus.ABANDONED);
    }

    @Test
    void onlyTheElectedNotifierReaps() {
        a.start();
        await().atMost(Duration.ofSeconds(5)).until(a::leading);
        b.start();

        String dead = deadRun();
        awaitAbandoned(dead);
        long sweepsOfA = a.runs();
        await().atMost(Duration.ofSeconds(5)).until(() -> a.runs() > sweepsOfA + 3);

        assertThat(b.leading()).isFalse();
        assertThat(b.runs()).isZero();
    }

    @Test
    void anotherNotifierTakesOverWhenTheLeadersSessionDies() {
        a.start();
        await().atMost(Duration.ofSeconds(5)).until(a::leading);
        b.start();

        sessionA.expireSession();

        await().atMost(Duration.ofSeconds(5)).until(() -> b.leading() && !a.leading());
        long sweepsOfA = a.runs();
        String dead = deadRun();
        awaitAbandoned(dead);
        long sweepsOfB = b.runs();
        await().atMost(Duration.ofSeconds(5)).until(() -> b.runs() > sweepsOfB + 5);
        // at most the sweep that was under way when leadership moved
        assertThat(a.runs()).isLessThanOrEqualTo(sweepsOfA + 1);
    }

    @Test
    void closingTheLeaderHandsTheReaperToTheOther() throws Exception {
        a.start();
        await().atMost(Duration.ofSeconds(5)).until(a::leading);
        b.start();

        a.close();

        await().atMost(Duration.ofSeconds(5)).until(b::leading);
        awaitAbandoned(deadRun());
    }
}
