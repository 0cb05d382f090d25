package io.reflex.rulesengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflex.content.Catalogue;
import io.reflex.core.bus.Subscription;
import io.reflex.core.messages.Channels;
import io.reflex.core.model.Rule;
import io.reflex.core.model.RuleEnforcement;
import io.reflex.core.model.Trigger;
import io.reflex.core.model.TriggerInstance;
import io.reflex.core.model.TriggerType;
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
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The timer failover test: two rules engines as OS processes against real RabbitMQ, a store served by this JVM and
 * an embedded ZooKeeper (4 s sessions), a rule on a 1-second IntervalTimer. The timer leader is SIGKILLed at two
 * random moments and started again each time. At the end every schedule point of the window has exactly one
 * trigger instance (and one enforcement and one execution), except the points older than the misfire grace
 * (1 s here) at the failover, which both leaders' logs name as skipped.
 *
 * <p>The session timeout sets how long a takeover takes. A killed leader's last heartbeat is at most a third of the
 * timeout old (the client pings that often), so ZooKeeper expires its session, and the other engine takes over, at
 * least two thirds of the timeout after the kill: 2.7 s here. That is more than the interval plus the grace (2 s),
 * so each failover leaves at least one point past the grace, and the test can demand a logged skip. With 2 s
 * sessions a takeover could come after 1.4 s and skip nothing.
 *
 * <p>The window is the 2 minutes (the test takes about 130 s); {@code -Dreflex.timers.failover_window=60}
 * (seconds) shortens it for quick local runs.
 */
class TimerFailoverTest {
    private static final Duration WINDOW = Duration.ofSeconds(Long.getLong("reflex.timers.failover_window", 120));
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String TIMER_TYPE = "core.st2.IntervalTimer";
    private static final Pattern SKIPPED = Pattern.compile(
            "timer misfire skipped points trigger=(\\S+) type=\\S+ count=(\\d+) first=(\\S+) last=(\\S+)");
    private static final DateTimeFormatter PY_STR =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'+00:00'").withZone(ZoneOffset.UTC);

    @TempDir
    Path dataDir;

    private String amqp;
    private EmbeddedMongo mongo;
    private EmbeddedZooKeeper zooKeeper;
    private MongoStateStore store;
    private RabbitEventBus bus;
    private Subscription requests;
    /** Every engine process started, killed ones included (their logs name skipped points too). */
    private final List<ServiceProcess> incarnations = new CopyOnWriteArrayList<>();

    private final Map<String, Engine> engines = new ConcurrentHashMap<>();

    /** One rules engine slot and its current process. */
    private final class Engine {
        final String name;
        volatile ServiceProcess process;

        Engine(String name) {
            this.name = name;
        }

        void start() throws IOException {
            process = ServiceProcess.start(name, RulesEngineMain.class.getName(), settings(name));
            incarnations.add(process);
        }

        /** Whether this engine's current process says it leads the timers (its last leadership line). */
        boolean leads() {
            String last = null;
            for (ServiceProcess.Line line : process.lines()) {
                if (line.text().contains("timers leadership gained")
                        || line.text().contains("timers leadership lost")) {
                    last = line.text();
                }
            }
            return process.alive() && last != null && last.contains("gained");
        }
    }

    @BeforeEach
    void backends() {
        amqp = ExternalBackend.AMQP.require();
        mongo = EmbeddedMongo.start(null);
        zooKeeper = EmbeddedZooKeeper.start(dataDir.resolve("zk"));
        store = MongoStateStore.connect(mongo.uri(), "reflex");
        bus = RabbitEventBus.connect(RabbitBusConfig.defaults(amqp).withConnectionName("timer-failover-test"));
    }

    @AfterEach
    void stop() {
        // The engines' logs, for whoever reads this test's output file.
        for (ServiceProcess p : incarnations) {
            System.out.println(p.output());
            try {
                p.kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (AutoCloseable c : new AutoCloseable[] {requests, bus, store, zooKeeper, mongo}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    System.err.println("timer failover test cleanup: " + e);
                }
            }
        }
    }

