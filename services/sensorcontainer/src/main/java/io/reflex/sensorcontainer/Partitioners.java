package io.reflex.sensorcontainer;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.content.YamlFile;
import io.reflex.core.model.KeyValuePair;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Store;
import io.reflex.runtime.config.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The partition providers, built from {@code sensorcontainer.partition_provider}: a bare name, or
 * StackStorm's dict form {@code name:file, partition_file:/etc/st2/partition_file.yaml} whose options win
 * over the separate {@code sensorcontainer.*} keys.
 */
final class Partitioners {
    static final List<String> NAMES = List.of("membership", "default", "kvstore", "file", "hash");

    private Partitioners() {}

    /** A parsed provider setting: its name and its options. */
    record Spec(String name, Map<String, String> options) {
        /** @throws ConfigException on an unknown provider or a malformed option */
        static Spec parse(String text) {
            Map<String, String> options = new LinkedHashMap<>();
            String name = null;
            for (String part : text.split(",")) {
                String p = part.strip();
                if (p.isEmpty()) {
                    continue;
                }
                int colon = p.indexOf(':');
                if (colon < 0 && name == null) {
                    name = p;
                } else if (colon > 0) {
                    options.put(
                            p.substring(0, colon).strip(),
                            p.substring(colon + 1).strip());
                } else {
                    throw bad(text, "'" + p + "' is not key:value");
                }
            }
            name = options.containsKey("name") ? options.remove("name") : name;
            if (name == null || !NAMES.contains(name.toLowerCase(Locale.ROOT))) {
                throw bad(text, "unknown provider; providers: " + String.join(", ", NAMES));
            }
            return new Spec(name.toLowerCase(Locale.ROOT), options);
        }

        private static ConfigException bad(String text, String why) {
            return new ConfigException("config key 'sensorcontainer.partition_provider': '" + text + "': " + why);
        }
    }

    /** What the providers need besides their options. */
    record Context(String memberId, String nodeName, String partitionFile, String hashRanges, Store<KeyValuePair> kv) {}

    /** @throws ConfigException when the provider's options are missing or wrong (a file without this node...) */
    static Partitioner create(Spec spec, Context ctx) {
        return switch (spec.name()) {
            case "membership" -> membership(ctx.memberId());
            case "default" -> named("default", (enabled, members) -> Set.copyOf(enabled));
            case "kvstore" -> kvstore(spec.options().getOrDefault("sensor_node_name", ctx.nodeName()), ctx.kv());
            case "file" ->
                file(
                        spec.options().getOrDefault("sensor_node_name", ctx.nodeName()),
                        spec.options().getOrDefault("partition_file", ctx.partitionFile()));
            case "hash" -> hash(spec.options().getOrDefault("hash_ranges", ctx.hashRanges()));
            default -> throw new IllegalStateException(spec.name());
        };
    }

    /**
     * Single-sensor mode ({@code sensorcontainer.sensor_ref}, StackStorm's {@code --single-sensor-mode
     * --sensor-ref}): this container runs that one sensor, whenever it is enabled, and nothing else.
     */
    static Partitioner single(String ref) {
        return new Partitioner() {
            @Override
            public String name() {
                return "single";
            }

            @Override
            public Set<String> owned(Collection<String> enabled, Set<String> members) {
                return enabled.contains(ref) ? Set.of(ref) : Set.of();
            }

            @Override
            public Map<String, String> capabilities() {
                return Map.of(SensorContainer.PROVIDER, name(), SensorContainer.SENSOR_REF, ref);
            }
        };
    }

    /** Reflex's provider: the live containers share the sensors out by rendezvous hashing. */
    static Partitioner membership(String memberId) {
        return named("membership", (enabled, members) -> Rendezvous.owned(enabled, members, memberId));
    }

    /** StackStorm's kvstore provider: system key {@code <node>.sensor_partition} lists the refs to run. */
    static Partitioner kvstore(String nodeName, Store<KeyValuePair> kv) {
        String key = nodeName + ".sensor_partition";
        return named("kvstore", (enabled, members) -> {
            String listed = kv.findOne(Filter.and(Filter.eq("scope", KeyValuePair.SYSTEM), Filter.eq("name", key)))
                    .map(KeyValuePair::value)
                    .orElse("");
            return intersect(enabled, refs(Arrays.asList(listed.split(","))));
        });
    }

    /** StackStorm's file provider: a YAML map of node name to sensor refs; re-read on every call. */
    static Partitioner file(String nodeName, String file) {
        if (file.isBlank()) {
            throw new ConfigException(
                    "sensorcontainer.partition_file must name the partition file of the file provider");
        }
        Path path = Path.of(file);
        readPartition(path, nodeName); // fail at startup, as StackStorm does, when this node is missing
        return named("file", (enabled, members) -> intersect(enabled, readPartition(path, nodeName)));
    }

    static Set<String> readPartition(Path path, String nodeName) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sensor partition file " + path, e);
        }
        JsonNode refs = YamlFile.parse(path.toString(), text).root().path(nodeName);
        if (!refs.isArray()) {
            throw new ConfigException("Sensor partition not found for " + nodeName + " in " + path + ".");
        }
        List<String> list = new java.util.ArrayList<>();
        refs.forEach(r -> list.add(r.asText()));
        return refs(list);
    }

    /** StackStorm's hash provider: runs the sensors whose ref hash falls in one of the ranges. */
    static Partitioner hash(String ranges) {
        HashRanges parsed = HashRanges.parse(ranges);
        return named(
                "hash",
                (enabled, members) ->
                        enabled.stream().filter(parsed::contains).collect(Collectors.toUnmodifiableSet()));
    }

    private static Set<String> refs(Collection<String> raw) {
        return raw.stream().map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    private static Set<String> intersect(Collection<String> enabled, Set<String> wanted) {
        return enabled.stream().filter(wanted::contains).collect(Collectors.toUnmodifiableSet());
    }

    private interface Decision {
        Set<String> owned(Collection<String> enabled, Set<String> members);
    }

    private static Partitioner named(String name, Decision decision) {
        return new Partitioner() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Set<String> owned(Collection<String> enabled, Set<String> members) {
                return decision.owned(enabled, members);
            }
        };
    }
}
