package io.reflex.sensorcontainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflex.embedded.EmbeddedMongo;
import io.reflex.embedded.EmbeddedZooKeeper;
import io.reflex.mongo.MongoStateStore;
import io.reflex.testing.ExternalBackend;
import io.reflex.testing.ServiceProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sensor failover test with real OS processes: three sensor containers (each its own JVM) against real
 * RabbitMQ, a store served by this JVM and an embedded ZooKeeper with a 3 s session, sharing 9 registered
 * sensors. The OS process table is scanned every 200 ms for the sensors' wrapper processes: no sensor may
 * ever run twice. A container is SIGKILLed (its sensors die with it: their stdin closes) and its sensors
 * must run again elsewhere within 10 s; a fourth container joins and must take a fair share.
 */
class SensorContainersHaTest {
    private static final int SENSORS = 9;
    private static final Duration STARTUP = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private String amqp;
    private EmbeddedMongo mongo;
    private EmbeddedZooKeeper zooKeeper;
    private MongoStateStore store;
    private final List<ServiceProcess> containers = new ArrayList<>();
    private ProcessScanner scanner;
    private String prefix;

    @BeforeEach
    void backends() throws IOException {
        amqp = ExternalBackend.AMQP.require();
        mongo = EmbeddedMongo.start(null);
        zooKeeper = EmbeddedZooKeeper.start(dir.resolve("zk"));
        store = MongoStateStore.connect(mongo.uri(), "reflex");
        // Class names of their own, so wrapper processes of any other run cannot be mistaken for ours.
        prefix = "Ha" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        Path pack = dir.resolve("packs").resolve(prefix.toLowerCase());
        TestPacks.packYaml(pack, prefix.toLowerCase());
        for (int i = 1; i <= SENSORS; i++) {
            TestPacks.idleSensor(pack, prefix + "S" + i, 5);
        }
        TestPacks.register(store, dir.resolve("packs"), prefix.toLowerCase());
        scanner = new ProcessScanner(prefix);
    }

    @AfterEach
    void stop() throws Exception {
        if (scanner != null) {
            scanner.close();
        }
        for (ServiceProcess c : containers) {
            c.lines().stream()
                    .map(ServiceProcess.Line::text)
                    // warnings, and what each container did with which sensor and why (for a failed run's reader)
                    .filter(l -> l.contains(" WARN ")
                            || l.contains(" ERROR ")
                            || l.contains("service started")
                            || l.contains(" sensor starts held ")
                            || l.contains(" sensor assigned ")
                            || l.contains(" sensor released "))
                    .limit(120)
                    .forEach(l -> System.out.println(c.name() + ": " + l));
        }
        for (ServiceProcess c : containers) {
            c.kill();
        }
        if (store != null) {
            store.close();
            zooKeeper.close();
            mongo.close();
        }
    }

    @Test
    void eachSensorRunsOnceMovesWithin10sOfAContainerDeathAndSpreadsToAJoiningContainer() throws Exception {
        long t0 = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            containers.add(start("c" + i));
        }
        await().atMost(STARTUP).pollInterval(Duration.ofMillis(200)).until(() -> balanced(live()));
        Map<Long, Set<String>> before = scanner.latest().byContainer();
        System.out.printf(
                "sensor HA: initial owners %s after %d ms%n", counts(before), (System.nanoTime() - t0) / 1_000_000);

