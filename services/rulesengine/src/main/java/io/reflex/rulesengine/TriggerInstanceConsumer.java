package io.reflex.rulesengine;

import io.reflex.core.bus.Delivery;
import io.reflex.core.bus.EventBus;
import io.reflex.core.bus.Subscription;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.TriggerDispatch;
import io.reflex.runtime.lifecycle.Component;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes {@link Channels#TRIGGER_INSTANCES}, up to {@code prefetch} at once (each handler on its own
 * virtual thread, as the bus runs them), and acknowledges a dispatch only once the processor has stored
 * all its effects. While a backend is down a handler keeps its message and tries again with backoff
 * instead of burning the bus's delivery limit, so an outage ends in recovery, not in the dead-letter
 * queue. Closing drains: no new deliveries, retries give up (their messages return to the queue) and
 * handlers in flight finish.
 */
final class TriggerInstanceConsumer implements Component {
    private static final Logger log = LoggerFactory.getLogger(TriggerInstanceConsumer.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final EventBus bus;
    private final TriggerInstanceProcessor processor;
    private final int prefetch;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile Subscription subscription;

    TriggerInstanceConsumer(EventBus bus, TriggerInstanceProcessor processor, int prefetch) {
        this.bus = bus;
        this.processor = processor;
        this.prefetch = prefetch;
    }

    @Override
    public void start() {
        subscription = bus.consume(Channels.TRIGGER_INSTANCES, prefetch, this::handle);
        log.info("rules engine consuming queue={} prefetch={}", Channels.TRIGGER_INSTANCES.name(), prefetch);
    }

    void handle(Delivery<TriggerDispatch> delivery) throws InterruptedException {
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; ; attempt++) {
            try {
                processor.process(delivery.body());
                return;
            } catch (RuntimeException e) {
                if (!Transient.is(e) || stopping.getCount() == 0) {
                    throw e;
                }
                log.warn(
                        "trigger instance waiting for backends trigger_instance={} attempt={} retry_in_ms={} error={}",
                        delivery.body().triggerInstanceId(),
                        attempt,
                        backoff.toMillis(),
                        e.toString());
                if (stopping.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw e;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    @Override
    public void close() {
        stopping.countDown();
        Subscription s = subscription;
        if (s != null) {
            s.close();
            log.info("rules engine stopped consuming queue={}", Channels.TRIGGER_INSTANCES.name());
        }
    }
}
