package io.reflex.redis;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reflex.core.coordination.CoordinationException;
import io.reflex.core.coordination.Coordinator;
import io.reflex.testing.FaultProxy;
import io.reflex.testing.contract.CoordinatorFaultContract;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A coordinator whose connection to Redis is cut, and later restored, by a proxy in between. */
class RedisCoordinatorFaultTest extends CoordinatorFaultContract {
    private static final Duration TTL = Duration.ofSeconds(1);
    private static RedisTestServer server;

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
    protected FaultProxy newProxy() throws Exception {
        return server.proxy();
    }

    @Override
    protected Coordinator connectThrough(FaultProxy proxy) {
        return RedisCoordinator.connect(server.via(proxy), server.namespace, TTL);
    }

    @Override
    protected Coordinator connectDirect() {
        return RedisCoordinator.connect(server.uri, server.namespace, TTL);
    }

    @Override
    protected Duration patience() {
        return Duration.ofSeconds(20);
    }

    /** While cut, a new lock on Redis fails at once with a {@link CoordinationException}. */
    @Override
    protected void checkWhileCut(Coordinator cut) {
        assertThatThrownBy(() -> cut.lock("other", Duration.ZERO)).isInstanceOf(CoordinationException.class);
    }

    @Test
    void connectFailsWhenRedisCannotBeReached() throws Exception {
        try (FaultProxy proxy = server.proxy()) {
            proxy.cut();
            assertThatThrownBy(() -> RedisCoordinator.connect(server.via(proxy), server.namespace, TTL))
                    .isInstanceOf(CoordinationException.class);
        }
    }
}
