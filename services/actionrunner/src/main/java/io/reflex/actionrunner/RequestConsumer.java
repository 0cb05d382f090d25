package io.reflex.actionrunner;

import io.reflex.core.bus.EventBus;
import io.reflex.core.bus.Subscription;
import io.reflex.core.messages.Channels;
import io.reflex.runtime.lifecycle.Component;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes {@link Channels#EXECUTIONS_REQUESTED} with {@code concurrency} messages in flight, and drains on
 * close (docs/architecture.md, rule 4): nothing new is claimed, requests not started yet go back to the queue, executions
 * in flight get {@code shutdown.grace} to finish; those still running then are stopped and written
 * {@code abandoned} with the reason in their result, and their permits released. Leaving the runner group
 * and closing the backends happen after this, in the lifecycle's reverse order.
 */
final class RequestConsumer implements Component {
    private static final Logger log = LoggerFactory.getLogger(RequestConsumer.class);
    /** How long stopped runs get to write their abandoned outcome before it is written for them. */
    static final Duration ABANDON_WAIT = Duration.ofSeconds(10);

    private final EventBus bus;
    private final ExecutionHandler handler;
    private final Drain drain;
    private final RunnerSettings settings;
    private Subscription subscription;

    RequestConsumer(EventBus bus, ExecutionHandler handler, Drain drain, RunnerSettings settings) {
        this.bus = bus;
        this.handler = handler;
        this.drain = drain;
        this.settings = settings;
    }

    @Override
    public void start() {
        subscription = bus.consume(Channels.EXECUTIONS_REQUESTED, settings.concurrency(), handler);
        log.info(
                "action runner consuming owner={} concurrency={} lease_ttl_ms={}",
                settings.owner(),
                settings.concurrency(),
                settings.leaseTtl().toMillis());
    }

    @Override
    public void close() throws InterruptedException {
        if (subscription == null) {
            return;
        }
        drain.begin();
        log.info(
                "action runner draining owner={} in_flight={} grace_ms={}",
                settings.owner(),
                drain.active().size(),
                settings.grace().toMillis());
        // Closing the subscription stops deliveries and waits for every handler; it runs beside the drain
        // so that the grace period, not the slowest action, bounds the shutdown.
        Subscription s = subscription;
        subscription = null;
        Thread closing = Thread.ofVirtual().name("actionrunner-unsubscribe").start(s::close);
        if (!drain.awaitIdle(settings.grace())) {
            abandonRemaining();
        }
        closing.join(ABANDON_WAIT.plusSeconds(5));
        log.info(
                "action runner drained owner={} left={}",
                settings.owner(),
                drain.active().size());
    }

    private void abandonRemaining() throws InterruptedException {
        String reason = "Action runner " + settings.owner() + " shut down before the execution completed"
                + " (shutdown.grace of " + settings.grace().toSeconds() + "s exceeded).";
        drain.active().forEach(a -> {
            log.warn("execution abandoned by shutdown execution={} owner={}", a.id(), settings.owner());
            a.abandon(reason);
        });
        if (!drain.awaitIdle(ABANDON_WAIT)) {
            for (Attempt a : drain.active()) {
                try {
                    a.abandonNow(reason);
                } catch (RuntimeException e) {
                    log.warn("execution left to the reaper execution={} error={}", a.id(), e.toString());
                }
            }
        }
    }
}
