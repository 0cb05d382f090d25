package io.reflex.sensorcontainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflex.core.bus.Subscription;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.TriggerDispatch;
import io.reflex.testing.InMemoryCoordinator;
import io.reflex.testing.InMemoryEventBus;
import io.reflex.testing.InMemoryStateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A container that loses its coordinator session (its lock with it) kills its sensor at once, without
 * waiting for a graceful stop, and the container that gets the lock next runs the sensor: never both.
 * Two containers on one in-memory coordinator (two sessions), with the {@code default} provider so both
 * want the sensor and only the lock decides.
 */
class SensorContainerLeaseTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final InMemoryStateStore store = new InMemoryStateStore();
    private final InMemoryEventBus bus = new InMemoryEventBus();
    private final InMemoryCoordinator coordinatorA = new InMemoryCoordinator();
    private final InMemoryCoordinator coordinatorB = coordinatorA.newSession();
    private final List<SensorContainer> containers = new ArrayList<>();
    private final List<TriggerDispatch> dispatched = new CopyOnWriteArrayList<>();
    private Subscription consumer;
    private String className;
    private String ref;

    @BeforeEach
    void pack() throws Exception {
        String pack = "lease" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        className = "Lease" + pack.substring(5) + "Sensor";
        ref = pack + "." + className;
        Path packs = dir.resolve("packs");
        TestPacks.packYaml(packs.resolve(pack), pack);
        TestPacks.idleSensor(packs.resolve(pack), className, 5);
        TestPacks.register(store, packs, pack);
        consumer = bus.consume(Channels.TRIGGER_INSTANCES, 8, d -> dispatched.add(d.body()));
    }

    @AfterEach
    void close() {
        containers.forEach(SensorContainer::close);
        consumer.close();
        coordinatorA.close();
        coordinatorB.close();
    }

    @Test
    void aContainerThatLosesItsLockKillsTheSensorAtOnceAndTheNextHolderRunsIt() throws Exception {
        SensorContainer a = start(coordinatorA, "a_1");
        // the process shows in the process table a moment before its spawn is announced
        await().atMost(PATIENCE)
                .until(() ->
                        TestPacks.wrappersOf(className) == 1 && spawnedPids().size() == 1);
        long firstPid = spawnedPids().get(0);
        SensorContainer b = start(coordinatorB, "b_2");
        await().during(Duration.ofMillis(800))
                .atMost(PATIENCE)
                .until(() -> b.assigned().isEmpty() && TestPacks.wrappersOf(className) == 1);

        var scanner = new SensorContainersHaTest.ProcessScanner(className);
        coordinatorA.expireSession();

        // The next holder may be either: b, or a itself with a new session once its own sensor is dead.
        await().atMost(PATIENCE)
                .until(() -> (a.assigned().contains(ref) || b.assigned().contains(ref))
                        && spawnedPids().size() == 2);
        assertThat(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
        await().atMost(PATIENCE).until(() -> exitCodes().size() == 1);
        assertThat(exitCodes()).as("killed, not asked to stop").containsExactly(137);
        long secondPid = spawnedPids().get(1);
        // The scanner samples every 200 ms; failover can fall between two samples, so wait until it has
        // seen the new holder's process before reading its summary.
        await().atMost(PATIENCE)
                .until(() -> scanner.latest().wrappers().stream().anyMatch(w -> w.pid() == secondPid));
        var summary = scanner.close();
        assertThat(summary.violations()).isEmpty();
        assertThat(summary.maxPerSensor()).isEqualTo(1);
        await().during(Duration.ofMillis(800))
                .atMost(PATIENCE)
                .until(() -> a.assigned().size() + b.assigned().size() == 1 && TestPacks.wrappersOf(className) == 1);
    }

    /**
     * A member that vanished may be a frozen JVM whose sensor still runs until it misses its keepalives; the
     * container that takes the lock starts the sensor only once that process must be gone, however early the
     * session expired.
     */
    @Test
    void aSensorOfAContainerThatLeftStartsElsewhereOnlyAfterItsOrphanLifetime() {
        start(coordinatorA, "a_1");
        await().atMost(PATIENCE).until(() -> spawnedPids().size() == 1);
        SensorContainer b = start(coordinatorB, "b_2");
        await().during(Duration.ofMillis(500))
                .atMost(PATIENCE)
                .until(() -> b.assigned().isEmpty());

        long left = System.nanoTime();
        coordinatorA.close(); // its session ends as a frozen container's expires: it is out of the group
        await().atMost(PATIENCE).until(() -> spawnedPids().size() == 2);
        Duration waited = Duration.ofNanos(System.nanoTime() - left);

        Duration lifetime = TestContainers.settings("b_2").orphanLifetime();
        assertThat(lifetime).isPositive();
        assertThat(waited).as("the new holder waited out the orphan's lifetime").isGreaterThanOrEqualTo(lifetime);
    }

    @Test
    void aSensorKilledWhileTheCoordinatorWasUnreachableRunsAgainOnceItIsBack() {
        SensorContainer a = start(coordinatorA, "a_1");
        await().atMost(PATIENCE)
                .until(() -> a.assigned().contains(ref) && spawnedPids().size() == 1);

        coordinatorA.suspend();
        await().atMost(PATIENCE).until(() -> exitCodes().equals(List.of(137)));
        coordinatorA.resume();

        await().atMost(PATIENCE).until(() -> spawnedPids().size() == 2 && TestPacks.wrappersOf(className) == 1);
        assertThat(a.assigned()).containsExactly(ref);
    }

    private SensorContainer start(InMemoryCoordinator coordinator, String member) {
        SensorContainer c = TestContainers.create(coordinator, member, store, bus, dir);
        containers.add(c);
        c.start();
        return c;
    }

    private List<Long> spawnedPids() {
        return dispatched.stream()
                .filter(d -> d.trigger().equals(TriggerEmitter.SPAWN_TRIGGER))
                .map(d -> d.payload().path("pid").asLong())
                .toList();
    }

    private List<Integer> exitCodes() {
        return dispatched.stream()
                .filter(d -> d.trigger().equals(TriggerEmitter.EXIT_TRIGGER))
                .map(d -> d.payload().path("exit_code").asInt())
                .toList();
    }
}
