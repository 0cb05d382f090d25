package io.reflex.sensorcontainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reflex.core.model.KeyValuePair;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Store;
import io.reflex.runtime.config.ConfigException;
import io.reflex.testing.InMemoryStateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionersTest {
    private static final List<String> ENABLED = List.of("a.One", "a.Two", "b.Three");

    @TempDir
    Path dir;

    private final InMemoryStateStore store = new InMemoryStateStore();
    private final Store<KeyValuePair> kv = store.store(Kinds.KEY_VALUE_PAIR);

    @Test
    void aBareNameAndStackStormsDictFormBothParse() {
        assertThat(Partitioners.Spec.parse("membership")).isEqualTo(new Partitioners.Spec("membership", Map.of()));
        assertThat(Partitioners.Spec.parse("name:default")).isEqualTo(new Partitioners.Spec("default", Map.of()));
        assertThat(Partitioners.Spec.parse("name:hash, hash_ranges:0..1024|2048..MAX"))
                .isEqualTo(new Partitioners.Spec("hash", Map.of("hash_ranges", "0..1024|2048..MAX")));
        assertThat(Partitioners.Spec.parse("name: File , partition_file: /etc/st2/p.yaml"))
                .isEqualTo(new Partitioners.Spec("file", Map.of("partition_file", "/etc/st2/p.yaml")));
    }

    @Test
    void anUnknownProviderIsAConfigurationErrorNamingTheKnownOnes() {
        assertThatThrownBy(() -> Partitioners.Spec.parse("name:roundrobin"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sensorcontainer.partition_provider")
                .hasMessageContaining("membership, default, kvstore, file, hash");
    }

    @Test
    void theDefaultProviderRunsEveryEnabledSensor() {
        Partitioner p = create("default");
        assertThat(p.owned(ENABLED, Set.of())).containsExactlyInAnyOrderElementsOf(ENABLED);
    }

    @Test
    void theMembershipProviderRunsThisMembersShareAndNothingWhenItIsNotAMember() {
        Partitioner p = create("membership");
        Set<String> members = Set.of("me_1", "other_2");
        assertThat(p.owned(ENABLED, members)).isEqualTo(Rendezvous.owned(ENABLED, members, "me_1"));
        assertThat(p.owned(ENABLED, Set.of("other_2"))).isEmpty();
        assertThat(p.owned(ENABLED, Set.of("me_1"))).containsExactlyInAnyOrderElementsOf(ENABLED);
    }

    @Test
    void theKvstoreProviderRunsTheEnabledSensorsListedUnderTheNodeKey() {
        Partitioner p = create("kvstore");
        assertThat(p.owned(ENABLED, Set.of())).isEmpty();
        kv.insert(new KeyValuePair(
                Ids.newId(), "node7.sensor_partition", " a.One , b.Three,c.Disabled", false, null, null));
        assertThat(p.owned(ENABLED, Set.of())).containsExactlyInAnyOrder("a.One", "b.Three");
    }

    @Test
    void theFileProviderReadsItsNodesListAndRefusesAFileWithoutIt() throws Exception {
        Path file = dir.resolve("partition.yaml");
        Files.writeString(file, "node7:\n  - a.Two\n  - x.Gone\nnode8: [a.One]\n");
        Partitioner p =
                Partitioners.create(Partitioners.Spec.parse("name:file, partition_file:" + file), context("node7"));
        assertThat(p.owned(ENABLED, Set.of())).containsExactly("a.Two");
        Files.writeString(file, "node7: [b.Three]\n");
        assertThat(p.owned(ENABLED, Set.of())).as("re-read on every round").containsExactly("b.Three");
        assertThatThrownBy(() -> Partitioners.create(
                        Partitioners.Spec.parse("name:file, partition_file:" + file), context("node9")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Sensor partition not found for node9");
    }

    @Test
    void theHashProviderUsesStackStormsHashOfTheSensorRef() {
        // Values computed with st2reactor/container/hash_partitioner.py's _hash_sensor_ref.
        assertThat(HashRanges.hash("examples.TickSensor")).isEqualTo(2254337835L);
        assertThat(HashRanges.hash("linux.FileWatchSensor")).isEqualTo(1562168054L);
        assertThat(HashRanges.hash("core.Foo")).isEqualTo(678734519L);
        List<String> refs = List.of("examples.TickSensor", "linux.FileWatchSensor", "core.Foo");
        assertThat(Partitioners.hash("0..1562168054|2254337835..MAX").owned(refs, Set.of()))
                .containsExactlyInAnyOrder("examples.TickSensor", "core.Foo");
        assertThat(Partitioners.hash("MIN..MAX").owned(refs, Set.of())).containsExactlyInAnyOrderElementsOf(refs);
        assertThat(Partitioners.hash("-5..99999999999").owned(refs, Set.of()))
                .as("bounds are clamped")
                .hasSize(3);
    }

    @Test
    void malformedHashRangesAreConfigurationErrors() {
        assertThatThrownBy(() -> HashRanges.parse("10..5")).hasMessageContaining("misconfigured range [10..5]");
        assertThatThrownBy(() -> HashRanges.parse("0-5")).hasMessageContaining("unsupported sub-range format");
        assertThatThrownBy(() -> HashRanges.parse("0..lots")).hasMessageContaining("not a number, MIN or MAX");
    }

    private Partitioner create(String name) {
        return Partitioners.create(Partitioners.Spec.parse(name), context("node7"));
    }

    private Partitioners.Context context(String node) {
        return new Partitioners.Context("me_1", node, "", "MIN..MAX", kv);
    }
}
