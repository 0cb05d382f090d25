package io.reflex.workflowengine;

import io.reflex.core.bus.EventBus;
import io.reflex.core.bus.Subscription;
import io.reflex.core.messages.Channels;
import io.reflex.runtime.lifecycle.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the workflow engines' two work queues while started: workflow requests and workflow task
 * completions, each up to {@code concurrency} at once. A message is acknowledged once its handler returned,
 * i.e. once the event is stored and what it decided carried out. Closing drains the handlers in flight.
 */
final class EventConsumers implements Component {
    private static final Logger log = LoggerFactory.getLogger(EventConsumers.class);

    private final EventBus bus;
    private final WorkflowEngine engine;
    private final int concurrency;
    private Subscription requests;
    private Subscription completions;

    EventConsumers(EventBus bus, WorkflowEngine engine, int concurrency) {
        this.bus = bus;
        this.engine = engine;
        this.concurrency = concurrency;
    }

    @Override
    public synchronized void start() {
        requests = bus.consume(
                Channels.WORKFLOWS_REQUESTED,
                concurrency,
                d -> engine.requested(d.body().executionId()));
        completions = bus.consume(
                Channels.WORKFLOW_TASKS_COMPLETED,
                concurrency,
                d -> engine.taskCompleted(d.body().executionId()));
        log.info(
                "consuming workflow events queues={},{} concurrency={}",
                Channels.WORKFLOWS_REQUESTED.name(),
                Channels.WORKFLOW_TASKS_COMPLETED.name(),
                concurrency);
    }

    @Override
    public synchronized void close() {
        if (requests != null) {
            requests.close();
            requests = null;
        }
        if (completions != null) {
            completions.close();
            completions = null;
        }
    }
}