    @Test
    void theTimerLeaderKilledTwiceLeavesExactlyOneTriggerInstancePerPointOrALoggedSkip() throws Exception {
        Trigger timer = seedTimerRule();
        // The executions the rule requests are taken off the broker (only their records matter here).
        requests = bus.consume(Channels.EXECUTIONS_REQUESTED, 64, d -> {});
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (String name : List.of("a", "b")) {
            Engine e = new Engine(name);
            engines.put(name, e);
            e.start();
        }
        Instant t0 = Instant.now();
        await().atMost(PATIENCE).until(() -> !points(timer).isEmpty());
        // A new leader fires the point still within the grace together with the current one, and the two
        // engines may store them in either order: the window opens at the earliest once both are stored.
        Thread.sleep(2_000);
        Instant windowStart = points(timer).first();
        long startupMs = Duration.between(t0, windowStart).toMillis();

        List<String> failovers = new ArrayList<>();
        for (double[] range : new double[][] {{0.2, 0.4}, {0.6, 0.8}}) {
            double at = range[0] + random.nextDouble() * (range[1] - range[0]);
            sleepUntil(windowStart.plusMillis((long) (WINDOW.toMillis() * at)));
            failovers.add(killLeaderAndRestart(timer));
        }
        sleepUntil(windowStart.plus(WINDOW));
        Instant windowEnd = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(2);
        TreeSet<Instant> expected = new TreeSet<>();
        for (Instant p = windowStart; !p.isAfter(windowEnd); p = p.plusSeconds(1)) {
            expected.add(p);
        }
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> {
            Set<Instant> seen = new TreeSet<>(processed(timer));
            seen.addAll(skipped(timer));
            return seen.containsAll(expected);
        });

