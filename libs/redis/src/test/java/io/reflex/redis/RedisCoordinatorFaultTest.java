package io.reflex.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.reflex.core.coordination.CoordinationException;
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

/** A coordinator whose connection to Redis is cut, and later restored, by a proxy in between. */
class RedisCoordinatorFaultTest {
    private static final Duration TTL = Duration.ofSeconds(1);
    private static final Duration PATIENCE = Duration.ofSeconds(20);
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

    @Test
    void cutConnectionTakesHealthDownAndLetsLeasesLapseThenTheSameCoordinatorRecovers() {
        try (FaultProxy proxy = server.proxy();
                RedisCoordinator cut = RedisCoordinator.connect(server.via(proxy), server.namespace, TTL);
                RedisCoordinator direct = RedisCoordinator.connect(server.uri, server.namespace, TTL)) {
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
            assertThatThrownBy(() -> cut.lock("other", Duration.ZERO)).isInstanceOf(CoordinationException.class);
            await().atMost(PATIENCE).until(() -> !lease.isValid() && !election.isLeader());
            await().atMost(PATIENCE).until(() -> leadership.revocations.size() == 1);
            Lease taken = direct.lock(name, PATIENCE).orElseThrow();
            assertThat(taken.fencingToken()).isGreaterThan(lease.fencingToken());
            await().atMost(PATIENCE).until(() -> direct.members(group).isEmpty());

            proxy.restore();

            await().atMost(PATIENCE).until(() -> cut.health().check().up());
            await().atMost(PATIENCE).until(() -> direct.members(group).size() == 1);
            await().atMost(PATIENCE).until(() -> election.isLeader() && leadership.terms.size() == 2);
            assertThat(leadership.terms.getLast()).isGreaterThan(leadership.terms.getFirst());
            assertThat(cut.lock(name, Duration.ZERO))
                    .as("still held by the direct coordinator")
                    .isEmpty();
            taken.release();
            assertThat(cut.lock(name, PATIENCE)).isPresent();
        }
    }

    @Test
    void connectFailsWhenRedisCannotBeReached() throws Exception {
        try (FaultProxy proxy = server.proxy()) {
            proxy.cut();
            assertThatThrownBy(() -> RedisCoordinator.connect(server.via(proxy), server.namespace, TTL))
                    .isInstanceOf(CoordinationException.class);
        }
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
