package io.reflex.rulesengine.timers;

import static io.reflex.rulesengine.timers.TimerFixtures.at;
import static io.reflex.rulesengine.timers.TimerFixtures.rule;
import static io.reflex.rulesengine.timers.TimerFixtures.storeTrigger;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reflex.core.bus.BusException;
import io.reflex.core.messages.Channels.TriggerDispatch;
import io.reflex.core.model.Rule;
import io.reflex.core.model.Trigger;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StoreException;
import io.reflex.testing.InMemoryStateStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One leadership term's timer work, driven tick by tick with explicit times. */
class TimerSchedulerTest {
    private static final String SECONDLY = "{'unit': 'seconds', 'delta': 1}";
    private static final Timers.Settings SETTINGS =
            new Timers.Settings(ZoneId.of("UTC"), Duration.ofSeconds(5), Duration.ofSeconds(2));

    private final InMemoryStateStore store = new InMemoryStateStore();
    private final List<TriggerDispatch> published = new ArrayList<>();
    private final AtomicBoolean leading = new AtomicBoolean(true);
    private final LogCapture logs = new LogCapture(TimerScheduler.class);

    @AfterEach
    void close() {
        logs.close();
        store.close();
    }

    private TimerScheduler scheduler(String member) {
        return scheduler(member, published::add);
    }

    private TimerScheduler scheduler(String member, Consumer<TriggerDispatch> publisher) {
        return new TimerScheduler(
                new TimerCatalog(store), new ProgressStore(store, member), publisher, SETTINGS, leading::get);
    }

    private List<Instant> firedPoints() {
        return published.stream().map(TriggerDispatch::occurrenceTime).toList();
    }

    private Instant progress(Trigger t) {
        return store.store(TimerProgress.KIND)
                .get(TimerProgress.idOf(t.ref()))
                .orElseThrow()
                .settled();
    }

    @Test
    void aTimerStartsNowAndFiresEachPointOnceAsTimePasses() {
        Trigger t = storeTrigger(store, TimerTypes.INTERVAL, SECONDLY);
        rule(store, t, true);
        TimerScheduler s = scheduler("a");

        assertThat(s.tick(at("2024-01-01T10:00:00.300Z"))).isEqualTo(at("2024-01-01T10:00:01Z"));
        assertThat(published).isEmpty();
        s.tick(at("2024-01-01T10:00:01Z"));
        s.tick(at("2024-01-01T10:00:01.500Z"));
        s.tick(at("2024-01-01T10:00:03.200Z"));

        assertThat(firedPoints())
                .containsExactly(at("2024-01-01T10:00:01Z"), at("2024-01-01T10:00:02Z"), at("2024-01-01T10:00:03Z"));
        TriggerDispatch first = published.get(0);
        assertThat(first.triggerInstanceId()).isEqualTo(TimerFire.instanceId(t.ref(), at("2024-01-01T10:00:01Z")));
        assertThat(first.trigger()).isEqualTo(t.ref());
        assertThat(first.payload().path("executed_at").asText()).isEqualTo("2024-01-01 10:00:01+00:00");
        assertThat(first.payload().path("schedule")).isEqualTo(t.parameters());
        assertThat(first.traceTag()).isEqualTo("st2.IntervalTimer-" + t.name());
        assertThat(progress(t)).isEqualTo(at("2024-01-01T10:00:03Z"));
    }

    @Test
    void onlyTimerTriggersOfEnabledRulesAreScheduled() {
        Trigger used = storeTrigger(store, TimerTypes.INTERVAL, SECONDLY);
        Trigger disabled = storeTrigger(store, TimerTypes.CRON, "{'second': '*/2'}");
        storeTrigger(store, TimerTypes.DATE, "{'date': '2030-01-01 00:00:00'}");
        Trigger webhook = storeTrigger(store, "core.st2.webhook", "{'url': 'x'}");
        rule(store, used, true);
        rule(store, disabled, false);
        rule(store, webhook, true);
        TimerScheduler s = scheduler("a");

        s.tick(at("2024-01-01T10:00:00Z"));

        assertThat(s.active()).containsExactly(used.ref());
    }

