package io.reflex.bench;

import java.time.Duration;

/**
 * One system under {@code bin/bench compare}, started by the benchmark on loopback with folders of its own.
 * {@link #close()} stops every process it started.
 */
interface CompareTarget extends AutoCloseable {
    /** "Reflex", "n8n", "Node-RED". */
    String name();

    /** The version measured, e.g. "2.40.7" or "commit 9a53e20". */
    String version();

    /** How it was run, one line for the report. */
    String setup();

    /** What "completed" means for this system, one line for the report. */
    String completedMeans();

    /**
     * Sends {@code count} requests for {@code workload} from {@code clients} threads at {@code rate} per second
     * (0: as fast as answered) and waits (at most {@code limit}) until the system reports them finished.
     */
    CompareBatch run(CompareWorkload workload, int count, double rate, int clients, Duration limit) throws Exception;
}
