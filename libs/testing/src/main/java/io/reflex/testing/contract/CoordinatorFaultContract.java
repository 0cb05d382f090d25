package io.reflex.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflex.core.coordination.Coordinator;
import io.reflex.core.coordination.Election;
import io.reflex.core.coordination.Lease;
import io.reflex.testing.FaultProxy;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A coordinator whose connection to its backend is cut, and later restored, by a {@link FaultProxy} in
 * between; a second coordinator reaches the backend directly. A subclass gives the proxy and both
 * connections; names are unique per test, so a shared backend is fine.
 */
public abstract class CoordinatorFaultContract {
    /** A new proxy in front of the backend under test; the contract closes it. */
    protected abstract FaultProxy newProxy() throws Exception;

    /** A new coordinator whose every connection to the backend goes through {@code proxy}. */
    protected abstract Coordinator connectThrough(FaultProxy proxy);

    /** A new coordinator that reaches the backend directly. */
    protected abstract Coordinator connectDirect();

    /** How long the backend may take to notice a cut or a restore (session timeout or lease TTL, plus slack). */
    protected abstract Duration patience();

    /** Checks what a call on {@code cut} does while its backend is out of reach; by default nothing. */
    protected void checkWhileCut(Coordinator cut) {}

    @Test
    public void cutConnectionTakesHealthDownAndLosesLeasesThenTheSameCoordinatorRecovers() throws Exception {
        Duration patience = patience();
        try (FaultProxy proxy = newProxy();
                Coordinator cut = connectThrough(proxy);
                Coordinator direct = connectDirect()) {
            String name = "lock-" + UUID.randomUUID();
            String group = "group-" + UUID.randomUUID();
            Lease lease = cut.lock(name, Duration.ZERO).orElseThrow();
            CoordinatorRecorders.Leadership leadership = new CoordinatorRecorders.Leadership();
            Election election = cut.elect(group, "behind-proxy", leadership);
            cut.join(group, "behind-proxy", Map.of("zone", "a"));
            await().atMost(patience).until(election::isLeader);
            assertThat(cut.health().check().up()).isTrue();

            proxy.cut();

            await().atMost(patience).until(() -> !cut.health().check().up());
            assertThat(cut.health().check().detail()).contains("127.0.0.1:" + proxy.port());
            checkWhileCut(cut);
            await().atMost(patience).until(() -> !lease.isValid() && !election.isLeader());
            await().atMost(patience).until(() -> leadership.revocations.get() == 1);
            Lease taken = direct.lock(name, patience).orElseThrow();
            assertThat(taken.fencingToken()).isGreaterThan(lease.fencingToken());
            await().atMost(patience).until(() -> direct.members(group).isEmpty());

            proxy.restore();

            await().atMost(patience).until(() -> cut.health().check().up());
            await().atMost(patience).until(() -> direct.members(group).size() == 1);
            await().atMost(patience).until(() -> election.isLeader() && leadership.terms.size() == 2);
            assertThat(leadership.terms.getLast()).isGreaterThan(leadership.terms.getFirst());
            assertThat(cut.lock(name, Duration.ZERO))
                    .as("still held by the direct coordinator")
                    .isEmpty();
            taken.release();
            assertThat(cut.lock(name, patience)).isPresent();
        }
    }
}
