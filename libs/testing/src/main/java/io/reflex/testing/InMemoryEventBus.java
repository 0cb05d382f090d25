package io.reflex.testing;

import io.reflex.core.bus.BusException;
import io.reflex.core.bus.EventBus;
import io.reflex.core.bus.EventLog;
import io.reflex.core.bus.LocalEventLog;
import io.reflex.core.bus.LogStream;
import io.reflex.core.bus.MessageHandler;
import io.reflex.core.bus.PoisonMessageException;
import io.reflex.core.bus.Subscription;
import io.reflex.core.bus.Topic;
import io.reflex.core.bus.WorkQueue;
import io.reflex.core.health.HealthCheck;
import io.reflex.core.health.HealthStatus;
import io.reflex.core.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A faithful in-process fake of {@link EventBus} for unit tests and single-JVM runs. It behaves like the
 * RabbitMQ bus where a test can see it: messages go through JSON (a message Jackson cannot write fails at
 * publish, one it cannot read is dead-lettered), a failed handler gets its message again after
 * {@code retryDelay} with a higher delivery count, the {@code deliveryLimit}-th failure or a
 * {@link PoisonMessageException} moves it to {@link WorkQueue#deadLetters()}, at most {@code prefetch}
 * handlers of one subscription run at once (each on a virtual thread), topics match routing keys with
 * {@code *} and {@code #}, and logs are {@link LocalEventLog}s. Nothing survives the JVM; health is always up
 * until closed.
 */
public final class InMemoryEventBus implements EventBus {
    private static final long LOG_MAX_RECORDS = 100_000;
    private static final long LOG_MAX_BYTES = 64L << 20;
    private static final Duration LOG_MAX_AGE = Duration.ofHours(24);

    private final int deliveryLimit;
    private final Duration retryDelay;
    private final ConcurrentMap<String, InMemoryQueue> queues = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, List<InMemoryTopicSubscriber<?>>> topics = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, TypedLog> logs = new ConcurrentHashMap<>();
    private final Set<Subscription> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** A bus with the production delivery limit (5) and a short retry delay (20 ms) that keeps tests fast. */
    public InMemoryEventBus() {
        this(5, Duration.ofMillis(20));
    }

    public InMemoryEventBus(int deliveryLimit, Duration retryDelay) {
        if (deliveryLimit < 1) {
            throw new IllegalArgumentException("delivery limit must be >= 1");
        }
        this.deliveryLimit = deliveryLimit;
        this.retryDelay = Objects.requireNonNull(retryDelay, "retryDelay");
    }

    @Override
    public <T> void publish(WorkQueue<T> queue, String messageId, T message) {
        Objects.requireNonNull(messageId, "messageId");
        byte[] json = encode(message);
        checkOpen();
        queue(queue.name()).offer(messageId, json, 1, 0);
    }

    @Override
    public <T> Subscription consume(WorkQueue<T> queue, int prefetch, MessageHandler<T> handler) {
        if (prefetch < 1) {
            throw new IllegalArgumentException("prefetch must be >= 1");
        }
        checkOpen();
        Objects.requireNonNull(handler, "handler");
        InMemoryQueueConsumer<T> consumer = new InMemoryQueueConsumer<>(
                queue,
                queue(queue.name()),
                queue(queue.deadLetters().name()),
                prefetch,
                handler,
                deliveryLimit,
                retryDelay,
                open::remove);
        open.add(consumer);
        consumer.start();
        return consumer;
    }

    @Override
    public <T> void broadcast(Topic<T> topic, String routingKey, T message) {
        Objects.requireNonNull(routingKey, "routingKey");
        byte[] json = encode(message);
        checkOpen();
        String messageId = UUID.randomUUID().toString();
        for (InMemoryTopicSubscriber<?> s : topics.getOrDefault(topic.name(), List.of())) {
            if (matches(s.pattern(), routingKey)) {
                s.offer(messageId, routingKey, json);
            }
        }
    }

    @Override
    public <T> Subscription subscribe(Topic<T> topic, String bindingPattern, MessageHandler<T> handler) {
        checkOpen();
        List<InMemoryTopicSubscriber<?>> subscribers =
                topics.computeIfAbsent(topic.name(), n -> new CopyOnWriteArrayList<>());
        InMemoryTopicSubscriber<T> s = new InMemoryTopicSubscriber<>(
                topic, bindingPattern, Objects.requireNonNull(handler, "handler"), deliveryLimit, retryDelay, gone -> {
                    open.remove(gone);
                    subscribers.remove(gone);
                });
        subscribers.add(s);
        open.add(s);
        return s;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> EventLog<T> log(LogStream<T> stream) {
        TypedLog typed = logs.computeIfAbsent(stream.name(), n -> new TypedLog(stream.type(), newLog(stream.type())));
        if (typed.type() != stream.type()) {
            throw new IllegalArgumentException(
                    "log " + stream.name() + " holds " + typed.type().getSimpleName());
        }
        return (EventLog<T>) typed.log();
    }

    private static <T> LocalEventLog<T> newLog(Class<T> type) {
        return new LocalEventLog<>(type, LOG_MAX_RECORDS, LOG_MAX_BYTES, LOG_MAX_AGE);
    }

    @Override
    public HealthCheck health() {
        return HealthCheck.of("bus", () -> closed ? HealthStatus.down("closed") : HealthStatus.up("in-memory"));
    }

    @Override
    public void close() {
        closed = true;
        for (Subscription s : List.copyOf(open)) {
            s.close();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new BusException("bus is closed");
        }
    }

    private InMemoryQueue queue(String name) {
        return queues.computeIfAbsent(name, n -> new InMemoryQueue());
    }

    private static byte[] encode(Object message) {
        Objects.requireNonNull(message, "message");
        try {
            return Json.mapper().writeValueAsBytes(message);
        } catch (Exception e) {
            throw new IllegalArgumentException("message cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    /** Topic-exchange matching: words split on '.', '*' is exactly one word, '#' zero or more. */
    static boolean matches(String pattern, String routingKey) {
        return matches(pattern.split("\\.", -1), 0, routingKey.split("\\.", -1), 0);
    }

    private static boolean matches(String[] p, int i, String[] k, int j) {
        if (i == p.length) {
            return j == k.length;
        }
        if (p[i].equals("#")) {
            for (int skip = j; skip <= k.length; skip++) {
                if (matches(p, i + 1, k, skip)) {
                    return true;
                }
            }
            return false;
        }
        return j < k.length && (p[i].equals("*") || p[i].equals(k[j])) && matches(p, i + 1, k, j + 1);
    }

    private record TypedLog(Class<?> type, EventLog<?> log) {}
}
