package io.reflex.sensorcontainer;

import io.reflex.core.coordination.Lease;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A sensor this container owns: the coordinator lock that allows it to run and its supervised process.
 * The lock is released only after the process is gone, so the next owner can never start it early.
 */
final class Assignment {
    private final String ref;
    private final Lease lease;
    private final SensorProcess process;
    private final AtomicBoolean killed = new AtomicBoolean();
    private volatile boolean released;
    private volatile CompletableFuture<Void> stopped;

    Assignment(String ref, Lease lease, SensorProcess process) {
        this.ref = ref;
        this.lease = lease;
        this.process = process;
    }

    String ref() {
        return ref;
    }

    Lease lease() {
        return lease;
    }

    SensorProcess process() {
        return process;
    }

    boolean stopping() {
        return stopped != null;
    }

    boolean stopDone() {
        CompletableFuture<Void> f = stopped;
        return f != null && f.isDone();
    }

    /** Stops the process (SIGTERM, SIGKILL after {@code grace}) then releases the lock, on a thread of its own. */
    synchronized CompletableFuture<Void> beginStop(Duration grace, Runnable then) {
        if (stopped == null) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            stopped = f;
            Thread.ofVirtual().name("sensor-stop-" + ref).start(() -> {
                try {
                    process.stop(grace);
                } finally {
                    released = true;
                    lease.release();
                    f.complete(null);
                    then.run();
                }
            });
        }
        return stopped;
    }

    /** The lock was lost while this container still counted on it (not given back by a stop). */
    boolean lockLost() {
        return !released && !lease.isValid();
    }

    /** Whether {@link #kill} was called. */
    boolean killed() {
        return killed.get();
    }

    /** SIGKILL at once (the lock is lost or may be); true the first time. */
    boolean kill() {
        if (killed.compareAndSet(false, true)) {
            process.kill();
            return true;
        }
        return false;
    }
}
