package io.reflex.sensorcontainer;

import io.reflex.content.PythonResources;
import java.nio.file.Path;

/**
 * Unpacks the sensor wrapper ({@code reflex_sensor_wrapper.py}, {@code st2reactor}) with the shared
 * {@code st2common} package into a directory, usually {@code <data_dir>/python}, which the action runner
 * fills with the same {@code st2common}.
 */
final class PythonFiles {
    private PythonFiles() {}

    /** @return {@code dir} */
    static Path unpack(Path dir) {
        if (!PythonResources.names(PythonFiles.class).contains("python/" + SensorSpec.WRAPPER)) {
            throw new IllegalStateException("the sensor wrapper is not among the sensor container's resources");
        }
        return PythonResources.unpack(dir, PythonFiles.class);
    }
}
