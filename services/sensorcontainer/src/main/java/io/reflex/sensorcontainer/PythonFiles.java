package io.reflex.sensorcontainer;

import io.reflex.content.PythonResources;
import java.nio.file.Path;

/**
 * Unpacks the sensor wrapper ({@code reflex_sensor_wrapper.py}) with the shared compatibility packages
 * ({@code st2common}, {@code st2reactor}, the eventlet stand-in) into a directory, usually
 * {@code <data_dir>/python}, which the action runner fills with the same packages.
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
