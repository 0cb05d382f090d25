package io.reflex.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflex.core.coordination.Coordinator;
import io.reflex.core.coordination.Election;
import io.reflex.core.coordination.LeadershipListener;
import io.reflex.core.coordination.Lease;
import io.reflex.testing.ZooKeeperEnsemble;
import io.reflex.testing.contract.CoordinatorContract;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator contract on a three-server ZooKeeper ensemble of the test's own. After a third of the
 * contract's tests the ensemble's leader is SIGKILLed, the next third runs on the two survivors, and the
 * server is started again for the rest; one test kills the leader while a lease, a leadership and a
 * membership are held and checks that all three survive the fail-over.
 */
class ZooKeeperEnsembleCoordinatorTest extends CoordinatorContract {
    private static final Logger log = LoggerFactory.getLogger(ZooKeeperEnsembleCoordinatorTest.class);
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(4);
    /** Long enough for the survivors to elect a new leader on a busy machine before a session expires. */
    private static final Duration FAILOVER_SESSION_TIMEOUT = Duration.ofSeconds(20);

    private static final String NAMESPACE = "reflex-ensemble-" + UUID.randomUUID();
    private static ZooKeeperEnsemble ensemble;
    private static ZooKeeperTestServer server;
    private static int testCount;
    private static int testsDone;
    private static Integer killed;

    @BeforeAll
    static void startEnsemble() {
        ensemble = ZooKeeperEnsemble.start();
        server = ZooKeeperTestServer.of(ensemble.connectString());
        testCount = (int) testMethods(ZooKeeperEnsembleCoordinatorTest.class).count();
    }

    @AfterAll
    static void stopEnsemble() {
        if (ensemble != null) {
            ensemble.close();
        }
    }

    private static Stream<Method> testMethods(Class<?> type) {
        Stream<Method> own = Arrays.stream(type.getDeclaredMethods()).filter(m -> m.isAnnotationPresent(Test.class));
        return type.getSuperclass() == null ? own : Stream.concat(own, testMethods(type.getSuperclass()));
    }

    @Override
    protected Coordinator newCoordinator() {
        return ZooKeeperCoordinator.connect(ensemble.connectString(), NAMESPACE, SESSION_TIMEOUT);
    }

    @Override
    protected void killSession(Coordinator coordinator) {
        try {
            server.expire(((ZooKeeperCoordinator) coordinator).zooKeeper(), SESSION_TIMEOUT);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected Duration sessionLossTimeout() {
        return Duration.ofSeconds(30);
    }

    /** A third of the way through, the leader dies; two thirds through, it comes back. */
    @AfterEach
    void faultBetweenTests() {
        testsDone++;
        if (testsDone == testCount / 3 && killed == null) {
            killed = ensemble.killLeader();
            log.info("killed the ZooKeeper leader server={}", killed + 1);
            ensemble.awaitQuorum();
        } else if (testsDone == 2 * testCount / 3) {
            bringBackKilledServer();
        }
    }

    private static void bringBackKilledServer() {
        if (killed != null) {
            ensemble.launch(killed);
            killed = null;
            ensemble.awaitQuorum();
        }
    }

    @Test
    void leaseLeadershipAndMembershipSurviveTheLossOfTheEnsemblesLeader() {
        bringBackKilledServer();
        Coordinator holder =
                ZooKeeperCoordinator.connect(ensemble.connectString(), NAMESPACE, FAILOVER_SESSION_TIMEOUT);
        Coordinator other = ZooKeeperCoordinator.connect(ensemble.connectString(), NAMESPACE, FAILOVER_SESSION_TIMEOUT);
        try {
            String name = unique("lock");
            String group = unique("group");
            Lease lease = holder.lock(name, Duration.ZERO).orElseThrow();
            Election election = holder.elect(group, "holder", new Quiet());
            holder.join(group, "holder", Map.of("zone", "a"));
            await().atMost(WAIT).until(election::isLeader);

            int leader = ensemble.killLeader();
            ensemble.awaitQuorum();

            assertThat(ensemble.leader()).isPresent().get().isNotEqualTo(leader);
            await().atMost(WAIT).until(() -> other.members(group).size() == 1);
            assertThat(other.lock(name, Duration.ofMillis(500)))
                    .as("still held")
                    .isEmpty();
            assertThat(lease.isValid()).isTrue();
            // leadership is given up while the holder's server is gone (suspended), then won back
            await().atMost(WAIT).until(election::isLeader);

            lease.release();
            Lease next = other.lock(name, WAIT).orElseThrow();
            assertThat(next.fencingToken()).isGreaterThan(lease.fencingToken());
            ensemble.launch(leader);
            ensemble.awaitQuorum();
        } finally {
            holder.close();
            other.close();
        }
    }

    private static final class Quiet implements LeadershipListener {
        @Override
        public void elected(long term) {}

        @Override
        public void revoked() {}
    }
}
