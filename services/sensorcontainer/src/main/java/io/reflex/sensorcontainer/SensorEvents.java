package io.reflex.sensorcontainer;

import io.reflex.core.json.Json;
import java.time.Clock;

/**
 * What a sensor process reports, as triggers: its dispatches, and StackStorm's
 * {@code core.st2.sensor.process_spawn} {@code {id: <class name>, timestamp: <epoch s>, pid, cmd}} and
 * {@code core.st2.sensor.process_exit} {@code {id, timestamp, exit_code}}. Spawn and exit are published on
 * threads of their own: a supervisor must never wait for the broker before it reads its sensor's output or
 * gives a stopped sensor's lock back.
 */
final class SensorEvents implements SensorProcess.Events {
    private final TriggerEmitter emitter;
    private final Clock clock;

    SensorEvents(TriggerEmitter emitter, Clock clock) {
        this.emitter = emitter;
        this.clock = clock;
    }

    @Override
    public void spawned(SensorSpec spec, long pid, String cmd) {
        var payload = Json.object()
                .put("id", spec.className())
                .put("timestamp", clock.instant().getEpochSecond())
                .put("pid", pid)
                .put("cmd", cmd);
        Thread.ofVirtual()
                .name("sensor-spawned-" + spec.ref())
                .start(() -> emitter.system(TriggerEmitter.SPAWN_TRIGGER, payload));
    }

    @Override
    public void exited(SensorSpec spec, long pid, int exitCode) {
        var payload = Json.object()
                .put("id", spec.className())
                .put("timestamp", clock.instant().getEpochSecond())
                .put("exit_code", exitCode);
        Thread.ofVirtual()
                .name("sensor-exited-" + spec.ref())
                .start(() -> emitter.system(TriggerEmitter.EXIT_TRIGGER, payload));
    }

    @Override
    public void dispatched(SensorSpec spec, WrapperProtocol.Dispatch dispatch) {
        emitter.sensorDispatch(spec.ref(), dispatch);
    }
}
