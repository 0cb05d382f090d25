package io.reflex.rulesengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflex.core.bus.Subscription;
import io.reflex.core.execution.Execution;
import io.reflex.core.json.Timestamps;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.TriggerDispatch;
import io.reflex.core.model.Rule;
import io.reflex.core.model.RuleEnforcement;
import io.reflex.core.model.TriggerInstance;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.embedded.EmbeddedMongo;
import io.reflex.embedded.EmbeddedZooKeeper;
import io.reflex.mongo.MongoStateStore;
import io.reflex.rabbitmq.RabbitBusConfig;
import io.reflex.rabbitmq.RabbitEventBus;
import io.reflex.testing.ExternalBackend;
import io.reflex.testing.ServiceProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules engine crash test: the rules engine runs as its own OS process against real RabbitMQ, a store served by
 * this JVM and an embedded ZooKeeper; it is SIGKILLed while it works through a burst of 1,000 matching
 * trigger dispatches and started again; then stopped with SIGTERM mid-burst (it must finish what it holds
 * and leave the rest queued) and started once more. Every dispatch ends up processed with exactly one
 * execution and one enforcement per (rule, trigger instance), whatever the kill interrupted.
 */
class RulesEngineCrashTest {
    private static final int BURST = 1_000;
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    private String amqp;
    private EmbeddedMongo mongo;
    private EmbeddedZooKeeper zooKeeper;
    private MongoStateStore store;
    private RabbitEventBus bus;
    private ServiceProcess process;
    private Subscription requests;
    /** Every process started, for their output in assertion messages. */
    private final List<ServiceProcess> started = new CopyOnWriteArrayList<>();

