package io.reflex.testing;

import io.reflex.core.bus.Delivery;
import io.reflex.core.bus.MessageHandler;
import io.reflex.core.bus.PoisonMessageException;
import io.reflex.core.bus.Subscription;
import io.reflex.core.bus.WorkQueue;
import io.reflex.core.json.Json;
import io.reflex.testing.InMemoryQueue.Pending;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link InMemoryEventBus#consume} subscription: a dispatcher thread takes ready messages while a
 * prefetch permit is free and hands each to its own virtual thread. A failure is offered again after the
 * retry delay with a higher delivery count; the limit-th failure, a poison message or an undecodable one goes
 * to the dead-letter queue.
 */
final class InMemoryQueueConsumer<T> implements Subscription {
    private static final Logger log = LoggerFactory.getLogger(InMemoryEventBus.class);

    private final WorkQueue<T> queue;
    private final InMemoryQueue memory;
    private final InMemoryQueue deadLetters;
    private final Semaphore permits;
    private final MessageHandler<T> handler;
    private final int deliveryLimit;
    private final Duration retryDelay;
    private final Consumer<Subscription> onClose;
    private final ExecutorService handlers;
    private final ThreadLocal<Boolean> inHandler = ThreadLocal.withInitial(() -> false);
    private volatile boolean stopped;
    private Thread dispatcher;

    InMemoryQueueConsumer(
            WorkQueue<T> queue,
            InMemoryQueue memory,
            InMemoryQueue deadLetters,
            int prefetch,
            MessageHandler<T> handler,
            int deliveryLimit,
            Duration retryDelay,
            Consumer<Subscription> onClose) {
        this.queue = queue;
        this.memory = memory;
        this.deadLetters = deadLetters;
        this.permits = new Semaphore(prefetch);
        this.handler = handler;
        this.deliveryLimit = deliveryLimit;
        this.retryDelay = retryDelay;
        this.onClose = onClose;
        this.handlers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual()
                .name("memory-consume-" + queue.name() + "-", 0)
                .factory());
    }

    void start() {
        dispatcher = Thread.ofVirtual().name("memory-dispatch-" + queue.name()).start(this::dispatch);
    }

    private void dispatch() {
        try {
            while (!stopped) {
                permits.acquire();
                Pending p = memory.take(() -> stopped);
                if (p == null) {
                    return;
                }
                handlers.execute(() -> {
                    inHandler.set(true);
                    try {
                        process(p);
                    } finally {
                        permits.release();
                    }
                });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void process(Pending p) {
        T body;
        try {
            body = Json.read(p.json(), queue.type());
        } catch (RuntimeException e) {
            deadLetter(p, "undecodable: " + e.getMessage());
            return;
        }
        try {
            handler.handle(new Delivery<>(body, p.messageId(), queue.name(), p.deliveryCount()));
        } catch (PoisonMessageException e) {
            deadLetter(p, "poison: " + e.getMessage());
        } catch (Exception e) {
            if (p.deliveryCount() >= deliveryLimit) {
                deadLetter(p, "delivery limit " + deliveryLimit + " reached: " + e);
            } else {
                memory.offer(p.messageId(), p.json(), p.deliveryCount() + 1, retryDelay.toNanos());
            }
        }
    }

    private void deadLetter(Pending p, String reason) {
        log.warn("message dead-lettered queue={} message_id={} reason={}", queue.name(), p.messageId(), reason);
        deadLetters.offer(p.messageId(), p.json(), 1, 0);
    }

    @Override
    public void close() {
        stopped = true;
        onClose.accept(this);
        dispatcher.interrupt();
        memory.wake();
        try {
            // The dispatcher may hold a message it took; let it hand that over before refusing new tasks.
            dispatcher.join();
            handlers.shutdown();
            if (!inHandler.get()) {
                handlers.awaitTermination(1, TimeUnit.DAYS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
