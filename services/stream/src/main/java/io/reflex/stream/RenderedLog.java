package io.reflex.stream;

import io.reflex.core.bus.EventLog;
import io.reflex.core.bus.LogPosition;
import io.reflex.core.bus.Subscription;
import io.reflex.core.messages.Channels.StreamEvent;
import io.reflex.executions.ExecutionViews;
import java.util.function.Consumer;

/**
 * The event log as the stream reads it: each record with the events it stands for, execution records rendered
 * with this process's view settings ({@link ExecutionViews#events}), once per record read.
 */
record RenderedLog(EventLog<StreamEvent> log, ExecutionViews.Options views) {
    /** Reads from {@code from} onwards, as {@link EventLog#read} does, each record as a {@link LogEvent}. */
    Subscription read(LogPosition from, Consumer<LogEvent> handler) {
        return log.read(from, r -> handler.accept(new LogEvent(r.offset(), ExecutionViews.events(r.body(), views))));
    }
}
