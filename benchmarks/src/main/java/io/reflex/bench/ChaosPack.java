package io.reflex.bench;

import io.reflex.testing.IdleSensorHooks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The chaos benchmark's fixture pack {@code chaos}, written into the packs directory before the api registers
 * it: {@code chaos.append} sleeps {@code pause} seconds, so that runs overlap a fault, then appends one line
 * holding its {@code seq} to {@code file} (positional arguments of a local shell script, never interpolated into
 * a shell string), once per retry chain ({@code REFLEX_IDEMPOTENCY_KEY}); {@code chaos.append_retry} runs the
 * same script under an {@code action.retry} policy with {@code retry_on: abandoned}.
 */
final class ChaosPack {
    static final String APPEND = "chaos.append";
    static final String APPEND_RETRY = "chaos.append_retry";
    static final int MAX_RETRY_COUNT = 2;

    private ChaosPack() {}

    static void write(Path packs) throws IOException {
        write(packs, false);
    }

    /**
     * @param sensor also {@code chaos.TickSensor}, which dispatches {@code chaos.tick} every 2 s with its pid
     *     and its ancestors' pids ({@link HaLoad})
     */
    static void write(Path packs, boolean sensor) throws IOException {
        Path pack = Files.createDirectories(packs.resolve("chaos"));
        Files.writeString(pack.resolve("pack.yaml"), """
                ---
                ref: chaos
                name: chaos
                description: Fixture of the chaos benchmark, an effect per run that can be counted.
                version: 0.1.0
                author: Reflex benchmarks
                email: bench@example.org
                """);
        Path scripts = Files.createDirectories(pack.resolve("actions").resolve("scripts"));
        Path script = scripts.resolve("append.sh");
        // The effect happens once per retry chain: the first run of a chain (REFLEX_IDEMPOTENCY_KEY) to get there
        // claims the key with an atomic mkdir; a retry of a run that had its effect skips it. The same execution
        // run twice still appends twice, so a double run is counted, never hidden.
        Files.writeString(script, """
                #!/bin/sh
                sleep "$3"
                key="$1.runs/$REFLEX_IDEMPOTENCY_KEY"
                mkdir -p "$1.runs"
                if mkdir "$key" 2>/dev/null; then
                  printf '%s\\n' "$ST2_ACTION_EXECUTION_ID" > "$key/by"
                elif [ "$(cat "$key/by" 2>/dev/null)" != "$ST2_ACTION_EXECUTION_ID" ]; then
                  exit 0
                fi
                printf '%s\\n' "$2" >> "$1"
                """);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        action(pack, "append", "Appends its seq to file, one line per run.");
        action(pack, "append_retry", "chaos.append, retried when its runner died (policies/append_retry.yaml).");
        Path policies = Files.createDirectories(pack.resolve("policies"));
        Files.writeString(policies.resolve("append_retry.yaml"), """
                ---
                name: append_retry
                pack: chaos
                description: A chaos.append_retry whose runner died (lease expired, abandoned) runs again.
                enabled: true
                resource_ref: chaos.append_retry
                policy_type: action.retry
                parameters:
                  retry_on: abandoned
                  max_retry_count: %d
                """.formatted(MAX_RETRY_COUNT));
        if (sensor) {
            tickSensor(pack);
        }
    }

    private static void tickSensor(Path pack) throws IOException {
        Path sensors = Files.createDirectories(pack.resolve("sensors"));
        Files.writeString(sensors.resolve("tick.py"), """
                import os

                from idle_sensor_hooks import IdleSensorHooks
                from st2reactor.sensor.base import PollingSensor


                def ancestors():
                    out, pid = [], os.getpid()
                    while pid > 1 and len(out) < 6:
                        out.append(str(pid))
                        with open("/proc/%d/stat" % pid) as f:
                            pid = int(f.read().rsplit(")", 1)[1].split()[1])
                    return out


                class TickSensor(IdleSensorHooks, PollingSensor):
                    def setup(self):
                        self._ancestors = ancestors()

                    def poll(self):
                        self.sensor_service.dispatch(
                            trigger="chaos.tick", payload={"pid": str(os.getpid()), "ancestors": self._ancestors})
                """);
        IdleSensorHooks.writeInto(sensors);
        Files.writeString(sensors.resolve("tick.yaml"), """
                ---
                class_name: TickSensor
                entry_point: tick.py
                description: Dispatches chaos.tick every 2 seconds, naming its process and its ancestors.
                poll_interval: 2
                enabled: true
                trigger_types:
                  - name: tick
                    description: One poll of the tick sensor.
                    payload_schema:
                      type: object
                      properties:
                        pid: {type: string}
                        ancestors: {type: array, items: {type: string}}
                """);
    }

    private static void action(Path pack, String name, String description) throws IOException {
        Files.writeString(pack.resolve("actions").resolve(name + ".yaml"), """
                ---
                name: %s
                runner_type: local-shell-script
                description: "%s"
                enabled: true
                entry_point: scripts/append.sh
                parameters:
                  file:
                    type: string
                    required: true
                    position: 0
                  seq:
                    type: string
                    required: true
                    position: 1
                  pause:
                    type: string
                    default: "0.2"
                    position: 2
                """.formatted(name, description));
    }
}
