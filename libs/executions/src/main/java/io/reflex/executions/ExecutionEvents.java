package io.reflex.executions;

import io.reflex.core.bus.EventBus;
import io.reflex.core.bus.EventLog;
import io.reflex.core.execution.Execution;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.ExecutionCompleted;
import io.reflex.core.messages.StreamEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the rest of the system hears about executions: {@code st2.execution__<kind>} and
 * {@code st2.liveaction__<kind>} stream events (secrets masked per the view options), and
 * {@link ExecutionCompleted} on {@link Channels#EXECUTIONS_COMPLETED} when one completes. Best effort:
 * the execution record is the truth and is written before, so a failed append or publish is logged and
 * swallowed rather than undoing the change.
 */
public final class ExecutionEvents {
    private static final Logger log = LoggerFactory.getLogger(ExecutionEvents.class);

    private final EventBus bus;
    private final ExecutionViews.Options options;

    public ExecutionEvents(EventBus bus, ExecutionViews.Options options) {
        this.bus = bus;
        this.options = options;
    }

    public ExecutionViews.Options options() {
        return options;
    }

    public void created(Execution e) {
        append("create", e);
    }

    public void updated(Execution e) {
        append("update", e);
    }

    /** Tells notifiers {@code e} completed; call it once the completing change is stored. */
    public void completed(Execution e) {
        try {
            bus.publish(
                    Channels.EXECUTIONS_COMPLETED,
                    e.id() + ":" + e.status().wire(),
                    new ExecutionCompleted(e.id(), e.status()));
        } catch (RuntimeException ex) {
            log.warn("completion not published execution={} status={} error={}", e.id(), e.status(), ex.toString());
        }
    }

    private void append(String kind, Execution e) {
        try {
            EventLog<StreamEvent> events = bus.log(Channels.EVENTS);
            events.append(new StreamEvent("st2.execution__" + kind, ExecutionViews.execution(e, options)));
            events.append(
                    new StreamEvent("st2.liveaction__" + kind, ExecutionViews.liveaction(e, options.maskSecrets())));
        } catch (RuntimeException ex) {
            log.warn("stream event not appended event={} execution={} error={}", kind, e.id(), ex.toString());
        }
    }
}
