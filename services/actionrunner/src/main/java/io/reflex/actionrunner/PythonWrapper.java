package io.reflex.actionrunner;

import io.reflex.content.PythonResources;
import io.reflex.runtime.lifecycle.Component;
import java.nio.file.Path;

/**
 * Unpacks the Python action wrapper ({@code reflex_action_wrapper.py}) with the shared {@code st2common}
 * compatibility package into a directory on start, so the python runner can put it on {@code PYTHONPATH}.
 */
final class PythonWrapper implements Component {
    private final Path dir;

    PythonWrapper(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** Unpacks into {@code dir}; returns it. */
    static Path unpack(Path dir) {
        return PythonResources.unpack(dir, PythonWrapper.class);
    }

    @Override
    public void start() {
        unpack(dir);
    }

    @Override
    public void close() {}
}