    @Test
    void ruleChangesApplyAtTheNextRefreshWithoutARestart() {
        Trigger t = storeTrigger(store, TimerTypes.INTERVAL, SECONDLY);
        TimerScheduler s = scheduler("a");
        s.tick(at("2024-01-01T10:00:00.100Z"));
        Rule r = rule(store, t, true);

        s.tick(at("2024-01-01T10:00:01.100Z"));
        assertThat(s.active()).as("before the refresh").isEmpty();
        s.tick(at("2024-01-01T10:00:02.100Z"));
        assertThat(s.active()).containsExactly(t.ref());
        s.tick(at("2024-01-01T10:00:03.000Z"));
        assertThat(firedPoints()).as("from the refresh on, nothing older").containsExactly(at("2024-01-01T10:00:03Z"));

        store.store(Kinds.RULE).replace(TimerFixtures.withEnabled(r, false));
        s.tick(at("2024-01-01T10:00:04.200Z"));
        assertThat(s.active()).isEmpty();
        assertThat(store.store(TimerProgress.KIND).get(TimerProgress.idOf(t.ref())))
                .isEmpty();
        assertThat(logs.containing("timer unscheduled")).hasSize(1);

        store.store(Kinds.RULE).replace(TimerFixtures.withEnabled(r, true));
        s.tick(at("2024-01-01T10:00:09.100Z"));
        s.tick(at("2024-01-01T10:00:10.000Z"));
        store.store(Kinds.RULE).delete(r.id());
        s.tick(at("2024-01-01T10:00:11.200Z"));
        s.tick(at("2024-01-01T10:00:12.000Z"));

        assertThat(firedPoints())
                .as("re-enabled: starts again from then; deleted: stops")
                .containsExactly(at("2024-01-01T10:00:03Z"), at("2024-01-01T10:00:10Z"));
    }

    @Test
    void aNewLeaderFiresWhatThePreviousOneMissedWithinTheGraceAndLogsTheOlderPointsAsSkipped() {
        Trigger t = storeTrigger(store, TimerTypes.INTERVAL, SECONDLY);
        rule(store, t, true);
        TimerScheduler a = scheduler("a");
        a.tick(at("2024-01-01T10:00:00.200Z"));
        a.tick(at("2024-01-01T10:00:01Z"));
        a.tick(at("2024-01-01T10:00:02Z"));
        // a dies; b is elected eight seconds later
        TimerScheduler b = scheduler("b");

        b.tick(at("2024-01-01T10:00:10.200Z"));

        assertThat(firedPoints())
                .containsExactly(
                        at("2024-01-01T10:00:01Z"),
                        at("2024-01-01T10:00:02Z"),
                        at("2024-01-01T10:00:06Z"),
                        at("2024-01-01T10:00:07Z"),
                        at("2024-01-01T10:00:08Z"),
                        at("2024-01-01T10:00:09Z"),
                        at("2024-01-01T10:00:10Z"));
        assertThat(logs.containing("timer misfire skipped points"))
                .containsExactly("WARN timer misfire skipped points trigger=" + t.ref()
                        + " type=core.st2.IntervalTimer count=3 first=2024-01-01T10:00:03Z last=2024-01-01T10:00:05Z"
                        + " grace=PT5S");
        assertThat(logs.containing("timer fired missed points")).hasSize(1);
        assertThat(progress(t)).isEqualTo(at("2024-01-01T10:00:10Z"));
    }

