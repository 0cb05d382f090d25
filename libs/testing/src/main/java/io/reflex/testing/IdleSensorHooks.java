package io.reflex.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Python module {@code idle_sensor_hooks}: the cleanup and trigger hooks every StackStorm sensor must
 * define, as no-ops, for sensors written for tests and benchmarks. A sensor imports {@code IdleSensorHooks}
 * from it and lists it before its base class; {@link #writeInto} puts the module in the sensor's directory.
 */
public final class IdleSensorHooks {
    /** The module's file name; sensors import it as {@code idle_sensor_hooks}. */
    public static final String FILE = "idle_sensor_hooks.py";

    private IdleSensorHooks() {}

    /** The module's source. */
    public static String source() {
        try (InputStream in = IdleSensorHooks.class.getResourceAsStream("python/" + FILE)) {
            if (in == null) {
                throw new IllegalStateException("resource python/" + FILE + " is missing from reflex-testing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the module into {@code sensorsDir} (created if missing), replacing any older copy. */
    public static void writeInto(Path sensorsDir) throws IOException {
        Files.createDirectories(sensorsDir);
        Files.writeString(sensorsDir.resolve(FILE), source());
    }
}