    private final Set<String> requested = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void backends() {
        amqp = ExternalBackend.AMQP.require();
        mongo = EmbeddedMongo.start(null);
        zooKeeper = EmbeddedZooKeeper.start(dataDir.resolve("zk"));
        store = MongoStateStore.connect(mongo.uri(), "reflex");
        bus = RabbitEventBus.connect(RabbitBusConfig.defaults(amqp).withConnectionName("rules-crash-test"));
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (process != null) {
            process.kill();
        }
        // Reverse order of opening; anything not opened (the test was skipped) is null.
        for (AutoCloseable c : new AutoCloseable[] {requests, bus, store, zooKeeper, mongo}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    System.err.println("crash test cleanup: " + e);
                }
            }
        }
    }

    @Test
    void aRulesEngineKilledMidBurstLeavesExactlyOneExecutionPerRuleAndTriggerInstance() throws Exception {
        // A trigger of its own, so dispatches other tests left on a shared broker cannot be mistaken for ours.
        String name = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String trigger = "crash." + name;
        Seeds.content(store, "crash", name);
        Rule rule = Seeds.rule(store, "crash", trigger, "{'trigger.n': {'type': 'exists'}}", "echo {{ trigger.n }}");
        // Takes the execution requests this test causes off the broker (nothing else may use it meanwhile:
        // CI runs one module at a time; locally, point REFLEX_IT_AMQP_URI at a vhost of its own).
        requests = bus.consume(
                Channels.EXECUTIONS_REQUESTED, 64, d -> requested.add(d.body().executionId()));
        long t0 = System.nanoTime();
        Set<String> published = publishBurst(trigger);
        long publishedMs = millisSince(t0);
        process = start();
        // 1. SIGKILL mid-burst: whatever was in flight is left half-done.
        awaitProcessed(trigger, BURST / 10);
        process.kill();
        long killedMs = millisSince(t0);
        long doneAtKill = processed(trigger);
        Set<String> halfDone = unfinished(trigger);
        // 2. Restart, then SIGTERM mid-burst: the engine stops taking work and finishes what it holds.
        process = start();
        awaitProcessed(trigger, BURST / 2);
        long termMs = millisSince(t0);
        process.terminate(PATIENCE);
        long doneAtTerm = processed(trigger);
        long stoppedMs = millisSince(t0);
        assertThat(unfinished(trigger)).as("left half-done by SIGTERM").isSubsetOf(halfDone);
        // 3. Restart: the rest is processed, the half-done work completed.
        process = start();
        await().atMost(PATIENCE).until(() -> processed(trigger) == BURST || !process.alive());
        long doneMs = millisSince(t0);

        assertThat(processed(trigger)).as(output()).isEqualTo(BURST);
        assertThat(doneAtKill)
                .as("killed while the burst was still being processed")
                .isLessThan(BURST);
        assertThat(doneAtTerm).as("stopped consuming on SIGTERM").isLessThan(BURST);
        assertExactlyOnce(rule, published);
        Set<String> executionIds = published.stream()
                .map(ti -> Ids.derived("execution", rule.id(), ti))
                .collect(Collectors.toSet());
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(requested)
                        .as("every execution's request published")
                        .containsAll(executionIds));
        System.out.printf(
                "rules engine crash test: %d dispatches published in %d ms; SIGKILL at %d ms with %d processed (%d"
                        + " half-done); SIGTERM at %d ms, stopped at %d ms with %d processed; all processed at %d ms after 3"
                        + " starts%n",
                BURST, publishedMs, killedMs, doneAtKill, halfDone.size(), termMs, stoppedMs, doneAtTerm, doneMs);
    }

    private void assertExactlyOnce(Rule rule, Set<String> published) {
        List<Execution> executions = store.executions().find(Query.of(Filter.eq("rule.id", rule.id())));
        List<RuleEnforcement> enforcements =
                store.store(Kinds.RULE_ENFORCEMENT).find(Query.of(Filter.eq("rule.id", rule.id())));
        assertThat(executions).hasSize(BURST);
        assertThat(executions.stream().map(Execution::id).collect(Collectors.toSet()))
                .isEqualTo(published.stream()
                        .map(ti -> Ids.derived("execution", rule.id(), ti))
                        .collect(Collectors.toSet()));
        assertThat(enforcements).hasSize(BURST).allSatisfy(e -> {
            assertThat(e.status()).isEqualTo(RuleEnforcement.Status.SUCCEEDED);
            assertThat(e.executionId()).isEqualTo(Ids.derived("execution", rule.id(), e.triggerInstanceId()));
        });
        assertThat(enforcements.stream().map(RuleEnforcement::triggerInstanceId).collect(Collectors.toSet()))
                .isEqualTo(published);
    }

    private void awaitProcessed(String trigger, int atLeast) {
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> processed(trigger) >= atLeast || !process.alive());
        assertThat(process.alive()).as(output()).isTrue();
    }

    private String output() {
        StringBuilder sb = new StringBuilder();
        started.forEach(p -> sb.append(p.output()));
        return sb.toString();
    }

    /** Trigger instances stored but not finished (pending or processing). */
    private Set<String> unfinished(String trigger) {
        return store
                .store(Kinds.TRIGGER_INSTANCE)
                .find(Query.of(Filter.and(
                        Filter.eq("trigger", trigger),
                        Filter.in(
                                "status",
                                List.of(
                                        TriggerInstance.Status.PENDING.wire(),
                                        TriggerInstance.Status.PROCESSING.wire())))))
                .stream()
                .map(TriggerInstance::id)
                .collect(Collectors.toSet());
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private Set<String> publishBurst(String trigger) throws Exception {
        Set<String> ids = new HashSet<>();
        List<TriggerDispatch> burst = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            TriggerDispatch d =
                    new TriggerDispatch(Ids.newId(), trigger, Fixture.json("{'n': " + i + "}"), Timestamps.now(), "");
            burst.add(d);
            ids.add(d.triggerInstanceId());
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int slice = t;
                sent.add(pool.submit(() -> {
                    for (int i = slice; i < burst.size(); i += 8) {
                        TriggerDispatch d = burst.get(i);
                        bus.publish(Channels.TRIGGER_INSTANCES, d.triggerInstanceId(), d);
                    }
                }));
            }
            for (Future<?> f : sent) {
                f.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        return ids;
    }

    private long processed(String trigger) {
        return store.store(Kinds.TRIGGER_INSTANCE)
                .count(Filter.and(
                        Filter.eq("trigger", trigger), Filter.eq("status", TriggerInstance.Status.PROCESSED.wire())));
    }

    private ServiceProcess start() throws IOException {
        Map<String, String> sets = new LinkedHashMap<>();
        sets.put("data_dir", dataDir.resolve("engine").toString());
        sets.put("store.uri", mongo.uri());
        sets.put("bus.uri", amqp);
        sets.put("coordination.uri", "zookeeper://" + zooKeeper.connectString());
        sets.put("rulesengine.port", "0");
        sets.put("logging.level", "warn");
        // C1 only: this machine's few cores go to the work, not to compiling it.
        ServiceProcess p = ServiceProcess.start(
                "engine-" + (started.size() + 1),
                RulesEngineMain.class.getName(),
                List.of("-XX:TieredStopAtLevel=1"),
                sets);
        started.add(p);
        return p;
    }
}
