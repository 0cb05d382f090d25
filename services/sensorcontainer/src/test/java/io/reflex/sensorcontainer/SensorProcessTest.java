package io.reflex.sensorcontainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import io.reflex.testing.IdleSensorHooks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python side through the Java supervisor: real {@code python3} processes running the shipped wrapper,
 * with the example pack's TickSensor unchanged and a test sensor that exercises the rest of the contract.
 */
class SensorProcessTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    /** The examples pack's polling sensor, run as shipped. */
    private static final Path TICK_SENSOR = Path.of("../../packs/examples/sensors/polling_sensor.py");

    @TempDir
    Path dir;

    private StubApi api;
    private Path pythonDir;
    private final Recorder events = new Recorder();
    private final List<SensorProcess> processes = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        api = new StubApi();
        pythonDir = PythonFiles.unpack(dir.resolve("python"));
        Files.createDirectories(dir.resolve("pack/sensors"));
        Files.copy(TICK_SENSOR, dir.resolve("pack/sensors/polling_sensor.py"));
        Files.writeString(dir.resolve("pack/sensors/probe.py"), PROBE_SENSOR);
    }

    @AfterEach
    void tearDown() {
        processes.forEach(p -> p.stop(Duration.ofSeconds(2)));
        api.close();
    }

    @Test
    void theExampleTickSensorDispatchesAndKeepsItsCounterInTheDatastore() {
        api.values.put("examples.TickSensor:count", "41");
        SensorProcess p = start(spec("TickSensor", "polling_sensor.py", 1, Json.object()), Map.of());

        await().atMost(PATIENCE).until(() -> events.dispatches.size() >= 2);
        assertThat(events.dispatches.get(0).trigger()).isEqualTo("examples.tick");
        assertThat(events.dispatches.get(0).payload()).isEqualTo(json("{'count': 42}"));
        assertThat(events.dispatches.get(1).payload()).isEqualTo(json("{'count': 43}"));
        assertThat(api.requests)
                .contains("GET examples.TickSensor:count token-1", "PUT examples.TickSensor:count token-1");
        assertThat(events.spawned).containsExactly(p.pid());
    }

    @Test
    void whatTheSensorPrintsNeverReachesTheMessageChannel() {
        start(spec("Probe", "probe.py", null, json("{'greeting': 'hi'}")), Map.of());

        await().atMost(PATIENCE).until(() -> events.has("probe.ready"));
        assertThat(events.dispatches)
                .extracting(WrapperProtocol.Dispatch::trigger)
                .doesNotContain("fake.print", "fake.fd1")
                .contains("probe.ready");
        assertThat(events.payload("probe.ready")).isEqualTo(json("{'config': {'greeting': 'hi'}}"));
        assertThat(events.dispatches.stream()
                        .filter(d -> d.trigger().equals("probe.ready"))
                        .findFirst()
                        .orElseThrow()
                        .traceTag())
                .isEqualTo("tag-1");
    }

    @Test
    void stopRunsTheSensorsCleanupAndDoesNotRestartIt() throws Exception {
        SensorProcess p = start(spec("Probe", "probe.py", null, Json.object()), Map.of());
        await().atMost(PATIENCE).until(() -> events.has("probe.ready"));

        p.stop(Duration.ofSeconds(10));

        assertThat(Files.readString(dir.resolve("pack/cleanup.txt"))).isEqualTo("cleaned");
        assertThat(events.exits).containsExactly(0);
        assertThat(events.spawned).hasSize(1);
        assertThat(p.alive()).isFalse();
    }

    @Test
    void aSensorThatDiesIsStartedAgainAndEachStartAndExitIsAnnounced() {
        SensorProcess p = start(spec("Probe", "probe.py", null, Json.object()), Map.of());
        await().atMost(PATIENCE).until(() -> events.has("probe.ready"));
        long first = p.pid();

        ProcessHandle.of(first).orElseThrow().destroyForcibly();

        await().atMost(PATIENCE).until(() -> events.spawned.size() == 2 && p.alive());
        assertThat(events.exits).containsExactly(137);
        assertThat(p.pid()).isNotEqualTo(first);
        await().atMost(PATIENCE).until(() -> events.count("probe.ready") == 2);
    }

    @Test
    void aSensorWhoseRunReturnedHasFinishedAndIsNotRestarted() throws Exception {
        Files.writeString(dir.resolve("pack/sensors/once.py"), ONCE_SENSOR);
        IdleSensorHooks.writeInto(dir.resolve("pack/sensors"));
        SensorProcess p = start(spec("Once", "once.py", null, Json.object()), Map.of());

        await().atMost(PATIENCE).until(p::finished);
        assertThat(events.exits).containsExactly(0);
        assertThat(events.has("once.done")).isTrue();
        assertThat(events.spawned).hasSize(1);
    }

    @Test
    void theSensorIsToldOfItsTriggersAtStartAndOfEveryChange() {
        ObjectNode t1 = json("{'id': 't1', 'ref': 'probe.a', 'type': 'probe.watch', 'parameters': {'n': 1}}");
        SensorProcess p = start(spec("Probe", "probe.py", null, Json.object()), Map.of("t1", t1));
        await().atMost(PATIENCE).until(() -> events.has("probe.add_trigger"));

        ObjectNode t1b = json("{'id': 't1', 'ref': 'probe.a', 'type': 'probe.watch', 'parameters': {'n': 2}}");
        ObjectNode t2 = json("{'id': 't2', 'ref': 'probe.b', 'type': 'probe.watch', 'parameters': {}}");
        p.triggers(Map.of("t1", t1b, "t2", t2));
        await().atMost(PATIENCE).until(() -> events.has("probe.update_trigger"));
        p.triggers(Map.of("t2", t2));
        await().atMost(PATIENCE).until(() -> events.has("probe.remove_trigger"));

        assertThat(events.payload("probe.update_trigger")).isEqualTo(t1b);
        assertThat(events.payload("probe.remove_trigger")).isEqualTo(t1b);
        assertThat(events.dispatches)
                .filteredOn(d -> d.trigger().equals("probe.add_trigger"))
                .extracting(d -> d.payload().path("id").asText())
                .containsExactly("t1", "t2");
    }

    @Test
    void theWrapperStopsWithCleanupWhenItsContainerGoesAway() throws Exception {
        Process orphan = probeWrapper();
        orphan.getOutputStream().write(WrapperProtocol.init(Json.object()).getBytes());
        orphan.getOutputStream().flush();
        await().atMost(PATIENCE).until(() -> new String(orphan.getInputStream().readNBytes(1)).length() == 1);

        orphan.getOutputStream().close(); // what the death of the container does to the pipe

        assertThat(orphan.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(orphan.exitValue()).isZero();
        assertThat(Files.readString(dir.resolve("pack/cleanup.txt"))).isEqualTo("cleaned");
    }

    @Test
    void theWrapperKeepsRunningOnKeepalivesAndStopsWithCleanupWhenTheyCease() throws Exception {
        Process p = probeWrapper();
        StringBuffer output = new StringBuffer();
        Thread.ofVirtual().start(() -> {
            try {
                output.append(new String(p.getInputStream().readAllBytes()));
            } catch (IOException e) {
                // the process is gone
            }
        });
        var stdin = p.getOutputStream();
        stdin.write(WrapperProtocol.init(Json.object(), Duration.ofSeconds(1)).getBytes());
        stdin.flush();

        // three times the orphan timeout, with a keepalive every 200 ms: the sensor keeps running
        for (int i = 0; i < 15; i++) {
            stdin.write(WrapperProtocol.KEEPALIVE.getBytes());
            stdin.flush();
            Thread.sleep(200);
        }
        assertThat(p.isAlive()).as(output.toString()).isTrue();
        assertThat(dir.resolve("pack/cleanup.txt")).doesNotExist();

        // then silence, with the pipe still open (a frozen container): it stops itself, cleanup included
        assertThat(p.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("not 0, which would mean finished").isEqualTo(75);
        assertThat(Files.readString(dir.resolve("pack/cleanup.txt"))).isEqualTo("cleaned");
        await().atMost(PATIENCE).until(() -> output.toString().contains("no word from the container for"));
        stdin.close();
    }

    /** The wrapper running the probe sensor with no supervisor: the test plays the container. */
    private Process probeWrapper() throws IOException {
        SensorSpec spec = spec("Probe", "probe.py", null, Json.object());
        ProcessBuilder pb = new ProcessBuilder(spec.command(pythonDir)).redirectErrorStream(true);
        pb.environment().putAll(spec.environment(Map.of(), pythonDir, api.url(), "t"));
        return pb.start();
    }

    private SensorProcess start(SensorSpec spec, Map<String, ObjectNode> triggers) {
        SensorProcess p = new SensorProcess(
                spec,
                new SensorProcess.Launch(pythonDir, api.url(), "token-1", System.getenv(), Duration.ZERO),
                new RespawnPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10)),
                events,
                Clock.systemUTC());
        processes.add(p);
        p.start(triggers);
        return p;
    }

    private SensorSpec spec(String className, String file, Integer pollInterval, ObjectNode config) {
        Path pack = dir.resolve("pack");
        return new SensorSpec(
                "examples." + className,
                "examples",
                className,
                pack,
                pack.resolve("sensors").resolve(file),
                "python3",
                pollInterval,
                List.of("probe.watch"),
                config);
    }

    static ObjectNode json(String relaxed) {
        return Json.read(relaxed.replace('\'', '"'), ObjectNode.class);
    }

    /** Records what the supervised process reports. */
    static final class Recorder implements SensorProcess.Events {
        final List<Long> spawned = new CopyOnWriteArrayList<>();
        final List<Integer> exits = new CopyOnWriteArrayList<>();
        final List<WrapperProtocol.Dispatch> dispatches = new CopyOnWriteArrayList<>();

        @Override
        public void spawned(SensorSpec spec, long pid, String cmd) {
            assertThat(cmd).contains("reflex_sensor_wrapper.py", "--class-name=" + spec.className());
            spawned.add(pid);
        }

        @Override
        public void exited(SensorSpec spec, long pid, int exitCode) {
            exits.add(exitCode);
        }

        @Override
        public void dispatched(SensorSpec spec, WrapperProtocol.Dispatch dispatch) {
            dispatches.add(dispatch);
        }

        boolean has(String trigger) {
            return count(trigger) > 0;
        }

        long count(String trigger) {
            return dispatches.stream().filter(d -> d.trigger().equals(trigger)).count();
        }

        ObjectNode payload(String trigger) {
            return dispatches.stream()
                    .filter(d -> d.trigger().equals(trigger))
                    .reduce((a, b) -> b)
                    .orElseThrow()
                    .payload();
        }
    }

    /** Tries to corrupt the channel, reports its config and triggers, and leaves a mark when cleaned up. */
    private static final String PROBE_SENSOR = """
            import os
            import sys
            import time

            from st2reactor.sensor.base import Sensor


            class Probe(Sensor):
                def setup(self):
                    print("\\x1e" + '{"type": "dispatch", "trigger": "fake.print", "payload": {}}', end="")
                    os.write(1, b'\\x1e{"type": "dispatch", "trigger": "fake.fd1", "payload": {}}\\n')
                    sys.stdout.flush()

                def run(self):
                    self.sensor_service.dispatch("probe.ready", {"config": self.config}, trace_tag="tag-1")
                    while True:
                        time.sleep(0.05)

                def cleanup(self):
                    with open(os.path.join(os.path.dirname(__file__), "..", "cleanup.txt"), "w") as f:
                        f.write("cleaned")

                def add_trigger(self, trigger):
                    self.sensor_service.dispatch(trigger="probe.add_trigger", payload=trigger)

                def update_trigger(self, trigger):
                    self.sensor_service.dispatch(trigger="probe.update_trigger", payload=trigger)

                def remove_trigger(self, trigger):
                    self.sensor_service.dispatch(trigger="probe.remove_trigger", payload=trigger)
            """;

    private static final String ONCE_SENSOR = """
            from idle_sensor_hooks import IdleSensorHooks
            from st2reactor.sensor.base import Sensor


            class Once(IdleSensorHooks, Sensor):
                def setup(self):
                    pass

                def run(self):
                    self.sensor_service.dispatch(trigger="once.done")
            """;
}
