package io.reflex.sensorcontainer;

import io.reflex.content.PackRegistration;
import io.reflex.content.RegistrationResult;
import io.reflex.core.store.StateStore;
import io.reflex.testing.IdleSensorHooks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** Packs written for the tests and registered the way the api registers the packs directory. */
final class TestPacks {
    private TestPacks() {}

    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    static void packYaml(Path packDir, String name) throws IOException {
        write(packDir.resolve("pack.yaml"), """
                ---
                ref: %s
                name: %s
                description: sensors for tests
                version: 1.0.0
                author: Reflex tests
                email: tests@example.org
                """.formatted(name, name));
    }

    /** A polling sensor that does nothing but run: for tests that only count processes. */
    static void idleSensor(Path packDir, String className, int pollSeconds) throws IOException {
        String module = className.toLowerCase();
        write(packDir.resolve("sensors/" + module + ".yaml"), """
                ---
                class_name: %s
                entry_point: %s.py
                poll_interval: %d
                trigger_types:
                  - name: %s_event
                """.formatted(className, module, pollSeconds, module));
        write(packDir.resolve("sensors/" + module + ".py"), """
                from idle_sensor_hooks import IdleSensorHooks
                from st2reactor.sensor.base import PollingSensor


                class %s(IdleSensorHooks, PollingSensor):
                    def setup(self):
                        pass

                    def poll(self):
                        pass
                """.formatted(className));
        IdleSensorHooks.writeInto(packDir.resolve("sensors"));
    }

    /** Registers {@code names} from {@code packsDir} and fails on any content error. */
    static void register(StateStore store, Path packsDir, String... names) {
        List<RegistrationResult> results = new PackRegistration(
                        store, packsDir, packsDir.resolveSibling("configs"), Clock.systemUTC())
                .register(List.of(names));
        for (RegistrationResult r : results) {
            if (!r.errors().isEmpty() || r.rejected()) {
                throw new IllegalStateException("pack " + r.pack() + " did not register: " + r.errors());
            }
        }
    }

    /** Live {@code reflex_sensor_wrapper.py} processes of {@code className}, from the OS process table. */
    static long wrappersOf(String className) {
        return ProcessHandle.allProcesses()
                .filter(p -> {
                    String cmd = String.join(" ", p.info().arguments().orElse(new String[0]));
                    return cmd.contains("reflex_sensor_wrapper.py") && cmd.contains("--class-name=" + className);
                })
                .count();
    }
}
