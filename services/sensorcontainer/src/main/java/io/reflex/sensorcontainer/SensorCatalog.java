package io.reflex.sensorcontainer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.content.ContentCache;
import io.reflex.core.json.Json;
import io.reflex.core.model.Pack;
import io.reflex.core.model.SensorType;
import io.reflex.core.model.Trigger;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.core.store.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the store says about sensors, read once per round of the container's loop: the enabled sensor
 * types, the packs (for their content version) and the pack configurations. Turns a sensor type into the
 * {@link SensorSpec} it runs from, materialising the pack version first (a node runs exactly the version
 * that was registered, not whatever its packs directory holds). Blocks on the store.
 */
final class SensorCatalog {
    private final StateStore store;
    private final ContentCache cache;
    private final Path packsDir;
    private final Function<String, Path> virtualenvOf;
    private final String defaultPython;

    SensorCatalog(
            StateStore store,
            ContentCache cache,
            Path packsDir,
            Function<String, Path> virtualenvOf,
            String defaultPython) {
        this.store = store;
        this.cache = cache;
        this.packsDir = packsDir;
        this.virtualenvOf = virtualenvOf;
        this.defaultPython = defaultPython;
    }

    /** One consistent-enough read of the sensors' world. */
    record Snapshot(Map<String, SensorType> enabled, Map<String, Pack> packs, Map<String, ObjectNode> configs) {}

    Snapshot read() {
        Map<String, SensorType> enabled =
                store.store(Kinds.SENSOR_TYPE).find(Query.of(Filter.eq("enabled", true))).stream()
                        .collect(Collectors.toMap(SensorType::ref, s -> s, (a, b) -> a));
        Map<String, Pack> packs = store.store(Kinds.PACK).find(Query.all()).stream()
                .collect(Collectors.toMap(Pack::ref, p -> p, (a, b) -> a));
        Map<String, ObjectNode> configs = new HashMap<>();
        store.store(Kinds.PACK_CONFIG).find(Query.all()).forEach(c -> configs.put(c.pack(), c.values()));
        return new Snapshot(enabled, packs, configs);
    }

    /**
     * @throws IllegalStateException when the sensor cannot run here (no entry point, module missing)
     * @throws io.reflex.content.ContentException when its pack version cannot be materialised
     */
    SensorSpec spec(SensorType sensor, Snapshot snapshot) {
        if (sensor.entryPoint().isBlank()) {
            throw new IllegalStateException("sensor " + sensor.ref() + " has no entry_point");
        }
        Pack pack = snapshot.packs().get(sensor.pack());
        Path packDir = pack == null || pack.contentHash().isBlank()
                ? packsDir.resolve(sensor.pack())
                : cache.materialise(sensor.pack(), pack.contentHash());
        Path file = packDir.resolve("sensors").resolve(sensor.entryPoint()).normalize();
        if (!file.startsWith(packDir) || !Files.isRegularFile(file)) {
            throw new IllegalStateException("sensor module " + file + " of " + sensor.ref() + " does not exist");
        }
        Path venvPython = virtualenvOf.apply(sensor.pack()).resolve("bin").resolve("python");
        return new SensorSpec(
                sensor.ref(),
                sensor.pack(),
                sensor.className(),
                packDir,
                file,
                Files.isExecutable(venvPython) ? venvPython.toString() : defaultPython,
                sensor.pollInterval(),
                sensor.triggerTypes(),
                snapshot.configs().getOrDefault(sensor.pack(), Json.object()));
    }

    /** The triggers of {@code types} in StackStorm's trigger dict form, by trigger id. */
    Map<String, ObjectNode> triggers(Collection<String> types) {
        if (types.isEmpty()) {
            return Map.of();
        }
        List<Trigger> found = store.store(Kinds.TRIGGER).find(Query.of(Filter.in("type", types)));
        Map<String, ObjectNode> byId = new HashMap<>();
        found.forEach(t -> byId.put(t.id(), (ObjectNode) Json.tree(t)));
        return byId;
    }
}
