package io.reflex.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflex.core.coordination.Coordinator;
import io.reflex.core.coordination.Election;
import io.reflex.core.coordination.LeadershipListener;
import io.reflex.core.coordination.Lease;
import io.reflex.core.coordination.Member;
import io.reflex.testing.contract.CoordinatorContract;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InMemoryCoordinatorContractTest extends CoordinatorContract {
    private final InMemoryCoordinator root = new InMemoryCoordinator();

    @Override
    protected Coordinator newCoordinator() {
        return root.newSession();
    }

    @Override
    protected void killSession(Coordinator coordinator) {
        ((InMemoryCoordinator) coordinator).expireSession();
    }

    @Override
    protected Duration sessionLossTimeout() {
        return Duration.ofSeconds(5);
    }

    @AfterEach
    void closeRoot() {
        root.close();
    }

    @Test
    void waitersAreServedInArrivalOrder() throws Exception {
        InMemoryCoordinator holder = root.newSession();
        String name = unique("fifo");
        Lease held = holder.lock(name, Duration.ZERO).orElseThrow();
        List<String> order = new CopyOnWriteArrayList<>();
        CompletableFuture<?> first = waitInTurn(root.newSession(), name, "first", order);
        await().until(() -> holder.waiters(name) == 1);
        CompletableFuture<?> second = waitInTurn(root.newSession(), name, "second", order);
        await().until(() -> holder.waiters(name) == 2);

        held.release();

        CompletableFuture.allOf(first, second).get(10, TimeUnit.SECONDS);
        assertThat(order).containsExactly("first", "second");
        holder.close();
    }

    @Test
    void expiredSessionRejoinsItsGroupsAndElections() {
        InMemoryCoordinator a = root.newSession();
        String group = unique("group");
        a.join(group, "a", Map.of());
        Election election = a.elect(group, "a", new LeadershipListener() {
            @Override
            public void elected(long term) {}

            @Override
            public void revoked() {}
        });

        a.expireSession();

        assertThat(root.members(group)).extracting(Member::id).containsExactly("a");
        assertThat(election.isLeader()).as("sole candidate is elected again").isTrue();
        a.close();
        assertThat(root.members(group)).isEmpty();
        assertThat(a.health().check().up()).isFalse();
    }

    private static CompletableFuture<?> waitInTurn(
            InMemoryCoordinator c, String name, String label, List<String> order) {
        return CompletableFuture.runAsync(
                () -> {
                    Optional<Lease> lease = c.lock(name, Duration.ofSeconds(10));
                    order.add(label);
                    lease.orElseThrow().release();
                },
                task -> Thread.ofPlatform().daemon().start(task));
    }
}
