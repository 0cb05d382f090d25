package io.reflex.core.coordination;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread a coordinator calls its listeners on, for adapters: one daemon thread running one call at a
 * time in the order the calls were handed over, as {@link LeadershipListener} and {@link MembershipListener}
 * promise. A listener that throws is logged and the next call goes on; calls handed over after
 * {@link #close()} are dropped, so a late backend event cannot fail a coordinator that is shutting down.
 */
public final class ListenerCalls implements Executor, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ListenerCalls.class);

    private final ExecutorService thread;

    public ListenerCalls(String threadName) {
        this.thread = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().daemon().name(threadName).factory());
    }

    /** Queues {@code call} behind the calls handed over before it. Does not block. */
    @Override
    public void execute(Runnable call) {
        try {
            thread.execute(() -> {
                try {
                    call.run();
                } catch (RuntimeException e) {
                    log.warn("listener failed error={}", e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("listener call dropped after close");
        }
    }

    /** Lets the queued calls finish, without waiting for them, and accepts no new ones. Idempotent. */
    @Override
    public void close() {
        thread.shutdown();
    }
}
