package io.reflex.testing;

import io.reflex.core.bus.BusException;
import io.reflex.core.bus.EventBus;
import io.reflex.core.bus.EventLog;
import io.reflex.core.bus.LogPosition;
import io.reflex.core.bus.LogRecord;
import io.reflex.core.bus.LogStream;
import io.reflex.core.bus.MessageHandler;
import io.reflex.core.bus.Subscription;
import io.reflex.core.bus.Topic;
import io.reflex.core.bus.WorkQueue;
import io.reflex.core.health.HealthCheck;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An {@link EventBus} around any other (the in-memory fake, the RabbitMQ bus) that can cut the next
 * publishes to a work queue, or appends to a log, as a broker that went away would: the call throws
 * {@link BusException} and nothing reaches the bus. Armed per channel by name, for a number of calls, or
 * for every publish from some point on; everything else passes through. Counts what was cut, for
 * assertions. Thread-safe.
 */
public final class FaultyEventBus implements EventBus {
    private final EventBus delegate;
    private final Map<String, AtomicInteger> armed = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> cut = new ConcurrentHashMap<>();
    private final Map<String, EventLog<?>> logs = new ConcurrentHashMap<>();
    private volatile boolean allPublishesCut;

    public FaultyEventBus(EventBus delegate) {
        this.delegate = delegate;
    }

    /** The next {@code times} publishes to {@code queue} fail without reaching the bus. */
    public FaultyEventBus cutPublishes(WorkQueue<?> queue, int times) {
        armed.computeIfAbsent("queue:" + queue.name(), k -> new AtomicInteger()).addAndGet(times);
        return this;
    }

    /** From now on every publish, to any queue, fails without reaching the bus: a broker that is down. */
    public FaultyEventBus cutAllPublishes() {
        allPublishesCut = true;
        return this;
    }

    /** The next {@code times} appends to {@code stream} fail without reaching the log. */
    public FaultyEventBus cutAppends(LogStream<?> stream, int times) {
        armed.computeIfAbsent("log:" + stream.name(), k -> new AtomicInteger()).addAndGet(times);
        return this;
    }

    /** Publishes to {@code queue} cut so far. */
    public int publishesCut(WorkQueue<?> queue) {
        return cut.getOrDefault("queue:" + queue.name(), new AtomicInteger()).get();
    }

    /** Appends to {@code stream} cut so far. */
    public int appendsCut(LogStream<?> stream) {
        return cut.getOrDefault("log:" + stream.name(), new AtomicInteger()).get();
    }

    private void maybeCut(String channel) {
        AtomicInteger left = armed.get(channel);
        boolean down = allPublishesCut && channel.startsWith("queue:");
        if (down || (left != null && left.getAndUpdate(n -> Math.max(0, n - 1)) > 0)) {
            cut.computeIfAbsent(channel, k -> new AtomicInteger()).incrementAndGet();
            throw new BusException("fault injected: " + channel + " cut before it reached the broker");
        }
    }

    @Override
    public <T> void publish(WorkQueue<T> queue, String messageId, T message) {
        maybeCut("queue:" + queue.name());
        delegate.publish(queue, messageId, message);
    }

    @Override
    public <T> Subscription consume(WorkQueue<T> queue, int prefetch, MessageHandler<T> handler) {
        return delegate.consume(queue, prefetch, handler);
    }

    @Override
    public <T> void broadcast(Topic<T> topic, String routingKey, T message) {
        delegate.broadcast(topic, routingKey, message);
    }

    @Override
    public <T> Subscription subscribe(Topic<T> topic, String bindingPattern, MessageHandler<T> handler) {
        return delegate.subscribe(topic, bindingPattern, handler);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> EventLog<T> log(LogStream<T> stream) {
        return (EventLog<T>)
                logs.computeIfAbsent(stream.name(), k -> new FaultyLog<>(delegate.log(stream), "log:" + k));
    }

    @Override
    public HealthCheck health() {
        return delegate.health();
    }

    @Override
    public void close() {
        delegate.close();
    }

    private final class FaultyLog<T> implements EventLog<T> {
        private final EventLog<T> log;
        private final String channel;

        FaultyLog(EventLog<T> log, String channel) {
            this.log = log;
            this.channel = channel;
        }

        @Override
        public void append(T record) {
            maybeCut(channel);
            log.append(record);
        }

        @Override
        public Subscription read(LogPosition from, Consumer<LogRecord<T>> handler) {
            return log.read(from, handler);
        }
    }
}
