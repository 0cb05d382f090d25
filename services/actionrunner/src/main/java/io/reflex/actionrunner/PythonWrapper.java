package io.reflex.actionrunner;

import io.reflex.runtime.lifecycle.Component;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Unpacks the Python action wrapper ({@code reflex_action_wrapper.py} and the {@code st2common}
 * compatibility package) from this jar into a directory on start, so the python runner can put it on
 * {@code PYTHONPATH}. Each file is written beside its target and renamed into place, so runners sharing a
 * data directory never see half a file.
 */
final class PythonWrapper implements Component {
    static final List<String> FILES = List.of(
            "reflex_action_wrapper.py",
            "st2common/__init__.py",
            "st2common/runners/__init__.py",
            "st2common/runners/base_action.py",
            "st2common/services/__init__.py",
            "st2common/services/datastore.py");

    private final Path dir;

    PythonWrapper(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    @Override
    public void start() {
        for (String f : FILES) {
            Path target = dir.resolve(f);
            try (InputStream in = PythonWrapper.class.getResourceAsStream("/python/" + f)) {
                if (in == null) {
                    throw new IllegalStateException("python wrapper resource missing: " + f);
                }
                Files.createDirectories(target.getParent());
                Path tmp = Files.createTempFile(target.getParent(), ".wrapper-", ".tmp");
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("unpacking the python wrapper into " + dir, e);
            }
        }
    }

    @Override
    public void close() {}
}
