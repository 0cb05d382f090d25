package io.reflex.actionrunner;

import io.reflex.core.coordination.CoordinationException;
import io.reflex.core.coordination.Coordinator;
import io.reflex.core.coordination.Lease;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Waits in a coordinator semaphore's queue for as long as it takes, keeping the place in line (ZooKeeper
 * serves waiters first come, first served; a wait that timed out and started over would go to the back),
 * while a watcher asks {@code giveUp} every {@code checkEvery} and interrupts the wait when it says so.
 * Blocks the calling thread; call it from a virtual thread.
 */
final class PermitWaiter {
    private static final Duration FOREVER = Duration.ofDays(3650);

    private final Coordinator coordinator;
    private final Duration checkEvery;

    PermitWaiter(Coordinator coordinator, Duration checkEvery) {
        this.coordinator = coordinator;
        this.checkEvery = checkEvery;
    }

    /** Tries once without waiting. */
    Optional<Lease> tryAcquire(String name, int permits) {
        return coordinator.acquire(name, permits, Duration.ZERO);
    }

    /**
     * A permit of {@code name}, or empty once {@code giveUp} returned true.
     *
     * @throws CoordinationException when the coordinator fails (not because of giving up)
     */
    Optional<Lease> await(String name, int permits, BooleanSupplier giveUp) {
        Watch watch = new Watch(Thread.currentThread(), giveUp);
        Thread watcher = Thread.ofVirtual().name("permit-watch-" + name).start(watch::run);
        try {
            return coordinator.acquire(name, permits, FOREVER);
        } catch (CoordinationException e) {
            if (watch.gaveUp()) {
                return Optional.empty();
            }
            throw e;
        } finally {
            watch.done();
            watcher.interrupt();
            Thread.interrupted(); // an interrupt meant for the wait must not hit what comes next
        }
    }

    /** Asks {@code giveUp} every {@code checkEvery} and interrupts the waiter once it says so. */
    private final class Watch {
        private final Thread waiter;
        private final BooleanSupplier giveUp;
        private boolean done;
        private boolean gaveUp;

        Watch(Thread waiter, BooleanSupplier giveUp) {
            this.waiter = waiter;
            this.giveUp = giveUp;
        }

        void run() {
            while (true) {
                try {
                    Thread.sleep(checkEvery);
                } catch (InterruptedException e) {
                    return;
                }
                boolean stop;
                try {
                    stop = giveUp.getAsBoolean();
                } catch (RuntimeException e) {
                    stop = false; // cannot tell (store away): keep the place in line
                }
                synchronized (this) {
                    if (done) {
                        return;
                    }
                    if (stop) {
                        gaveUp = true;
                        waiter.interrupt();
                        return;
                    }
                }
            }
        }

        synchronized boolean gaveUp() {
            return gaveUp;
        }

        /** After this, the waiter is never interrupted by the watch. */
        synchronized void done() {
            done = true;
        }
    }
}
