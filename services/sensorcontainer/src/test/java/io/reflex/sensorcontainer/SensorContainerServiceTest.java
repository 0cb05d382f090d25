package io.reflex.sensorcontainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflex.core.bus.Subscription;
import io.reflex.core.coordination.Lease;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.TriggerDispatch;
import io.reflex.core.model.SensorType;
import io.reflex.core.model.Token;
import io.reflex.core.model.Trigger;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.core.store.Store;
import io.reflex.runtime.backend.Backends;
import io.reflex.runtime.backend.EmbeddedServers;
import io.reflex.runtime.config.Config;
import io.reflex.runtime.config.ConfigLoader;
import io.reflex.runtime.service.ServiceRunner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sensor container as production assembles it (ServiceRunner with the embedded MongoDB-protocol store,
 * AMQP broker and ZooKeeper over real sockets), running a registered pack's sensor as a Python process.
 */
class SensorContainerServiceTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    private Path packs;
    private EmbeddedServers servers;
    private ServiceRunner.Running running;
    private Backends client;
    private Subscription consumer;
    private final List<TriggerDispatch> dispatched = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        packs = dataDir.resolve("packs");
        TestPacks.packYaml(packs.resolve("sensit"), "sensit");
        TestPacks.write(packs.resolve("sensit/sensors/counter.yaml"), COUNTER_YAML);
        TestPacks.write(packs.resolve("sensit/sensors/counter.py"), COUNTER_PY.replace("VERSION", "1"));
        var config = ConfigLoader.load(
                null,
                Map.of(),
                Map.of(
                        "data_dir", dataDir.toString(),
                        "content.packs_dir", packs.toString(),
                        "sensorcontainer.port", "0",
                        "sensorcontainer.rebalance_interval", "300ms",
                        "sensorcontainer.respawn_delay", "200ms"));
        // The backends outlive the container, so that what it leaves behind can be checked after it closed.
        servers = new EmbeddedServers(config);
        servers.start();
        Config resolved = servers.resolve(config);
        running = ServiceRunner.start(List.of(new SensorContainerService()), resolved);
        client = Backends.open(resolved, "test");
        consumer = client.bus().consume(Channels.TRIGGER_INSTANCES, 16, d -> dispatched.add(d.body()));
        TestPacks.register(client.store(), packs, "sensit");
    }

    @AfterEach
    void stop() throws Exception {
        if (running != null) {
            running.close();
        }
        consumer.close();
        client.close();
        servers.close();
    }

    @Test
    void aRegisteredSensorRunsDispatchesValidPayloadsAndIsToldOfItsTriggers() throws Exception {
        await().atMost(PATIENCE).until(() -> count("sensit.count") >= 2);
        TriggerDispatch spawn = last("core.st2.sensor.process_spawn").orElseThrow();
        assertThat(spawn.payload().path("id").asText()).isEqualTo("Counter");
        assertThat(spawn.payload().path("pid").asLong()).isPositive();
        assertThat(spawn.payload().path("timestamp").isIntegralNumber()).isTrue();
        assertThat(spawn.payload().path("cmd").asText())
                .contains("reflex_sensor_wrapper.py", "--pack=sensit", "--class-name=Counter", "--poll-interval=1");
        assertThat(dispatched)
                .filteredOn(d -> d.trigger().equals("sensit.count"))
                .allSatisfy(d -> {
                    assertThat(d.payload().path("n").isInt())
                            .as("invalid payloads are dropped")
                            .isTrue();
                    assertThat(d.payload().path("version").asInt()).isEqualTo(1);
                    assertThat(Ids.isId(d.triggerInstanceId())).isTrue();
                });
        assertThat(dispatched).extracting(TriggerDispatch::trigger).doesNotContain("sensit.unknown");
        assertThat(dispatched.stream()
                        .map(TriggerDispatch::triggerInstanceId)
                        .distinct()
                        .count())
                .isEqualTo(dispatched.size());

        Store<Trigger> triggers = client.store().store(Kinds.TRIGGER);
        Trigger watched = triggers.insert(new Trigger(Ids.newId(), "w1", "sensit", "sensit.watch", null, null));
        await().atMost(PATIENCE).until(() -> seen().contains(watched.id()));
        // The simple triggers of its parameterless types were there from the start (StackStorm does the same).
        assertThat(seen())
                .contains(triggers.findOne(Filter.eq("ref", "sensit.count"))
                        .orElseThrow()
                        .id())
                .containsOnlyOnce(watched.id());

        assertThat(health()).contains("assigned=1 running=1");
        assertThat(client.coordinator().members(SensorContainer.GROUP))
                .singleElement()
                .satisfies(m -> assertThat(m.capabilities())
                        .containsEntry(SensorContainer.PROVIDER, "membership")
                        .doesNotContainKey(SensorContainer.SENSOR_REF)
                        .containsKeys("hostname", "pid"));
        List<Token> tokens = client.store().store(Kinds.TOKEN).find(Query.of(Filter.eq("user", "sensors_container")));
        assertThat(tokens)
                .singleElement()
                .satisfies(t -> assertThat(t.service()).isTrue());
    }

    @Test
    void disablingEnablingAndReRegisteringTakeEffectLiveAndClosingDrains() throws Exception {
        await().atMost(PATIENCE).until(() -> count("sensit.count") >= 1);
        Store<SensorType> sensors = client.store().store(Kinds.SENSOR_TYPE);

        sensors.replace(withEnabled(sensors, false));
        await().atMost(PATIENCE).until(() -> count("core.st2.sensor.process_exit") == 1);
        assertThat(TestPacks.wrappersOf("Counter")).isZero();
        assertThat(health()).contains("assigned=0");

        sensors.replace(withEnabled(sensors, true));
        await().atMost(PATIENCE).until(() -> count("core.st2.sensor.process_spawn") == 2);

        TestPacks.write(packs.resolve("sensit/sensors/counter.py"), COUNTER_PY.replace("VERSION", "2"));
        TestPacks.register(client.store(), packs, "sensit");
        await().atMost(PATIENCE)
                .until(() -> last("sensit.count")
                        .map(d -> d.payload().path("version").asInt() == 2)
                        .orElse(false));
        assertThat(count("core.st2.sensor.process_spawn")).isEqualTo(3);

        running.close();
        running = null;
        assertThat(TestPacks.wrappersOf("Counter")).isZero();
        assertThat(client.store().store(Kinds.TOKEN).count(Filter.eq("user", "sensors_container")))
                .isZero();
        Optional<Lease> lock = client.coordinator().lock("sensor:sensit.Counter", Duration.ZERO);
        assertThat(lock).as("the drained container released the sensor's lock").isPresent();
        lock.get().release();
    }

    private SensorType withEnabled(Store<SensorType> sensors, boolean enabled) {
        SensorType s = sensors.findOne(Filter.eq("ref", "sensit.Counter")).orElseThrow();
        return s.withEnabled(enabled);
    }

    private String health() throws Exception {
        String url = running.endpoints().get(0).url() + "/healthz";
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    private List<String> seen() {
        return dispatched.stream()
                .filter(d -> d.trigger().equals("sensit.seen"))
                .map(d -> d.payload().path("id").asText())
                .toList();
    }

    private long count(String trigger) {
        return dispatched.stream().filter(d -> d.trigger().equals(trigger)).count();
    }

    private Optional<TriggerDispatch> last(String trigger) {
        return dispatched.stream().filter(d -> d.trigger().equals(trigger)).reduce((a, b) -> b);
    }

    private static final String COUNTER_YAML = """
            ---
            class_name: Counter
            entry_point: counter.py
            description: counts, and reports the triggers it is told about
            poll_interval: 1
            trigger_types:
              - name: count
                payload_schema:
                  type: object
                  properties:
                    n: {type: integer, required: true}
                    version: {type: integer}
              - name: watch
                parameters_schema:
                  type: object
                  properties:
                    path: {type: string}
              - name: seen
                payload_schema:
                  type: object
                  properties:
                    id: {type: string}
            """;

    /** Every poll: one valid count, one that fails the schema, one for a trigger type that does not exist. */
    private static final String COUNTER_PY = """
            from st2reactor.sensor.base import PollingSensor


            class Counter(PollingSensor):
                def setup(self):
                    self._n = 0

                def poll(self):
                    self._n += 1
                    self.sensor_service.dispatch(trigger="sensit.count", payload={"n": self._n, "version": VERSION})
                    self.sensor_service.dispatch(trigger="sensit.count", payload={"n": "not a number"})
                    self.sensor_service.dispatch(trigger="sensit.unknown", payload={})

                def cleanup(self):
                    pass

                def add_trigger(self, trigger):
                    self.sensor_service.dispatch(trigger="sensit.seen", payload={"id": trigger["id"]})

                def update_trigger(self, trigger):
                    pass

                def remove_trigger(self, trigger):
                    pass
            """;
}
