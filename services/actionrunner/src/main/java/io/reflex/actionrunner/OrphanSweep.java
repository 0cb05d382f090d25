package io.reflex.actionrunner;

import io.reflex.actionrunner.runners.Supervision;
import io.reflex.runtime.lifecycle.Component;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On start, before the runner takes any work, kills what a previous runner on this data directory left
 * running (its actions' sessions, when the runner and their supervisors died together) and forgets it:
 * see {@link Supervision}. Blocks while it kills.
 */
final class OrphanSweep implements Component {
    private static final Logger log = LoggerFactory.getLogger(OrphanSweep.class);

    private final Path dir;

    OrphanSweep(Path dir) {
        this.dir = dir;
    }

    @Override
    public void start() {
        int killed = Supervision.sweep(dir);
        log.info("orphaned actions swept dir={} killed={}", dir, killed);
    }

    @Override
    public void close() {}
}
