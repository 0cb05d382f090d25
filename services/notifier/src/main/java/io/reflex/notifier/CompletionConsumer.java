package io.reflex.notifier;

import io.reflex.core.bus.EventBus;
import io.reflex.core.bus.MessageHandler;
import io.reflex.core.bus.Subscription;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.ExecutionCompleted;
import io.reflex.runtime.lifecycle.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes {@link Channels#EXECUTIONS_COMPLETED} while started, up to {@code concurrency} completions at
 * once. Closing drains: no new deliveries, the ones in flight finish and are acknowledged (or come back
 * to another notifier if they fail).
 */
final class CompletionConsumer implements Component {
    private static final Logger log = LoggerFactory.getLogger(CompletionConsumer.class);

    private final EventBus bus;
    private final MessageHandler<ExecutionCompleted> handler;
    private final int concurrency;
    private Subscription subscription;

    CompletionConsumer(EventBus bus, MessageHandler<ExecutionCompleted> handler, int concurrency) {
        this.bus = bus;
        this.handler = handler;
        this.concurrency = concurrency;
    }

    @Override
    public synchronized void start() {
        subscription = bus.consume(Channels.EXECUTIONS_COMPLETED, concurrency, handler);
        log.info("consuming completions queue={} concurrency={}", Channels.EXECUTIONS_COMPLETED.name(), concurrency);
    }

    @Override
    public synchronized void close() {
        if (subscription != null) {
            subscription.close();
            subscription = null;
            log.info("completions drained queue={}", Channels.EXECUTIONS_COMPLETED.name());
        }
    }
}
