package io.reflex.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.reflex.core.coordination.CoordinationException;
import io.reflex.core.coordination.Coordinator;
import io.reflex.core.coordination.Lease;
import io.reflex.testing.contract.CoordinatorContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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

    /**
     * The action runner's delayed executions rely on this: a semaphore's waiters get permits first come,
     * first served (Curator queues them on a fair mutex), so delayed executions of an action leave in order.
     */
    @Test
    void semaphoreWaitersAreServedInArrivalOrder() throws Exception {
        ZooKeeperCoordinator holder = (ZooKeeperCoordinator) coordinator();
        String name = unique("fifo");
        Lease held = holder.acquire(name, 1, Duration.ZERO).orElseThrow();
        String queue = "/" + NAMESPACE + "/locks/" + ZkNames.encode(name) + "/locks";
        List<String> order = new CopyOnWriteArrayList<>();
        List<CompletableFuture<?>> waiting = new ArrayList<>();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor(); // one thread per waiter
        for (String label : List.of("first", "second", "third")) {
            Coordinator waiter = newCoordinator();
            waiting.add(CompletableFuture.runAsync(
                    () -> {
                        Lease lease =
                                waiter.acquire(name, 1, Duration.ofSeconds(30)).orElseThrow();
                        order.add(label);
                        lease.release();
                        waiter.close();
                    },
                    pool));
            int queued = waiting.size();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> holder.zooKeeper().getChildren(queue, false).size() == queued);
        }

        held.release();

        CompletableFuture.allOf(waiting.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        pool.close();
        assertThat(order).containsExactly("first", "second", "third");
    }

    @Test
    void connectFailsWhenNoServerAnswers() {
        assertThatThrownBy(() -> ZooKeeperCoordinator.connect("127.0.0.1:1", NAMESPACE, Duration.ofSeconds(1)))
                .isInstanceOf(CoordinationException.class);
    }
}
