package io.reflex.rulesengine.timers;

import static io.reflex.rulesengine.timers.TimerFixtures.rule;
import static io.reflex.rulesengine.timers.TimerFixtures.storeTrigger;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflex.core.health.HealthCheck;
import io.reflex.core.health.HealthStatus;
import io.reflex.core.messages.Channels.TriggerDispatch;
import io.reflex.core.model.Trigger;
import io.reflex.testing.InMemoryCoordinator;
import io.reflex.testing.InMemoryStateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two rules engines' timer parts in one JVM, on one store and two sessions of one coordinator: only the
 * elected one fires, and when its session is lost the other takes over from the stored progress.
 */
class TimerLeadershipTest {
    private static final Timers.Settings SETTINGS =
            new Timers.Settings(ZoneId.of("UTC"), Duration.ofSeconds(60), Duration.ofMillis(200));
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private record Fire(String member, TriggerDispatch dispatch) {}

    private final InMemoryStateStore store = new InMemoryStateStore();
    private final InMemoryCoordinator sessionA = new InMemoryCoordinator();
    private final InMemoryCoordinator sessionB = sessionA.newSession();
    private final List<Fire> fires = new CopyOnWriteArrayList<>();
    private final List<TimerLeadership> engines = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (TimerLeadership e : engines) {
            e.close();
        }
        sessionA.close();
        sessionB.close();
        store.close();
    }

    private TimerLeadership engine(String member, InMemoryCoordinator session) {
        return engine(member, session, new AtomicBoolean());
    }

    /** An engine whose publishing fails while {@code busDown} is set. */
    private TimerLeadership engine(String member, InMemoryCoordinator session, AtomicBoolean busDown) {
        TimerCatalog catalog = new TimerCatalog(store);
        ProgressStore progress = new ProgressStore(store, member);
        Consumer<TriggerDispatch> publisher = d -> {
            if (busDown.get()) {
                throw new IllegalStateException("bus unreachable");
            }
            fires.add(new Fire(member, d));
        };
        TimerLeadership e = new TimerLeadership(
                session,
                member,
                leading -> new TimerScheduler(catalog, progress, publisher, SETTINGS, leading),
                Clock.systemUTC());
        engines.add(e);
        e.start();
        return e;
    }

    private long firedBy(String member) {
        return fires.stream().filter(f -> f.member().equals(member)).count();
    }

    @Test
    void onlyTheLeaderFiresAndWhenItsSessionIsLostTheOtherTakesOverWithoutAGap() {
        Trigger t = storeTrigger(store, TimerTypes.INTERVAL, "{'unit': 'seconds', 'delta': 1}");
        rule(store, t, true);
        TimerLeadership a = engine("a", sessionA);
        TimerLeadership b = engine("b", sessionB);
        await().atMost(PATIENCE).until(() -> fires.size() >= 3);

        assertThat(a.leading()).as("a joined first and leads").isTrue();
        assertThat(b.leading()).isFalse();
        assertThat(firedBy("b")).isZero();

        sessionA.expireSession();
        await().atMost(PATIENCE).until(() -> !a.leading() && b.leading());
        long byA = firedBy("a");
        await().atMost(PATIENCE).until(() -> firedBy("b") >= 3);

        assertThat(firedBy("a"))
                .as("a fires nothing after its leadership was revoked")
                .isEqualTo(byA);
        List<Instant> points = fires.stream()
                .map(f -> f.dispatch().occurrenceTime())
                .distinct()
                .sorted()
                .toList();
        for (int i = 1; i < points.size(); i++) {
            assertThat(Duration.between(points.get(i - 1), points.get(i)))
                    .as("no point missing around the handover: %s", points)
                    .isEqualTo(Duration.ofSeconds(1));
        }
        assertThat(fires)
                .allSatisfy(f -> assertThat(f.dispatch().triggerInstanceId())
                        .isEqualTo(TimerFire.instanceId(t.ref(), f.dispatch().occurrenceTime())));
    }

    @Test
    void healthSaysWhoLeadsAndTurnsDownWhileTheLeaderCannotFire() {
        Trigger t = storeTrigger(store, TimerTypes.INTERVAL, "{'unit': 'seconds', 'delta': 1}");
        rule(store, t, true);
        AtomicBoolean busDown = new AtomicBoolean();
        TimerLeadership a = engine("a", sessionA, busDown);
        TimerLeadership b = engine("b", sessionB);
        await().atMost(PATIENCE).until(() -> firedBy("a") >= 1);
        HealthCheck leader = a.health(Duration.ofSeconds(2));
        HealthCheck standby = b.health(Duration.ofSeconds(2));

        assertThat(leader.name()).isEqualTo("timers");
        assertThat(leader.check().up()).isTrue();
        assertThat(leader.check().detail()).startsWith("leader term=").contains(" timers=1 ");
        assertThat(standby.check())
                .isEqualTo(HealthStatus.up("standby: another rules engine leads rulesengine-timers"));

        busDown.set(true);
        await().atMost(PATIENCE).until(() -> !leader.check().up());
        assertThat(leader.check().detail()).containsPattern("lag=\\d+ms");
        assertThat(standby.check().up()).isTrue();

        busDown.set(false);
        await().atMost(PATIENCE).until(() -> leader.check().up());
    }

    @Test
    void closingTheLeaderHandsTheTimersToTheOther() throws Exception {
        Trigger t = storeTrigger(store, TimerTypes.INTERVAL, "{'unit': 'seconds', 'delta': 1}");
        rule(store, t, true);
        TimerLeadership a = engine("a", sessionA);
        TimerLeadership b = engine("b", sessionB);
        await().atMost(PATIENCE).until(() -> firedBy("a") >= 1);

        a.close();
        long byA = firedBy("a");
        await().atMost(PATIENCE).until(() -> firedBy("b") >= 2);

        assertThat(a.leading()).isFalse();
        assertThat(b.leading()).isTrue();
        assertThat(firedBy("a")).isEqualTo(byA);
    }
}