        Set<Instant> skipped = skipped(timer);
        List<TriggerInstance> instances = instances(timer).stream()
                .filter(i -> !i.occurrenceTime().isAfter(windowEnd))
                .toList();
        Set<Instant> fired =
                instances.stream().map(TriggerInstance::occurrenceTime).collect(Collectors.toCollection(TreeSet::new));
        String report = String.format(
                "seed=%d window=%s..%s points=%d instances=%d skipped=%s failovers=%s",
                seed, windowStart, windowEnd, expected.size(), instances.size(), skipped, failovers);
        assertThat(fired).as("one trigger instance per point: %s", report).hasSize(instances.size());
        assertThat(fired).as("instances only on schedule points: %s", report).isSubsetOf(expected);
        assertThat(skipped).as("a skipped point was not fired: %s", report).doesNotContainAnyElementsOf(fired);
        TreeSet<Instant> covered = new TreeSet<>(fired);
        covered.addAll(skipped);
        assertThat(covered)
                .as("every point fired or logged as skipped: %s", report)
                .containsAll(expected);
        assertThat(skipped)
                .as("points older than the 1 s grace at a failover are skipped and logged: %s", report)
                .isNotEmpty();
        assertThat(instances).allSatisfy(i -> {
            assertThat(i.id())
                    .isEqualTo(
                            Ids.derived("timer", timer.ref(), i.occurrenceTime().toString()));
            assertThat(i.status()).isEqualTo(TriggerInstance.Status.PROCESSED);
            assertThat(i.payload().path("executed_at").asText()).isEqualTo(PY_STR.format(i.occurrenceTime()));
            assertThat(i.payload().path("schedule")).isEqualTo(timer.parameters());
        });
        assertOneExecutionPerInstance(instances);
        System.out.printf(
                "timer failover test: first point %d ms after the engines started; %s; %d points, %d fired, %d"
                        + " skipped%n",
                startupMs,
                failovers,
                expected.size(),
                fired.size(),
                skipped.stream().filter(expected::contains).count());
    }

    /** SIGKILLs the engine that leads the timers, starts it again and waits for the other to take over. */
    private String killLeaderAndRestart(Trigger timer) throws Exception {
        await().atMost(PATIENCE)
                .until(() -> engines.values().stream().filter(Engine::leads).count() == 1);
        Engine leader =
                engines.values().stream().filter(Engine::leads).findFirst().orElseThrow();
        Engine other =
                engines.values().stream().filter(e -> e != leader).findFirst().orElseThrow();
        Instant lastBefore = points(timer).last();
        Instant killedAt = Instant.now();
        leader.process.kill();
        leader.start();
        await().atMost(PATIENCE).until(other::leads);
        long electedMs = Duration.between(killedAt, Instant.now()).toMillis();
        await().atMost(PATIENCE).until(() -> points(timer).last().isAfter(lastBefore.plusSeconds(1)));
        return String.format(
                "killed %s (leader) at %s, %s elected after ~%d ms", leader.name, killedAt, other.name, electedMs);
    }

    private Trigger seedTimerRule() {
        Catalogue.runnerTypes().forEach(store.store(Kinds.RUNNER_TYPE)::insertIfAbsent);
        store.store(Kinds.ACTION).insertIfAbsent(Fixture.localAction(true));
        store.store(Kinds.TRIGGER_TYPE)
                .insert(new TriggerType(
                        Ids.derived("trigger_type", TIMER_TYPE),
                        "st2.IntervalTimer",
                        "core",
                        "Fires every delta units.",
                        Fixture.json("{'type': 'object', 'properties': {'executed_at': {'type': 'string'},"
                                + " 'schedule': {'type': 'object'}}}"),
                        Fixture.json("{'type': 'object', 'properties': {'unit': {'type': 'string'},"
                                + " 'delta': {'type': 'integer'}}, 'required': ['unit', 'delta']}"),
                        null,
                        ""));
        Trigger timer = store.store(Kinds.TRIGGER)
                .insert(new Trigger(
                        Ids.newId(),
                        UUID.randomUUID().toString(),
                        "core",
                        TIMER_TYPE,
                        Fixture.json("{'unit': 'seconds', 'delta': 1}"),
                        ""));
        store.store(Kinds.RULE)
                .insert(new Rule(
                        Ids.newId(),
                        "every_second",
                        "timers",
                        "",
                        true,
                        null,
                        new Rule.RuleTrigger(TIMER_TYPE, timer.parameters(), timer.ref()),
                        null,
                        new Rule.RuleAction("core.local", Fixture.json("{'cmd': 'echo {{ trigger.executed_at }}'}")),
                        null,
                        null,
                        ""));
        return timer;
    }

    private void assertOneExecutionPerInstance(List<TriggerInstance> instances) {
        Rule rule = store.store(Kinds.RULE)
                .findOne(Filter.eq("name", "every_second"))
                .orElseThrow();
        Set<String> ids = instances.stream().map(TriggerInstance::id).collect(Collectors.toSet());
        List<RuleEnforcement> enforcements =
                store.store(Kinds.RULE_ENFORCEMENT).find(Query.of(Filter.eq("rule.id", rule.id()))).stream()
                        .filter(e -> ids.contains(e.triggerInstanceId()))
                        .toList();
        assertThat(enforcements)
                .hasSize(instances.size())
                .allSatisfy(e -> assertThat(e.executionId())
                        .isEqualTo(Ids.derived("execution", rule.id(), e.triggerInstanceId())));
        Set<String> executions = enforcements.stream()
                .map(RuleEnforcement::executionId)
                .filter(id -> store.executions().get(id).isPresent())
                .collect(Collectors.toSet());
        assertThat(executions).hasSize(instances.size());
    }

    private List<TriggerInstance> instances(Trigger timer) {
        return store.store(Kinds.TRIGGER_INSTANCE).find(Query.of(Filter.eq("trigger", timer.ref())));
    }

    private TreeSet<Instant> points(Trigger timer) {
        return instances(timer).stream()
                .map(TriggerInstance::occurrenceTime)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private Set<Instant> processed(Trigger timer) {
        return instances(timer).stream()
                .filter(i -> i.status() == TriggerInstance.Status.PROCESSED)
                .map(TriggerInstance::occurrenceTime)
                .collect(Collectors.toSet());
    }

    /** The points the engines' logs name as skipped (each line's range expanded, its count checked). */
    private Set<Instant> skipped(Trigger timer) {
        Set<Instant> out = new TreeSet<>();
        for (ServiceProcess p : incarnations) {
            for (ServiceProcess.Line line : p.lines()) {
                Matcher m = SKIPPED.matcher(line.text());
                if (m.find() && m.group(1).equals(timer.ref())) {
                    List<Instant> range = expand(Instant.parse(m.group(3)), Instant.parse(m.group(4)));
                    assertThat(range).as(line.text()).hasSize(Integer.parseInt(m.group(2)));
                    out.addAll(range);
                }
            }
        }
        return out;
    }

    private static List<Instant> expand(Instant first, Instant last) {
        List<Instant> out = new ArrayList<>();
        for (Instant p = first; !p.isAfter(last); p = p.plusSeconds(1)) {
            out.add(p);
        }
        return out;
    }

    private static void sleepUntil(Instant when) throws InterruptedException {
        long ms = Duration.between(Instant.now(), when).toMillis();
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }

    private Map<String, String> settings(String name) {
        Map<String, String> sets = new LinkedHashMap<>();
        sets.put("data_dir", dataDir.resolve("engine-" + name).toString());
        sets.put("store.uri", mongo.uri());
        sets.put("bus.uri", amqp);
        sets.put("coordination.uri", "zookeeper://" + zooKeeper.connectString());
        sets.put("coordination.session_timeout", "4s");
        sets.put("timers.misfire_grace", "1s");
        sets.put("timers.refresh_interval", "1s");
        sets.put("rulesengine.port", "0");
        sets.put("logging.level", "info");
        return sets;
    }
}
