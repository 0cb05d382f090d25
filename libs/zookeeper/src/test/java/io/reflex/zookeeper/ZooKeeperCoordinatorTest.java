package io.reflex.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reflex.core.coordination.CoordinationException;
import io.reflex.core.coordination.Coordinator;
import io.reflex.core.coordination.Lease;
import io.reflex.testing.contract.CoordinatorContract;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ZooKeeperCoordinatorTest extends CoordinatorContract {
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(3);
    private static final String NAMESPACE = "reflex-test-" + UUID.randomUUID();
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

    @Override
    protected Coordinator newCoordinator() {
        return ZooKeeperCoordinator.connect(server.connectString(), NAMESPACE, SESSION_TIMEOUT);
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
        return Duration.ofSeconds(20);
    }

    @Test
    void fencingTokenIsTheCzxidOfTheLeaseNode() throws Exception {
        ZooKeeperCoordinator c = (ZooKeeperCoordinator) coordinator();
        String name = unique("czxid");
        Lease lease = c.lock(name, Duration.ZERO).orElseThrow();

        ZooKeeper zk = c.zooKeeper();
        String leases = "/" + NAMESPACE + "/locks/" + ZkNames.encode(name) + "/leases";
        List<String> nodes = zk.getChildren(leases, false);

        assertThat(nodes).hasSize(1);
        assertThat(lease.fencingToken())
                .isEqualTo(zk.exists(leases + "/" + nodes.getFirst(), false).getCzxid());
    }

    @Test
    void connectFailsWhenNoServerAnswers() {
        assertThatThrownBy(() -> ZooKeeperCoordinator.connect("127.0.0.1:1", NAMESPACE, Duration.ofSeconds(1)))
                .isInstanceOf(CoordinationException.class);
    }
}
