package io.reflex.zookeeper;

import io.reflex.core.coordination.Coordinator;
import io.reflex.testing.FaultProxy;
import io.reflex.testing.contract.CoordinatorFaultContract;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A coordinator whose connection to ZooKeeper is cut, and later restored, by a proxy in between. */
class ZooKeeperCoordinatorFaultTest extends CoordinatorFaultContract {
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(2);
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

    @Override
    protected FaultProxy newProxy() throws Exception {
        return server.proxy();
    }

    @Override
    protected Coordinator connectThrough(FaultProxy proxy) {
        return ZooKeeperCoordinator.connect("127.0.0.1:" + proxy.port(), NAMESPACE, SESSION_TIMEOUT);
    }

    @Override
    protected Coordinator connectDirect() {
        return ZooKeeperCoordinator.connect(server.connectString(), NAMESPACE, SESSION_TIMEOUT);
    }

    @Override
    protected Duration patience() {
        return Duration.ofSeconds(30);
    }
}
