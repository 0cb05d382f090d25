package io.reflex.testing;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/** One {@link InMemoryEventBus} queue's messages, ready in (ready time, arrival) order; redeliveries wait out the retry delay. */
final class InMemoryQueue {
    record Pending(String messageId, byte[] json, int deliveryCount, long readyAt, long seq) {}

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final PriorityQueue<Pending> messages =
            new PriorityQueue<>(Comparator.comparingLong(Pending::readyAt).thenComparingLong(Pending::seq));
    private long seq;

    void offer(String messageId, byte[] json, int deliveryCount, long delayNanos) {
        lock.lock();
        try {
            messages.add(new Pending(messageId, json, deliveryCount, System.nanoTime() + delayNanos, seq++));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The next ready message, or null once {@code stop} says so. */
    Pending take(BooleanSupplier stop) throws InterruptedException {
        lock.lock();
        try {
            while (!stop.getAsBoolean()) {
                Pending head = messages.peek();
                long wait = head == null ? Long.MAX_VALUE : head.readyAt() - System.nanoTime();
                if (wait <= 0) {
                    return messages.poll();
                }
                if (head == null) {
                    changed.await();
                } else {
                    changed.awaitNanos(wait);
                }
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    void wake() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
