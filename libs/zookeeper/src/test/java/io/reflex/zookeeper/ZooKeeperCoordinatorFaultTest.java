package io.reflex.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflex.core.coordination.Election;
import io.reflex.core.coordination.LeadershipListener;
import io.reflex.core.coordination.Lease;
import io.reflex.testing.FaultProxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A coordinator whose connection to ZooKeeper is cut, and later restored, by a proxy in between. */
class ZooKeeperCoordinatorFaultTest {
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String NAMESPACE = "reflex-fault-" + UUID.randomUUID();
    private static ZooKeeperTestServer server;

    @BeforeAll
    static void startServer() {
        server = ZooKeeperTestServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.deleteNamespace(NAMESPACE);
        server.close();
    }

    @Test
    void cutConnectionTakesHealthDownAndLosesLeasesThenTheSameCoordinatorRecovers() throws Exception {
        try (FaultProxy proxy = server.proxy();
                ZooKeeperCoordinator cut = connect("127.0.0.1:" + proxy.port());
                ZooKeeperCoordinator direct = connect(server.connectString())) {
            String name = "lock-" + UUID.randomUUID();
            String group = "group-" + UUID.randomUUID();
            Lease lease = cut.lock(name, Duration.ZERO).orElseThrow();
            Recorder leadership = new Recorder();
            Election election = cut.elect(group, "behind-proxy", leadership);
            cut.join(group, "behind-proxy", Map.of("zone", "a"));
            await().atMost(PATIENCE).until(election::isLeader);
            assertThat(cut.health().check().up()).isTrue();

            proxy.cut();

            await().atMost(PATIENCE).until(() -> !cut.health().check().up());
            assertThat(cut.health().check().detail()).contains("127.0.0.1:" + proxy.port());
            await().atMost(PATIENCE).until(() -> !election.isLeader() && leadership.revocations.size() == 1);
            await().atMost(PATIENCE).until(() -> !lease.isValid());
            Lease taken = direct.lock(name, PATIENCE).orElseThrow();
            assertThat(taken.fencingToken()).isGreaterThan(lease.fencingToken());
            await().atMost(PATIENCE).until(() -> direct.members(group).isEmpty());

            proxy.restore();

            await().atMost(PATIENCE).until(() -> cut.health().check().up());
            await().atMost(PATIENCE).until(() -> direct.members(group).size() == 1);
            await().atMost(PATIENCE).until(election::isLeader);
            assertThat(leadership.terms.getLast()).isGreaterThan(leadership.terms.getFirst());
            assertThat(cut.lock(name, Duration.ZERO))
                    .as("still held by the direct coordinator")
                    .isEmpty();
            taken.release();
            assertThat(cut.lock(name, PATIENCE)).isPresent();
        }
    }

    private static ZooKeeperCoordinator connect(String connectString) {
        return ZooKeeperCoordinator.connect(connectString, NAMESPACE, SESSION_TIMEOUT);
    }

    private static final class Recorder implements LeadershipListener {
        final List<Long> terms = new CopyOnWriteArrayList<>();
        final List<Boolean> revocations = new CopyOnWriteArrayList<>();

        @Override
        public void elected(long term) {
            terms.add(term);
        }

        @Override
        public void revoked() {
            revocations.add(true);
        }
    }
}
