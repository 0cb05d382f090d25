package io.reflex.sensorcontainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflex.core.bus.Subscription;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.TriggerDispatch;
import io.reflex.embedded.EmbeddedZooKeeper;
import io.reflex.testing.FaultProxy;
import io.reflex.testing.InMemoryEventBus;
import io.reflex.testing.InMemoryStateStore;
import io.reflex.zookeeper.ZooKeeperCoordinator;
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
 * A container cut off from ZooKeeper kills its sensor as soon as its connection is suspended, which is before
 * the server can expire its session and give the lock to the other container; the other container then
 * runs the sensor, and the cut-off one, once back, leaves it there. The OS process table never shows the
 * sensor twice.
 */
class SensorContainerPartitionTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Duration SESSION = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    private final InMemoryStateStore store = new InMemoryStateStore();
    private final InMemoryEventBus bus = new InMemoryEventBus();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final List<TriggerDispatch> dispatched = new CopyOnWriteArrayList<>();
    private EmbeddedZooKeeper zooKeeper;
    private FaultProxy proxy;
    private String className;
    private String ref;

    @BeforeEach
    void setUp() throws Exception {
        zooKeeper = EmbeddedZooKeeper.start(dir.resolve("zk"));
        proxy = new FaultProxy("127.0.0.1", zooKeeper.port());
        String pack = "cut" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        className = "Cut" + pack.substring(3) + "Sensor";
        ref = pack + "." + className;
        TestPacks.packYaml(dir.resolve("packs").resolve(pack), pack);
        TestPacks.idleSensor(dir.resolve("packs").resolve(pack), className, 5);
        TestPacks.register(store, dir.resolve("packs"), pack);
        Subscription consumer = bus.consume(Channels.TRIGGER_INSTANCES, 8, d -> dispatched.add(d.body()));
        closing.add(consumer::close);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
        proxy.close();
        zooKeeper.close();
    }

    @Test
    void aContainerCutOffFromZooKeeperKillsItsSensorBeforeAnotherCanTakeIt() throws Exception {
        String namespace = "sensors-" + UUID.randomUUID();
        ZooKeeperCoordinator behindProxy =
                ZooKeeperCoordinator.connect("127.0.0.1:" + proxy.port(), namespace, SESSION);
        ZooKeeperCoordinator direct = ZooKeeperCoordinator.connect(zooKeeper.connectString(), namespace, SESSION);
        closing.add(behindProxy);
        closing.add(direct);
        SensorContainer a = start(behindProxy, "a_1");
        await().atMost(PATIENCE).until(() -> a.assigned().contains(ref) && TestPacks.wrappersOf(className) == 1);
        SensorContainer b = start(direct, "b_2");
        await().during(Duration.ofMillis(600))
                .atMost(PATIENCE)
                .until(() -> b.assigned().isEmpty());
        var scanner = new SensorContainersHaTest.ProcessScanner(className);

        proxy.cut();

        await().atMost(PATIENCE).until(() -> exitCodes().size() == 1);
        assertThat(exitCodes()).as("killed at once, not stopped gracefully").containsExactly(137);
        await().atMost(PATIENCE).until(() -> b.assigned().contains(ref) && TestPacks.wrappersOf(className) == 1);
        proxy.restore();
        await().atMost(PATIENCE).until(() -> behindProxy.health().check().up());
        await().during(Duration.ofSeconds(1))
                .atMost(PATIENCE)
                .until(() -> a.assigned().isEmpty());
        var summary = scanner.close();
        assertThat(summary.violations()).isEmpty();
        assertThat(summary.maxPerSensor()).isEqualTo(1);
        assertThat(TestPacks.wrappersOf(className)).isEqualTo(1);
    }

    private SensorContainer start(ZooKeeperCoordinator coordinator, String member) {
        SensorContainer c = TestContainers.create(coordinator, member, store, bus, dir);
        closing.add(c::close);
        c.start();
        return c;
    }

    private List<Integer> exitCodes() {
        return dispatched.stream()
                .filter(d -> d.trigger().equals(TriggerEmitter.EXIT_TRIGGER))
                .map(d -> d.payload().path("exit_code").asInt())
                .toList();
    }
}