    @Test
    void aHugeBacklogIsSkippedWithoutVisitingEveryPoint() {
        Trigger t = storeTrigger(store, TimerTypes.INTERVAL, SECONDLY);
        rule(store, t, true);
        new ProgressStore(store, "long-gone").advance(t.ref(), at("2024-01-01T00:00:00Z"));
        TimerScheduler s = scheduler("b");

        s.tick(at("2024-01-01T10:00:00.500Z"));

        assertThat(firedPoints()).hasSize(5).endsWith(at("2024-01-01T10:00:00Z"));
        assertThat(logs.containing("timer misfire skipped points"))
                .singleElement()
                .asString()
                .contains("count=" + TimerScheduler.SKIP_SCAN_LIMIT + "+ first=2024-01-01T00:00:01Z"
                        + " last=before 2024-01-01T09:59:55.500Z");
    }

    @Test
    void aDateTimerMissedDuringAFailoverIsFiredByTheNextLeader() {
        Trigger t = storeTrigger(store, TimerTypes.DATE, "{'date': '2024-01-01 10:00:03'}");
        rule(store, t, true);
        scheduler("a").tick(at("2024-01-01T10:00:00Z"));

        TimerScheduler b = scheduler("b");
        b.tick(at("2024-01-01T10:00:05Z"));
        b.tick(at("2024-01-01T10:00:09Z"));

        assertThat(firedPoints()).containsExactly(at("2024-01-01T10:00:03Z"));
    }

    @Test
    void aDatePassedBeforeItsTimerWasSeenIsNotScheduled() {
        Trigger past = storeTrigger(store, TimerTypes.DATE, "{'date': '2024-01-01 09:00:00'}");
        rule(store, past, true);
        TimerScheduler s = scheduler("a");

        s.tick(at("2024-01-01T10:00:00Z"));
        s.tick(at("2024-01-01T10:00:05Z"));

        assertThat(published).isEmpty();
        assertThat(logs.containing("date timer in the past, not scheduled trigger=" + past.ref()))
                .hasSize(1);
    }

    @Test
    void twoLeadersOverlappingDispatchTheSameEventsAndProgressNeverMovesBack() {
        Trigger t = storeTrigger(store, TimerTypes.INTERVAL, SECONDLY);
        rule(store, t, true);
        List<TriggerDispatch> fromA = new ArrayList<>();
        List<TriggerDispatch> fromB = new ArrayList<>();
        TimerScheduler a = scheduler("a", fromA::add);
        a.tick(at("2024-01-01T10:00:00.100Z"));
        a.tick(at("2024-01-01T10:00:01Z"));
        TimerScheduler b = scheduler("b", fromB::add);
        b.tick(at("2024-01-01T10:00:01.100Z"));
        b.tick(at("2024-01-01T10:00:02Z"));
        a.tick(at("2024-01-01T10:00:02Z"));
        b.tick(at("2024-01-01T10:00:04Z"));
        // a lags behind b: its write of 10:00:03 must not move the stored progress back from 10:00:04
        a.tick(at("2024-01-01T10:00:03Z"));
        assertThat(progress(t)).isEqualTo(at("2024-01-01T10:00:04Z"));
        a.tick(at("2024-01-01T10:00:05Z"));

        assertThat(fromA.get(1))
                .as("the same point from both leaders is the same event")
                .isEqualTo(fromB.get(0));
        assertThat(fromA.stream().map(TriggerDispatch::occurrenceTime))
                .as("a follows b's progress instead of firing 10:00:04 again")
                .containsExactly(
                        at("2024-01-01T10:00:01Z"),
                        at("2024-01-01T10:00:02Z"),
                        at("2024-01-01T10:00:03Z"),
                        at("2024-01-01T10:00:05Z"));
        assertThat(progress(t)).isEqualTo(at("2024-01-01T10:00:05Z"));
    }

    @Test
    void nothingFiresOnceLeadershipIsLost() {
        Trigger t = storeTrigger(store, TimerTypes.INTERVAL, SECONDLY);
        rule(store, t, true);
        TimerScheduler s = scheduler("a");
        s.tick(at("2024-01-01T10:00:00.100Z"));

        leading.set(false);
        s.tick(at("2024-01-01T10:00:03Z"));

        assertThat(published).isEmpty();
    }

