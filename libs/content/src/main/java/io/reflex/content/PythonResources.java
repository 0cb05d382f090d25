package io.reflex.content;

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
 * The Python side Reflex ships: the {@code st2common} compatibility package and the fallback modules in this
 * module's {@code python/} resources, and the wrapper of the service that asks ({@code python/} in the jar
 * of its anchor class). {@link #unpack} writes them into one directory, usually {@code <data_dir>/python},
 * which the action runner and the sensor container share. Each file is written beside its target and
 * renamed into place, so processes sharing the directory never see half a file; unpacking is idempotent.
 */
public final class PythonResources {
    private static final String ROOT = "python/";

    private PythonResources() {}

    /**
     * Unpacks this module's Python files and those in the jar (or classes directory) of each anchor.
     *
     * @return {@code dir}
     * @throws UncheckedIOException when a file cannot be written
     */
    public static Path unpack(Path dir, Class<?>... anchors) {
        List<Class<?>> all = new ArrayList<>(List.of(anchors));
        all.add(PythonResources.class);
        for (Class<?> anchor : all) {
            for (String name : names(anchor)) {
                copy(anchor, name, dir.resolve(name.substring(ROOT.length())).normalize());
            }
        }
        return dir;
    }

    /** The {@code .py} resource names under {@code python/} in the jar or classes directory of {@code anchor}. */
    public static List<String> names(Class<?> anchor) {
        Path location;
        try {
            location = Path.of(
                    anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the classes of " + anchor.getName(), e);
        }
        List<String> names = new ArrayList<>();
        try {
            if (Files.isDirectory(location)) {
                if (!Files.isDirectory(location.resolve(ROOT))) {
                    return names;
                }
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
            throw new UncheckedIOException("listing the Python files in " + location, e);
        }
        return names;
    }

    private static void copy(Class<?> anchor, String name, Path target) {
        try (InputStream in = anchor.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("python resource missing: " + name);
            }
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), ".python-", ".tmp");
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("unpacking " + name + " into " + target.getParent(), e);
        }
    }
}
