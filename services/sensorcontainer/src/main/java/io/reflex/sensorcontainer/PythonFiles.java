package io.reflex.sensorcontainer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Unpacks the Python side shipped in this module ({@code python/}: {@code reflex_sensor_wrapper.py},
 * {@code st2reactor}, and the {@code st2common} package the build takes from the action runner) into a
 * directory, usually {@code <data_dir>/python}, which the action runner fills with the same
 * {@code st2common}. Each file is written beside its target and renamed into place, so processes sharing
 * the directory never see half a file.
 */
final class PythonFiles {
    private static final String ROOT = "python/";

    private PythonFiles() {}

    /** @return {@code dir} */
    static Path unpack(Path dir) {
        for (String name : names()) {
            Path target = dir.resolve(name.substring(ROOT.length())).normalize();
            try (InputStream in = PythonFiles.class.getClassLoader().getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("python resource missing: " + name);
                }
                Files.createDirectories(target.getParent());
                Path tmp = Files.createTempFile(target.getParent(), ".sensor-", ".tmp");
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("unpacking the sensor wrapper into " + dir, e);
            }
        }
        return dir;
    }

    /** The resource names under {@code python/} in this module's jar or classes directory. */
    static List<String> names() {
        Path location;
        try {
            location = Path.of(PythonFiles.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the sensor container's classes", e);
        }
        List<String> names = new ArrayList<>();
        try {
            if (Files.isDirectory(location)) {
                try (Stream<Path> files = Files.walk(location.resolve(ROOT))) {
                    files.filter(Files::isRegularFile)
                            .filter(f -> f.toString().endsWith(".py"))
                            .forEach(f ->
                                    names.add(location.relativize(f).toString().replace('\\', '/')));
                }
            } else {
                try (JarFile jar = new JarFile(location.toFile())) {
                    for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                        JarEntry entry = e.nextElement();
                        if (entry.getName().startsWith(ROOT) && entry.getName().endsWith(".py")) {
                            names.add(entry.getName());
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("listing the sensor wrapper in " + location, e);
        }
        if (!names.contains(ROOT + SensorSpec.WRAPPER)) {
            throw new IllegalStateException("the sensor wrapper is not in " + location);
        }
        return names;
    }
}
