package io.reflex.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.bus.EventBus;
import io.reflex.core.bus.EventLog;
import io.reflex.core.bus.LocalEventLog;
import io.reflex.core.bus.LogStream;
import io.reflex.core.bus.MessageHandler;
import io.reflex.core.bus.Subscription;
import io.reflex.core.bus.Topic;
import io.reflex.core.bus.WorkQueue;
import io.reflex.core.health.HealthCheck;
import io.reflex.core.json.Timestamps;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.StreamEvent;
import io.reflex.core.model.Token;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.runtime.backend.Backends;
import io.reflex.runtime.config.ConfigLoader;
import io.reflex.runtime.lifecycle.Lifecycle;
import io.reflex.runtime.service.ServiceContext;
import io.reflex.testing.InMemoryCoordinator;
import io.reflex.testing.InMemoryEventBus;
import io.reflex.testing.InMemoryStateStore;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The stream service assembled by {@link StreamService#assemble(ServiceContext, Lifecycle, Backends)} on
 * in-memory backends, listening on a free port: the production routes, auth and clients, with an event log
 * the test appends to directly (a {@link LocalEventLog}, whose offsets count from 0) and may give a small
 * retention.
 */
final class StreamTestServer implements AutoCloseable {
    private final Vertx vertx;
    private final Lifecycle lifecycle;
    private final InMemoryStateStore store;
    private final LocalEventLog<StreamEvent> log;
    private final AtomicLong nextOffset = new AtomicLong();
    private final String base;

    private StreamTestServer(
            Vertx vertx, Lifecycle lifecycle, InMemoryStateStore store, LocalEventLog<StreamEvent> log, String base) {
        this.vertx = vertx;
        this.lifecycle = lifecycle;
        this.store = store;
        this.log = log;
        this.base = base;
    }

    /** {@code flags} are config keys (e.g. {@code stream.heartbeat=200ms}); retention up to 100k records. */
    static StreamTestServer start(Path dataDir, Map<String, String> flags) throws Exception {
        return start(dataDir, flags, new LocalEventLog<>(StreamEvent.class, 100_000, 64L << 20, Duration.ofHours(1)));
    }

    static StreamTestServer start(Path dataDir, Map<String, String> flags, LocalEventLog<StreamEvent> log)
            throws Exception {
        Map<String, String> all = new HashMap<>();
        all.put("data_dir", dataDir.toString());
        all.put("stream.port", "0");
        all.putAll(flags);
        var config = ConfigLoader.load(null, Map.of(), all);
        Vertx vertx = Vertx.vertx();
        Lifecycle lifecycle = new Lifecycle("stream-test");
        InMemoryStateStore store = new InMemoryStateStore();
        var endpoints = new ServiceContext.Endpoints();
        try {
            var ctx = new ServiceContext(new StreamService().name(), config, vertx, "test-member", endpoints);
            var bus = new OwnLogBus(new InMemoryEventBus(), log);
            StreamService.assemble(ctx, lifecycle, new Backends(store, bus, new InMemoryCoordinator()));
            lifecycle.start();
        } catch (Exception | Error e) {
            lifecycle.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            throw e;
        }
        return new StreamTestServer(
                vertx, lifecycle, store, log, endpoints.all().get(0).url());
    }

    String base() {
        return base;
    }

    InMemoryStateStore store() {
        return store;
    }

    /** Appends one event; returns its offset (its SSE id). */
    long append(String event, JsonNode data) {
        synchronized (nextOffset) {
            log.append(new StreamEvent(event, data));
            return nextOffset.getAndIncrement();
        }
    }

    /** A token for {@code user}, valid for an hour. */
    String token(String user) {
        String value = UUID.randomUUID().toString().replace("-", "");
        store.store(Kinds.TOKEN)
                .insert(new Token(Ids.newId(), user, value, Timestamps.now().plus(Duration.ofHours(1)), null, false));
        return value;
    }

    @Override
    public void close() throws Exception {
        lifecycle.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** The in-memory bus, except that the event log is the one the test made. */
    private record OwnLogBus(InMemoryEventBus bus, LocalEventLog<StreamEvent> events) implements EventBus {
        @Override
        public <T> void publish(WorkQueue<T> queue, String messageId, T message) {
            bus.publish(queue, messageId, message);
        }

        @Override
        public <T> Subscription consume(WorkQueue<T> queue, int prefetch, MessageHandler<T> handler) {
            return bus.consume(queue, prefetch, handler);
        }

        @Override
        public <T> void broadcast(Topic<T> topic, String routingKey, T message) {
            bus.broadcast(topic, routingKey, message);
        }

        @Override
        public <T> Subscription subscribe(Topic<T> topic, String bindingPattern, MessageHandler<T> handler) {
            return bus.subscribe(topic, bindingPattern, handler);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> EventLog<T> log(LogStream<T> stream) {
            return stream.name().equals(Channels.EVENTS.name()) ? (EventLog<T>) events : bus.log(stream);
        }

        @Override
        public HealthCheck health() {
            return bus.health();
        }

        @Override
        public void close() {
            bus.close();
        }
    }
}
