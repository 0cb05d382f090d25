package io.reflex.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflex.core.coordination.Coordinator;
import io.reflex.core.coordination.Lease;
import io.reflex.testing.FaultProxy;
import io.reflex.testing.contract.CoordinatorContract;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract on a real Redis. Every coordinator talks to Redis through its own {@link FaultProxy}, so a
 * killed session is a process that can no longer reach Redis: its renewals stop and its TTLs lapse.
 */
class RedisCoordinatorTest extends CoordinatorContract {
    private static final Duration TTL = Duration.ofSeconds(2);
    private static RedisTestServer server;
    private final Map<Coordinator, FaultProxy> proxies = new ConcurrentHashMap<>();

    @BeforeAll
    static void findServer() {
        server = new RedisTestServer();
    }

    @AfterAll
    static void deleteKeys() {
        if (server != null) {
            server.deleteNamespace();
        }
    }

    @Override
    protected Coordinator newCoordinator() {
        FaultProxy proxy = server.proxy();
        RedisCoordinator coordinator = RedisCoordinator.connect(server.via(proxy), server.namespace, TTL);
        proxies.put(coordinator, proxy);
        return coordinator;
    }

    @Override
    protected void killSession(Coordinator coordinator) {
        proxies.get(coordinator).cut();
    }

    @Override
    protected Duration sessionLossTimeout() {
        return Duration.ofSeconds(10);
    }

    @AfterEach
    void closeProxies() {
        closeCoordinators();
        proxies.values().forEach(FaultProxy::close);
        proxies.clear();
    }

    @Test
    void renewerKeepsALeaseWellBeyondItsTtl() {
        Coordinator a = coordinator();
        Coordinator b = coordinator();
        String name = unique("renewed");
        Lease held = a.lock(name, Duration.ZERO).orElseThrow();

        await().during(TTL.multipliedBy(2))
                .atMost(TTL.multipliedBy(4))
                .until(() -> held.isValid() && b.lock(name, Duration.ZERO).isEmpty());
    }

    @Test
    void onlyFenceCountersOutliveTheirHolders() {
        Coordinator a = coordinator();
        String name = unique("tidy");
        a.lock(name, Duration.ZERO).orElseThrow();
        a.join(unique("group"), "m", Map.of());

        assertThat(server.keysWithoutExpiry()).isNotEmpty().allMatch(k -> k.contains("fence:"));
    }
}
