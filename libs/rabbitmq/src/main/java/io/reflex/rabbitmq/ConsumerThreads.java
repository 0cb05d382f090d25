package io.reflex.rabbitmq;

import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The handler threads of one consumer (work queue, topic or log reader) and the way it stops. Deliveries
 * arrive on the client's connection thread, which must not run handlers (that would stall every consumer of
 * the connection), so each is handed to a virtual thread here.
 *
 * <p>Closing marks the consumer stopping, cancels it at the broker, lets the handlers in flight finish and
 * only then closes its channel, so their acks still reach the broker. A handler may close its own
 * subscription; it cannot wait for itself, so then the waiting and the rest happen on a new virtual thread.
 */
final class ConsumerThreads {
    private final ExecutorService executor;
    private final ThreadLocal<Boolean> inHandler = ThreadLocal.withInitial(() -> false);
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();

    private ConsumerThreads(ExecutorService executor) {
        this.executor = executor;
    }

    /** Deliveries are handled one at a time, in the order they arrived, on one virtual thread. */
    static ConsumerThreads inOrder(String threadName) {
        return new ConsumerThreads(Executors.newSingleThreadExecutor(
                Thread.ofVirtual().name(threadName).factory()));
    }

    /** Each delivery is handled on its own virtual thread; the caller bounds how many run at once. */
    static ConsumerThreads perDelivery(String threadNamePrefix) {
        return new ConsumerThreads(Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name(threadNamePrefix, 0).factory()));
    }

    /**
     * Hands the handling of one delivery to a handler thread. Once the consumer is closing it is not run:
     * the delivery stays unacked, and the broker requeues it (or drops it with a private queue) when the
     * channel closes.
     */
    void execute(Runnable handling) {
        try {
            executor.execute(() -> {
                inHandler.set(true);
                handling.run();
            });
        } catch (RejectedExecutionException e) {
            // closing: see above
        }
    }

    /** Whether {@link #close} has begun; handlers check it to stop retrying and skip what is still queued. */
    boolean stopping() {
        return stopping.getCount() == 0;
    }

    /** Waits {@code delay} before a retry, or less once closing begins, so that a retry does not hold close up. */
    void pause(Duration delay) {
        try {
            stopping.await(delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops the consumer as described above, then closes {@code channel} and runs {@code afterClose}.
     * Idempotent; {@code consumerTag} may be null when consuming never started.
     */
    void close(Channel channel, String consumerTag, Runnable afterClose) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopping.countDown();
        try {
            if (consumerTag != null) {
                channel.basicCancel(consumerTag);
            }
        } catch (IOException | RuntimeException e) {
            // disconnected, or the tag is unknown after a reconnect: closing the channel ends the consumer too
        }
        executor.shutdown();
        Runnable finish = () -> {
            awaitHandlers();
            Channels.closeQuietly(channel);
            afterClose.run();
        };
        if (inHandler.get()) {
            Thread.ofVirtual().start(finish);
        } else {
            finish.run();
        }
    }

    private void awaitHandlers() {
        try {
            executor.awaitTermination(1, TimeUnit.DAYS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
