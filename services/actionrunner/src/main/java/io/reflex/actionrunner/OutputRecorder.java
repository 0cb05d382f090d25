package io.reflex.actionrunner;

import io.reflex.actionrunner.runners.Runner.OutputSink;
import io.reflex.core.bus.EventLog;
import io.reflex.core.json.Timestamps;
import io.reflex.core.messages.Channels.StreamEvent;
import io.reflex.core.model.ExecutionOutput;
import io.reflex.core.secrets.Masking;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Store;
import io.reflex.executions.ExecutionViews;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores each output line of a running execution as an {@code ExecutionOutput} record and announces it as
 * {@code st2.execution.output__create}, with every secret value of the execution masked. Lines are taken
 * at once (the action's pipe must not fill up) and written in order by one virtual thread; {@link #close}
 * waits a bounded time for the rest. Output is best effort: a line that cannot be written is logged and
 * skipped, never failing the execution.
 */
final class OutputRecorder implements OutputSink, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutputRecorder.class);
    private static final Duration FLUSH_WAIT = Duration.ofSeconds(10);

    private final Store<ExecutionOutput> outputs;
    private final EventLog<StreamEvent> events;
    private final Clock clock;
    private final String executionId;
    private final String actionRef;
    private final String runnerRef;
    private final List<String> secrets;
    private final BlockingQueue<ExecutionOutput> queue = new LinkedBlockingQueue<>();
    private final ExecutionOutput end;
    private final Thread writer;

    OutputRecorder(
            Store<ExecutionOutput> outputs,
            EventLog<StreamEvent> events,
            Clock clock,
            String executionId,
            String actionRef,
            String runnerRef,
            List<String> secrets) {
        this.outputs = outputs;
        this.events = events;
        this.clock = clock;
        this.executionId = executionId;
        this.actionRef = actionRef;
        this.runnerRef = runnerRef;
        this.secrets = List.copyOf(secrets);
        this.end = new ExecutionOutput("end", executionId, "", "", Timestamps.now(clock), "end", "", null);
        this.writer = Thread.ofVirtual().name("output-" + executionId).start(this::drain);
    }

    @Override
    public void line(String stream, String line) {
        queue.add(new ExecutionOutput(
                Ids.newId(),
                executionId,
                actionRef,
                runnerRef,
                Timestamps.now(clock),
                stream,
                Masking.text(line, secrets),
                null));
    }

    private void drain() {
        try {
            for (ExecutionOutput out = queue.take(); out != end; out = queue.take()) {
                write(out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(ExecutionOutput out) {
        try {
            outputs.insert(out);
            events.append(new StreamEvent("st2.execution.output__create", ExecutionViews.output(out)));
        } catch (RuntimeException e) {
            log.warn("execution output line lost execution={} output={} error={}", executionId, out.id(), e.toString());
        }
    }

    /** Writes what is still queued (waiting a bounded time) and stops. */
    @Override
    public void close() {
        queue.add(end);
        try {
            if (!writer.join(FLUSH_WAIT)) {
                log.warn("execution output not flushed in time execution={} lines_left={}", executionId, queue.size());
                writer.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