        ServiceProcess victim = containers.get(0);
        Set<String> orphaned = before.get(victim.pid());
        long killedAt = System.nanoTime();
        victim.kill(); // SIGKILL, the container JVM only
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> allRunOnceOn(live()));
        long movedMs = (System.nanoTime() - killedAt) / 1_000_000;
        Map<Long, Set<String>> after = scanner.latest().byContainer();
        System.out.printf(
                "sensor HA: %d sensors of the killed container ran again elsewhere %d ms after SIGKILL; owners %s%n",
                orphaned.size(), movedMs, counts(after));

        ServiceProcess joiner = start("c3");
        containers.add(joiner);
        await().atMost(STARTUP).pollInterval(Duration.ofMillis(200)).until(() -> balanced(live()));
        Map<Long, Set<String>> rebalanced = scanner.latest().byContainer();
        System.out.printf(
                "sensor HA: after a container joined, owners %s at %d ms%n",
                counts(rebalanced), (System.nanoTime() - t0) / 1_000_000);

        ProcessScanner.Summary summary = scanner.close();
        System.out.printf(
                "sensor HA: %d scans of the process table, at most %d process(es) per sensor%n",
                summary.scans(), summary.maxPerSensor());
        assertThat(summary.violations())
                .as("a sensor ran in two processes at once")
                .isEmpty();
        assertThat(summary.maxPerSensor()).isEqualTo(1);
        assertThat(orphaned).hasSizeBetween(2, 4);
        assertThat(rebalanced.get(joiner.pid())).hasSizeBetween(2, 4);

        List<ServiceProcess> draining = live();
        for (ServiceProcess c : draining) {
            c.sigterm(); // the container drains
        }
        for (ServiceProcess c : draining) {
            c.awaitExit(Duration.ofSeconds(30));
        }
        System.out.printf("sensor HA: drained at %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(new ProcessScanner.Snapshot(ProcessScanner.scan(prefix)).total())
                .as("drained containers leave no sensor behind")
                .isZero();
    }

    /**
     * A container JVM frozen with SIGSTOP keeps its ZooKeeper session until it expires, and its sensors would
     * run on: they stop themselves for want of keepalives before the session can expire, so when another
     * container takes their locks they are gone, and no sensor ever runs twice. Thawed, the container finds
     * its locks gone and takes a share again.
     */
    @Test
    void theSensorsOfAFrozenContainerStopThemselvesBeforeAnotherContainerRunsThem() throws Exception {
        ServiceProcess frozen = start("f0");
        ServiceProcess other = start("f1");
        containers.add(frozen);
        containers.add(other);
        await().atMost(STARTUP)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> allRunOnceOn(live())
                        && live().stream()
                                .allMatch(c -> scanner.latest().byContainer().containsKey(c.pid())));
        Set<String> itsSensors = scanner.latest().byContainer().get(frozen.pid());

        frozen.freeze();
        long frozenAt = System.nanoTime();
        try {
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100))
                    .alias("every sensor runs once, on the container that is not frozen")
                    .conditionEvaluationListener(c -> {
                        if (c.getRemainingTimeInMS() <= 100) {
                            System.out.printf(
                                    "sensor HA: sensor processes by container when the wait ran out: %s%n",
                                    scanner.latest().byContainer());
                        }
                    })
                    .until(() -> allRunOnceOn(List.of(other)));
        } finally {
            frozen.thaw();
        }
        System.out.printf(
                "sensor HA: %d sensors of a frozen container ran again elsewhere %d ms after SIGSTOP%n",
                itsSensors.size(), (System.nanoTime() - frozenAt) / 1_000_000);
        await().atMost(STARTUP)
                .pollInterval(Duration.ofMillis(200))
                .until(() ->
                        allRunOnceOn(live()) && scanner.latest().byContainer().containsKey(frozen.pid()));

        ProcessScanner.Summary summary = scanner.close();
        assertThat(summary.violations())
                .as("a sensor ran in two processes at once")
                .isEmpty();
        assertThat(summary.maxPerSensor()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> frozen.said("no word from the container for"));
    }

    /** Every sensor runs exactly once, each under one of {@code live}. */
    private boolean allRunOnceOn(List<ServiceProcess> live) {
        ProcessScanner.Snapshot s = scanner.latest();
        Set<Long> pids = live.stream().map(ServiceProcess::pid).collect(Collectors.toSet());
        return s.perSensor().size() == SENSORS
                && s.perSensor().values().stream().allMatch(n -> n == 1)
                && pids.containsAll(s.byContainer().keySet());
    }

    /** All run once and every live container runs 2 to 4 of the 9. */
    private boolean balanced(List<ServiceProcess> live) {
        if (!allRunOnceOn(live)) {
            return false;
        }
        Map<Long, Set<String>> owners = scanner.latest().byContainer();
        return live.stream().allMatch(c -> {
            int n = owners.getOrDefault(c.pid(), Set.of()).size();
            return n >= 2 && n <= 4;
        });
    }

    private List<ServiceProcess> live() {
        return containers.stream().filter(ServiceProcess::alive).toList();
    }

    private static Map<String, Integer> counts(Map<Long, Set<String>> owners) {
        Map<String, Integer> counts = new TreeMap<>();
        owners.forEach((pid, sensors) -> counts.put("pid " + pid, sensors.size()));
        return counts;
    }

    private ServiceProcess start(String name) throws IOException {
        Map<String, String> sets = new LinkedHashMap<>();
        sets.put("data_dir", dir.resolve(name).toString());
        sets.put("store.uri", mongo.uri());
        sets.put("bus.uri", amqp);
        sets.put("coordination.uri", "zookeeper://" + zooKeeper.connectString());
        sets.put("coordination.session_timeout", "3s");
        sets.put("sensorcontainer.port", "0");
        sets.put("sensorcontainer.rebalance_interval", "1s");
        sets.put("logging.level", "info");
        // Quick to start on a busy machine: C1 only, a small serial heap.
        return ServiceProcess.start(
                name,
                SensorContainerMain.class.getName(),
                List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx192m"),
                sets);
    }

    /** Scans the OS process table for the wrapper processes of sensors whose class starts with a prefix. */
    static final class ProcessScanner {
        /** One wrapper process: the sensor class it runs and its parent (the container JVM). */
        record Wrapper(String className, long pid, long parent) {}

        record Snapshot(List<Wrapper> wrappers) {
            Map<String, Integer> perSensor() {
                Map<String, Integer> m = new HashMap<>();
                wrappers.forEach(w -> m.merge(w.className(), 1, Integer::sum));
                return m;
            }

            Map<Long, Set<String>> byContainer() {
                return wrappers.stream()
                        .collect(Collectors.groupingBy(
                                Wrapper::parent, Collectors.mapping(Wrapper::className, Collectors.toSet())));
            }

            int total() {
                return wrappers.size();
            }
        }

        record Summary(int scans, int maxPerSensor, List<String> violations) {}

        private final String prefix;
        private final Thread thread;
        private final List<String> violations = new CopyOnWriteArrayList<>();
        private volatile Snapshot latest = new Snapshot(List.of());
        private volatile boolean stopped;
        private volatile int scans;
        private volatile int max;

        ProcessScanner(String prefix) {
            this.prefix = prefix;
            this.thread = Thread.ofPlatform().daemon().name("process-scanner").start(this::run);
        }

        Snapshot latest() {
            return latest;
        }

        private void run() {
            while (!stopped) {
                Snapshot s = new Snapshot(scan(prefix));
                s.perSensor().forEach((sensor, n) -> {
                    max = Math.max(max, n);
                    if (n > 1) {
                        violations.add(sensor + " ran in " + n + " processes: " + s.wrappers());
                    }
                });
                latest = s;
                scans++;
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /**
         * The wrapper processes of the prefix's sensors. A process whose parent is itself one of them is not
         * another run of the sensor but part of the same launch: an interpreter found through a shell shim
         * (pyenv's {@code python3} is a bash script) forks subshells, with the same command line, before it
         * execs Python.
         */
        static List<Wrapper> scan(String prefix) {
            String marker = "--class-name=" + prefix;
            List<Wrapper> all = ProcessHandle.allProcesses()
                    .flatMap(p -> {
                        List<String> args = List.of(p.info().arguments().orElse(new String[0]));
                        boolean wrapper = args.stream().anyMatch(a -> a.endsWith("reflex_sensor_wrapper.py"));
                        return args.stream()
                                .filter(a -> wrapper && a.startsWith(marker))
                                .map(a -> new Wrapper(
                                        a.substring("--class-name=".length()),
                                        p.pid(),
                                        p.parent().map(ProcessHandle::pid).orElse(-1L)));
                    })
                    .toList();
            Set<Long> pids = all.stream().map(Wrapper::pid).collect(Collectors.toSet());
            return all.stream().filter(w -> !pids.contains(w.parent())).toList();
        }

        Summary close() throws InterruptedException {
            stopped = true;
            thread.join();
            return new Summary(scans, max, List.copyOf(violations));
        }
    }
}
