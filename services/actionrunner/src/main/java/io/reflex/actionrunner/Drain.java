package io.reflex.actionrunner;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This runner's executions in flight and whether it is shutting down. Once draining, nothing new is
 * claimed: work that has not started goes back to the queue, work that runs may finish. Thread-safe.
 */
final class Drain {
    private final Set<Attempt> active = ConcurrentHashMap.newKeySet();
    private final Object changed = new Object();
    private volatile boolean draining;

    boolean draining() {
        return draining;
    }

    void begin() {
        draining = true;
    }

    void add(Attempt a) {
        active.add(a);
    }

    void remove(Attempt a) {
        active.remove(a);
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    List<Attempt> active() {
        return List.copyOf(active);
    }

    /** Waits up to {@code max} until no execution is in flight; true when none is. */
    boolean awaitIdle(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (changed) {
            while (!active.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }
}
