package io.reflex.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.model.KeyValuePair;
import io.reflex.core.model.Token;
import io.reflex.core.model.TriggerInstance;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.executions.ExecutionWriter;
import io.reflex.executions.retention.PurgeKind;
import io.reflex.executions.retention.Purger;
import io.reflex.runtime.leader.LeaderLoop;
import io.reflex.testing.InMemoryCoordinator;
import io.reflex.testing.InMemoryEventBus;
import io.reflex.testing.InMemoryStateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The collection cycle and its leader election, on in-memory fakes. */
class GcCollectorTest {
    private static final Instant NOW = Instant.now();
    private static final Instant OLD = NOW.minus(Duration.ofDays(40));
    private static final Instant RECENT = NOW.minus(Duration.ofHours(1));

    private final InMemoryStateStore store = new InMemoryStateStore();
    private final InMemoryEventBus bus = new InMemoryEventBus();
    private final InMemoryCoordinator coordinatorA = new InMemoryCoordinator();
    private final InMemoryCoordinator coordinatorB = coordinatorA.newSession();
    private final List<String> batches = new CopyOnWriteArrayList<>();
    private final List<LeaderLoop> started = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (LeaderLoop g : started) {
            g.close();
        }
        coordinatorA.close();
        coordinatorB.close();
        bus.close();
    }

    private static GcSettings settings(Map<PurgeKind, Duration> overrides) {
        Map<PurgeKind, Duration> ttls = new EnumMap<>(PurgeKind.class);
        for (PurgeKind k : PurgeKind.values()) {
            ttls.put(k, Duration.ofDays(30));
        }
        ttls.put(PurgeKind.OUTPUT, Duration.ofDays(7));
        ttls.put(PurgeKind.TOKENS, Duration.ofSeconds(1));
        ttls.put(PurgeKind.KEYS, Duration.ofSeconds(1));
        ttls.putAll(overrides);
        return new GcSettings(ttls, Duration.ofHours(1), Duration.ZERO, 10, true, "stanley");
    }

    /** A collector for {@code member}; {@code onBatch} runs on the collector thread after each batch. */
    private LeaderLoop collector(InMemoryCoordinator coordinator, String member, Consumer<String> onBatch) {
        GcSettings settings = settings(Map.of());
        Purger purger = new Purger(store, settings.batchSize(), (kind, n) -> {
            batches.add(member + ":" + kind + ":" + n);
            onBatch.accept(member);
        });
        ExecutionWriter writer = new ExecutionWriter(store.executions(), bus);
        InquiryTimeouts inquiries = new InquiryTimeouts(store, writer, Clock.systemUTC(), 10, "stanley");
        GcCycle cycle = new GcCycle(purger, inquiries, settings, Clock.systemUTC(), member);
        return new LeaderLoop(coordinator, GcService.GROUP, member, settings.collectionInterval(), cycle::run);
    }

    private void backlog(int expired) {
        for (int i = 0; i < expired; i++) {
            store.executions().insert(Records.completed("old%03d".formatted(i), ExecutionStatus.SUCCEEDED, OLD, OLD));
        }
        store.executions().insert(Records.completed("recent", ExecutionStatus.SUCCEEDED, RECENT, RECENT));
        store.executions().insert(Records.completed("old-abandoned", ExecutionStatus.ABANDONED, OLD, OLD));
    }

    private long expiredLeft() {
        return store.executions().count(Filter.startsWith("id", "old0"));
    }

    @Test
    void aCycleCutsEveryEnabledKindAtItsOwnRetentionAndTimesOutInquiries() {
        store.executions().insert(Records.completed("old", ExecutionStatus.FAILED, OLD, OLD));
        store.executions().insert(Records.completed("recent", ExecutionStatus.FAILED, RECENT, RECENT));
        store.executions().insert(Records.inquiry("question", NOW.minus(Duration.ofHours(3)), 60, null));
        store.store(Kinds.EXECUTION_OUTPUT).insert(Records.output("o-old", "recent", NOW.minus(Duration.ofDays(8))));
        store.store(Kinds.EXECUTION_OUTPUT).insert(Records.output("o-recent", "recent", RECENT));
        store.store(Kinds.TRIGGER_INSTANCE).insert(new TriggerInstance("ti", "core.t", Json.object(), OLD, null));
        store.store(Kinds.TOKEN).insert(new Token("t1", "u", "a".repeat(32), NOW.minusSeconds(5), null, false));
        store.store(Kinds.TOKEN).insert(new Token("t2", "u", "b".repeat(32), NOW.plusSeconds(600), null, false));
        store.store(Kinds.KEY_VALUE_PAIR)
                .insert(new KeyValuePair("k1", "temp", "v", false, null, NOW.minus(Duration.ofMinutes(1))));
        GcSettings keepTriggerInstances = settings(Map.of(PurgeKind.TRIGGER_INSTANCES, Duration.ZERO));
        Purger purger = new Purger(store, 10, (kind, n) -> {});
        ExecutionWriter writer = new ExecutionWriter(store.executions(), bus);
        GcCycle cycle = new GcCycle(
                purger,
                new InquiryTimeouts(store, writer, Clock.systemUTC(), 10, "stanley"),
                keepTriggerInstances,
                Clock.systemUTC(),
                "m");

        GcCycle.Outcome outcome = cycle.run(() -> true);

        assertThat(outcome.stopped()).isFalse();
        assertThat(outcome.inquiriesTimedOut()).isEqualTo(1);
        assertThat(outcome.deleted())
                .containsEntry(PurgeKind.EXECUTIONS, 1L)
                .containsEntry(PurgeKind.OUTPUT, 1L)
                .containsEntry(PurgeKind.TOKENS, 1L)
                .containsEntry(PurgeKind.KEYS, 1L)
                .doesNotContainKey(PurgeKind.TRIGGER_INSTANCES);
        assertThat(store.executions().get("old")).isEmpty();
        assertThat(store.executions().get("recent")).isPresent();
        assertThat(store.executions().get("question").orElseThrow().status()).isEqualTo(ExecutionStatus.TIMEOUT);
        assertThat(store.store(Kinds.EXECUTION_OUTPUT).get("o-recent")).isPresent();
        assertThat(store.store(Kinds.EXECUTION_OUTPUT).get("o-old")).isEmpty();
        assertThat(store.store(Kinds.TRIGGER_INSTANCE).get("ti"))
                .as("disabled kind")
                .isPresent();
        assertThat(store.store(Kinds.TOKEN).get("t2")).isPresent();
        assertThat(store.store(Kinds.KEY_VALUE_PAIR).get("k1")).isEmpty();
    }

    /** Waits (on a's collector thread) until b has joined the election, so that b is there to take over. */
    private void awaitJoined(CountDownLatch bJoined) {
        try {
            assertThat(bJoined.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void onlyTheElectedCollectorDeletes() throws Exception {
        backlog(35);
        CountDownLatch bJoined = new CountDownLatch(1);
        LeaderLoop a = collector(coordinatorA, "a", m -> awaitJoined(bJoined));
        LeaderLoop b = collector(coordinatorB, "b", m -> {});
        started.add(a);
        started.add(b);
        a.start();
        await().until(a::leading);
        b.start();
        bJoined.countDown();

        await().until(() -> a.runs() == 1);

        assertThat(b.leading()).isFalse();
        assertThat(b.runs()).isZero();
        assertThat(batches).containsExactly("a:executions:10", "a:executions:10", "a:executions:10", "a:executions:5");
        assertThat(expiredLeft()).isZero();
        assertThat(store.executions().get("recent")).isPresent();
        assertThat(store.executions().get("old-abandoned")).isPresent();
    }

    @Test
    void aCollectorThatLosesLeadershipStopsAtTheNextBatchAndTheOtherFinishes() throws Exception {
        backlog(45);
        CountDownLatch bJoined = new CountDownLatch(1);
        LeaderLoop b = collector(coordinatorB, "b", m -> {});
        LeaderLoop a = collector(coordinatorA, "a", member -> {
            if (batches.size() == 1) {
                awaitJoined(bJoined);
                coordinatorA.expireSession();
                await().until(b::leading);
            }
        });
        started.add(a);
        started.add(b);
        a.start();
        await().until(a::leading);
        b.start();
        bJoined.countDown();

        await().until(() -> b.runs() == 1);

        assertThat(a.leading()).isFalse();
        assertThat(batches)
                .containsExactly(
                        "a:executions:10", "b:executions:10", "b:executions:10", "b:executions:10", "b:executions:5");
        assertThat(expiredLeft()).isZero();
        assertThat(store.executions().get("recent")).isPresent();
    }
}
