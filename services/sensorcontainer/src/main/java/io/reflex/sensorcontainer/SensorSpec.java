package io.reflex.sensorcontainer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one sensor process is started from. Two equal specs start the same process, so a sensor whose
 * spec changed (new pack version, poll interval, trigger types, configuration, interpreter) is restarted.
 *
 * @param ref {@code <pack>.<class name>}
 * @param packDir the materialised pack version the sensor runs from
 * @param file the sensor module ({@code <packDir>/sensors/<entry_point>})
 * @param python the pack's virtualenv interpreter, or the configured one
 * @param pollInterval seconds between polls of a {@code PollingSensor}, or null for its default
 * @param triggerTypes refs of the trigger types the sensor declares
 * @param config the pack's configuration, handed to the sensor on stdin
 */
record SensorSpec(
        String ref,
        String pack,
        String className,
        Path packDir,
        Path file,
        String python,
        Integer pollInterval,
        List<String> triggerTypes,
        ObjectNode config) {
    static final String WRAPPER = "reflex_sensor_wrapper.py";

    SensorSpec {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(pack, "pack");
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(packDir, "packDir");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(python, "python");
        triggerTypes = List.copyOf(triggerTypes);
        Objects.requireNonNull(config, "config");
    }

    /** StackStorm's sensor_wrapper.py arguments, so process listings read the same. */
    List<String> command(Path wrapperDir) {
        List<String> cmd = new ArrayList<>(List.of(
                python,
                "-u",
                wrapperDir.resolve(WRAPPER).toString(),
                "--pack=" + pack,
                "--file-path=" + file,
                "--class-name=" + className,
                "--trigger-type-refs=" + String.join(",", triggerTypes),
                "--parent-args=[]"));
        if (pollInterval != null) {
            cmd.add("--poll-interval=" + pollInterval);
        }
        return cmd;
    }

    /**
     * The child's environment: this process's, without Reflex's own settings (they may hold secrets), plus
     * {@code PYTHONPATH} (wrapper, pack, pack {@code lib}, then the inherited one), {@code ST2_API_URL} and
     * {@code ST2_AUTH_TOKEN}.
     */
    Map<String, String> environment(Map<String, String> inherited, Path wrapperDir, String apiUrl, String token) {
        Map<String, String> env = new HashMap<>();
        inherited.forEach((k, v) -> {
            if (!k.startsWith("REFLEX_")) {
                env.put(k, v);
            }
        });
        Path lib = packDir.resolve("lib");
        String inheritedPath = inherited.getOrDefault("PYTHONPATH", "");
        env.put(
                "PYTHONPATH",
                wrapperDir + ":" + packDir + (Files.isDirectory(lib) ? ":" + lib : "")
                        + (inheritedPath.isBlank() ? "" : ":" + inheritedPath));
        env.put("ST2_API_URL", apiUrl);
        env.put("ST2_AUTH_TOKEN", token);
        env.put("PYTHONUNBUFFERED", "1");
        return env;
    }
}
