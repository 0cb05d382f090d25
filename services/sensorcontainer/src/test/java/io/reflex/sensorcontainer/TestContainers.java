package io.reflex.sensorcontainer;

import io.reflex.content.ContentCache;
import io.reflex.content.ContentStore;
import io.reflex.core.bus.EventBus;
import io.reflex.core.coordination.Coordinator;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** Sensor containers assembled around given backends, for tests of the container itself. */
final class TestContainers {
    private TestContainers() {}

    /**
     * A container with the {@code default} provider (it wants every sensor, so only the locks decide), a fast
     * loop and respawn, that joins the group as {@code member} advertising nothing (so it counts as sharing);
     * its files live under {@code dir/member}.
     */
    static SensorContainer create(Coordinator coordinator, String member, StateStore store, EventBus bus, Path dir) {
        return create(
                coordinator,
                member,
                store,
                bus,
                dir,
                Partitioners.create(
                        Partitioners.Spec.parse("default"),
                        new Partitioners.Context(member, "n", "", "MIN..MAX", store.store(Kinds.KEY_VALUE_PAIR))),
                Map.of());
    }

    /** A container with {@code partitioner}, joining the group with {@code capabilities}. */
    static SensorContainer create(
            Coordinator coordinator,
            String member,
            StateStore store,
            EventBus bus,
            Path dir,
            Partitioner partitioner,
            Map<String, String> capabilities) {
        coordinator.join(SensorContainer.GROUP, member, capabilities);
        Clock clock = Clock.systemUTC();
        Path data = dir.resolve(member);
        SensorSettings settings = settings(member);
        return new SensorContainer(
                coordinator,
                new SensorCatalog(
                        store,
                        new ContentCache(data.resolve("content"), new ContentStore(store, clock)),
                        dir.resolve("packs"),
                        pack -> data.resolve("virtualenvs").resolve(pack),
                        "python3"),
                partitioner,
                new TriggerEmitter(bus, store, clock, true),
                new SensorToken(store.store(Kinds.TOKEN), clock, "sensors_container", Duration.ofHours(1), member),
                settings,
                data.resolve("python"),
                clock);
    }

    /** A fast loop and respawn, and a 2 s orphan timeout. */
    static SensorSettings settings(String member) {
        return new SensorSettings(
                member,
                Duration.ofMillis(200),
                Duration.ofSeconds(5),
                new RespawnPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10)),
                "python3",
                true,
                "sensors_container",
                Duration.ofHours(1),
                "http://127.0.0.1:9/v1",
                Duration.ofSeconds(2));
    }
}