    @Test
    void anInvalidTimerIsLoggedOnceAndTheOthersStillFire() {
        Trigger bad = storeTrigger(store, TimerTypes.CRON, "{'minute': 99}");
        Trigger good = storeTrigger(store, TimerTypes.INTERVAL, SECONDLY);
        rule(store, bad, true);
        rule(store, good, true);
        TimerScheduler s = scheduler("a");

        s.tick(at("2024-01-01T10:00:00.100Z"));
        s.tick(at("2024-01-01T10:00:01Z"));
        s.tick(at("2024-01-01T10:00:02.200Z"));

        assertThat(published)
                .extracting(TriggerDispatch::trigger)
                .containsOnly(good.ref())
                .hasSize(2);
        assertThat(logs.containing("timer invalid, not scheduled trigger=" + bad.ref()))
                .singleElement()
                .asString()
                .contains("cron field 'minute': 99 is outside 0-59");
    }

    @Test
    void aFailedPublishIsRetriedAtTheNextTickUntilItsPointFallsOutOfTheGrace() {
        Trigger t = storeTrigger(store, TimerTypes.INTERVAL, SECONDLY);
        rule(store, t, true);
        AtomicBoolean busUp = new AtomicBoolean(true);
        TimerScheduler s = scheduler("a", d -> {
            if (!busUp.get()) {
                throw new BusException("broker unreachable");
            }
            published.add(d);
        });
        s.tick(at("2024-01-01T10:00:00.100Z"));

        busUp.set(false);
        s.tick(at("2024-01-01T10:00:01Z"));
        busUp.set(true);
        s.tick(at("2024-01-01T10:00:02Z"));
        busUp.set(false);
        s.tick(at("2024-01-01T10:00:03Z"));
        busUp.set(true);
        s.tick(at("2024-01-01T10:00:10Z"));

        assertThat(firedPoints())
                .containsExactly(
                        at("2024-01-01T10:00:01Z"),
                        at("2024-01-01T10:00:02Z"),
                        at("2024-01-01T10:00:05Z"),
                        at("2024-01-01T10:00:06Z"),
                        at("2024-01-01T10:00:07Z"),
                        at("2024-01-01T10:00:08Z"),
                        at("2024-01-01T10:00:09Z"),
                        at("2024-01-01T10:00:10Z"));
        assertThat(logs.containing("count=2 first=2024-01-01T10:00:03Z last=2024-01-01T10:00:04Z"))
                .hasSize(1);
    }

    @Test
    void timersKeepFiringThroughAStoreOutageAndTheirProgressIsSavedAfterIt() {
        Trigger t = storeTrigger(store, TimerTypes.INTERVAL, SECONDLY);
        rule(store, t, true);
        TimerScheduler s = scheduler("a");
        s.tick(at("2024-01-01T10:00:00.100Z"));

        store.setAvailable(false);
        s.tick(at("2024-01-01T10:00:01Z"));
        s.tick(at("2024-01-01T10:00:02.500Z"));
        store.setAvailable(true);
        s.tick(at("2024-01-01T10:00:03Z"));

        assertThat(firedPoints()).hasSize(3);
        assertThat(logs.containing("timer progress not saved")).isNotEmpty();
        assertThat(logs.containing("timers not refreshed")).isNotEmpty();
        assertThat(progress(t)).isEqualTo(at("2024-01-01T10:00:03Z"));
    }

    @Test
    void aTermWhoseFirstReadFailsFiresNothingAndThrows() {
        Trigger t = storeTrigger(store, TimerTypes.INTERVAL, SECONDLY);
        rule(store, t, true);
        TimerScheduler s = scheduler("a");
        store.setAvailable(false);

        assertThatThrownBy(() -> s.tick(at("2024-01-01T10:00:00Z"))).isInstanceOf(StoreException.class);
        store.setAvailable(true);
        s.tick(at("2024-01-01T10:00:00.500Z"));
        s.tick(at("2024-01-01T10:00:01Z"));

        assertThat(firedPoints()).containsExactly(at("2024-01-01T10:00:01Z"));
    }
}
