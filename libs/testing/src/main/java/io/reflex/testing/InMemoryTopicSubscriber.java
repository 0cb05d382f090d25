package io.reflex.testing;

import io.reflex.core.bus.Delivery;
import io.reflex.core.bus.MessageHandler;
import io.reflex.core.bus.PoisonMessageException;
import io.reflex.core.bus.Subscription;
import io.reflex.core.bus.Topic;
import io.reflex.core.json.Json;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link InMemoryEventBus#subscribe} subscription: messages are handled in order, one at a time, on one
 * virtual thread; a failing handler is retried in place up to the delivery limit, then the message is dropped.
 */
final class InMemoryTopicSubscriber<T> implements Subscription {
    private static final Logger log = LoggerFactory.getLogger(InMemoryEventBus.class);

    private final Topic<T> topic;
    private final String pattern;
    private final MessageHandler<T> handler;
    private final int deliveryLimit;
    private final Duration retryDelay;
    private final Consumer<Subscription> onClose;
    private final ExecutorService worker;
    private final ThreadLocal<Boolean> inHandler = ThreadLocal.withInitial(() -> false);
    private volatile boolean stopped;

    InMemoryTopicSubscriber(
            Topic<T> topic,
            String pattern,
            MessageHandler<T> handler,
            int deliveryLimit,
            Duration retryDelay,
            Consumer<Subscription> onClose) {
        this.topic = topic;
        this.pattern = Objects.requireNonNull(pattern, "bindingPattern");
        this.handler = handler;
        this.deliveryLimit = deliveryLimit;
        this.retryDelay = retryDelay;
        this.onClose = onClose;
        this.worker = Executors.newSingleThreadExecutor(
                Thread.ofVirtual().name("memory-topic-" + topic.name()).factory());
    }

    String pattern() {
        return pattern;
    }

    void offer(String messageId, String routingKey, byte[] json) {
        try {
            worker.execute(() -> {
                inHandler.set(true);
                deliver(messageId, routingKey, json);
            });
        } catch (RejectedExecutionException e) {
            // closed meanwhile: a closed subscription receives nothing
        }
    }

    private void deliver(String messageId, String routingKey, byte[] json) {
        if (stopped) {
            return;
        }
        T body;
        try {
            body = Json.read(json, topic.type());
        } catch (RuntimeException e) {
            log.warn("broadcast undecodable topic={} message_id={} error={}", topic.name(), messageId, e.toString());
            return;
        }
        for (int attempt = 1; attempt <= deliveryLimit && !stopped; attempt++) {
            try {
                handler.handle(new Delivery<>(body, messageId, routingKey, attempt));
                return;
            } catch (PoisonMessageException e) {
                break;
            } catch (Exception e) {
                pause();
            }
        }
        log.warn("broadcast dropped topic={} message_id={} routing_key={}", topic.name(), messageId, routingKey);
    }

    private void pause() {
        try {
            Thread.sleep(retryDelay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopped = true;
        onClose.accept(this);
        worker.shutdown();
        if (inHandler.get()) {
            return;
        }
        try {
            worker.awaitTermination(1, TimeUnit.DAYS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
