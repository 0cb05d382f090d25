package io.reflex.sensorcontainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflex.core.coordination.Member;
import io.reflex.testing.InMemoryCoordinator;
import io.reflex.testing.InMemoryEventBus;
import io.reflex.testing.InMemoryStateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Single-sensor mode ({@code sensorcontainer.sensor_ref}) next to a container in membership mode: the
 * dedicated container runs its sensor and nothing else, the membership container runs the rest and leaves
 * the dedicated sensor alone while its container lives, then takes it over when that container leaves.
 */
class SingleSensorModeTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final InMemoryStateStore store = new InMemoryStateStore();
    private final InMemoryEventBus bus = new InMemoryEventBus();
    private final InMemoryCoordinator pool = new InMemoryCoordinator();
    private final InMemoryCoordinator single = pool.newSession();
    private final List<SensorContainer> containers = new ArrayList<>();
    private String dedicatedClass;
    private String otherClass;
    private String dedicatedRef;
    private String otherRef;

    @BeforeEach
    void pack() throws Exception {
        String pack = "single" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        dedicatedClass = "Dedicated" + pack.substring(6) + "Sensor";
        otherClass = "Pooled" + pack.substring(6) + "Sensor";
        dedicatedRef = pack + "." + dedicatedClass;
        otherRef = pack + "." + otherClass;
        Path packs = dir.resolve("packs");
        TestPacks.packYaml(packs.resolve(pack), pack);
        TestPacks.idleSensor(packs.resolve(pack), dedicatedClass, 5);
        TestPacks.idleSensor(packs.resolve(pack), otherClass, 5);
        TestPacks.register(store, packs, pack);
    }

    @AfterEach
    void close() {
        containers.forEach(SensorContainer::close);
        pool.close();
        single.close();
    }

    @Test
    void theDedicatedContainerRunsItsSensorAndThePoolTakesItOverWhenItLeaves() {
        SensorContainer member = start(pool, "pool_1", Partitioners.membership("pool_1"), Map.of());
        await().atMost(PATIENCE).until(() -> member.assigned().equals(Set.of(dedicatedRef, otherRef)));

        Partitioner dedicatedToOne = Partitioners.single(dedicatedRef);
        SensorContainer dedicated = start(single, "single_2", dedicatedToOne, dedicatedToOne.capabilities());

        await().atMost(PATIENCE)
                .until(() -> dedicated.assigned().equals(Set.of(dedicatedRef))
                        && member.assigned().equals(Set.of(otherRef)));
        await().atMost(PATIENCE)
                .until(() -> TestPacks.wrappersOf(dedicatedClass) == 1 && TestPacks.wrappersOf(otherClass) == 1);

        dedicated.close();
        single.close();

        await().atMost(PATIENCE).until(() -> member.assigned().equals(Set.of(dedicatedRef, otherRef)));
        await().atMost(PATIENCE).until(() -> TestPacks.wrappersOf(dedicatedClass) == 1);
    }

    @Test
    void onlyMembershipMembersShareAndOnlyOtherMembersDedicate() {
        List<Member> group = List.of(
                new Member("a", Map.of()),
                new Member("b", Map.of(SensorContainer.PROVIDER, "membership")),
                new Member("c", Map.of(SensorContainer.PROVIDER, "kvstore")),
                new Member("d", Map.of(SensorContainer.PROVIDER, "single", SensorContainer.SENSOR_REF, "p.S")));

        assertThat(SensorContainer.sharing(group)).containsExactlyInAnyOrder("a", "b");
        assertThat(SensorContainer.dedicatedElsewhere(group, "a")).containsExactly("p.S");
        assertThat(SensorContainer.dedicatedElsewhere(group, "d")).isEmpty();
        assertThat(Partitioners.single("p.S").owned(List.of("p.S", "p.T"), Set.of()))
                .containsExactly("p.S");
        assertThat(Partitioners.single("p.S").owned(List.of("p.T"), Set.of())).isEmpty();
    }

    private SensorContainer start(
            InMemoryCoordinator coordinator, String member, Partitioner partitioner, Map<String, String> capabilities) {
        SensorContainer c = TestContainers.create(coordinator, member, store, bus, dir, partitioner, capabilities);
        containers.add(c);
        c.start();
        return c;
    }
}
