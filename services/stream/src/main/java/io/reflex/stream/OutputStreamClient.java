package io.reflex.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.store.StateStore;
import java.util.ArrayDeque;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code /executions/{id}/output} client, as StackStorm's output stream: the stored output records
 * first, then live ones from the log, then {@code event: EOF} once the execution is completed, pausing or
 * resuming (at once if it already was). The client joins the {@link LogFanout} before it reads the store,
 * parking what arrives meanwhile, so no record falls between the two; records are sent once by output id.
 * The end is noticed from the log's {@code st2.execution__update} events and, in case one was lost, by
 * re-reading the execution after every heartbeat interval; before {@code EOF} the stored output is read once more
 * and anything not yet sent goes out. Stored text is masked here; live records arrive masked.
 */
final class OutputStreamClient implements LogFanout.Listener {
    static final String OUTPUT_EVENT = "st2.execution.output__create";
    static final Set<ExecutionStatus> CLOSING = closing();

    private static final Logger log = LoggerFactory.getLogger(OutputStreamClient.class);
    private static final String UPDATE_EVENT = "st2.execution__update";

    private final FrameSink connection;
    private final LogFanout fanout;
    private final StateStore store;
    private final Execution execution;
    private final String outputType;
    private final StreamSettings settings;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final ArrayDeque<LogEvent> held = new ArrayDeque<>();
    private final Set<String> sent = new HashSet<>();
    private boolean replaying = true;
    private boolean finishing;
    private boolean done;

    private OutputStreamClient(
            FrameSink connection,
            LogFanout fanout,
            StateStore store,
            Execution execution,
            String outputType,
            StreamSettings settings) {
        this.connection = connection;
        this.fanout = fanout;
        this.store = store;
        this.execution = execution;
        this.outputType = outputType.equals("all") ? null : outputType;
        this.settings = settings;
    }

    /** Starts streaming; the store is read on a virtual thread. */
    static void start(
            FrameSink connection,
            LogFanout fanout,
            StateStore store,
            Execution execution,
            String outputType,
            StreamSettings settings) {
        OutputStreamClient client = new OutputStreamClient(connection, fanout, store, execution, outputType, settings);
        fanout.register(client);
        connection.onClose(client::closed);
        Thread.ofVirtual().name("stream-output-" + execution.id()).start(client::run);
    }

    @Override
    public void onLive(LogEvent event) {
        if (!concerns(event)) {
            return;
        }
        lock.lock();
        try {
            if (done) {
                return;
            }
            if (!replaying) {
                take(event);
            } else if (held.size() < settings.clientBuffer()) {
                held.add(event);
            } else {
                done = true;
                connection.cut("buffer_full");
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean concerns(LogEvent event) {
        JsonNode data = event.event().data();
        return switch (event.name()) {
            case OUTPUT_EVENT -> execution.id().equals(data.path("execution_id").asText());
            case UPDATE_EVENT -> execution.id().equals(data.path("id").asText());
            default -> false;
        };
    }

    /** The watcher thread: stored output, then live, then a store check every heartbeat until the end. */
    private void run() {
        try {
            Execution current = store.executions().get(execution.id()).orElse(execution);
            if (!sendStored()) {
                return;
            }
            if (CLOSING.contains(current.status())) {
                end();
                return;
            }
            lock.lock();
            try {
                replaying = false;
                for (LogEvent e = held.poll(); e != null; e = held.poll()) {
                    take(e);
                }
            } finally {
                lock.unlock();
            }
            watch();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("output stream failed execution={} error={}", execution.id(), e.toString());
            connection.cut("store_failed");
        }
    }

    private void watch() throws InterruptedException {
        while (true) {
            lock.lock();
            try {
                long nanos = settings.heartbeat().toNanos();
                while (nanos > 0 && !done && !finishing) {
                    nanos = wake.awaitNanos(nanos);
                }
                if (done || finishing) {
                    return;
                }
            } finally {
                lock.unlock();
            }
            ExecutionStatus status = store.executions()
                    .get(execution.id())
                    .map(Execution::status)
                    .orElse(ExecutionStatus.ABANDONED);
            if (CLOSING.contains(status)) {
                lock.lock();
                try {
                    if (done || finishing) {
                        return;
                    }
                    finishing = true;
                } finally {
                    lock.unlock();
                }
                log.info("output stream ends on stored status execution={} status={}", execution.id(), status);
                if (sendStored()) {
                    end();
                }
                return;
            }
        }
    }

    /** With the lock held. */
    private void take(LogEvent event) {
        if (done || finishing) {
            return;
        }
        JsonNode data = event.event().data();
        if (event.name().equals(UPDATE_EVENT)) {
            if (CLOSING.stream()
                    .anyMatch(s -> s.wire().equals(data.path("status").asText()))) {
                finishing = true;
                wake.signalAll();
                Thread.ofVirtual().name("stream-output-end").start(this::finishAfterSweep);
            }
            return;
        }
        if (outputType != null && !outputType.equals(data.path("output_type").asText())) {
            return;
        }
        String id = data.path("id").asText(null);
        if (id != null && !sent.add(id)) {
            return;
        }
        if (!connection.offer(SseFrames.event(OUTPUT_EVENT, data))) {
            done = true;
            connection.cut("buffer_full");
        }
    }

    private void finishAfterSweep() {
        try {
            if (sendStored()) {
                end();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("output stream failed execution={} error={}", execution.id(), e.toString());
            connection.cut("store_failed");
        }
    }

    /** Sends the stored records not sent yet, in time order; false when the client is gone or stalled. */
    private boolean sendStored() throws InterruptedException {
        for (ObjectNode out : StoredOutput.of(store, execution, outputType, settings.maskSecrets())) {
            if (!connection.awaitRoom(settings.stallLimit())) {
                connection.cut("output_stalled");
                return false;
            }
            lock.lock();
            try {
                if (done || connection.isClosed()) {
                    return false;
                }
                if (sent.add(out.path("id").asText())) {
                    connection.offer(SseFrames.event(OUTPUT_EVENT, out));
                }
            } finally {
                lock.unlock();
            }
        }
        return !connection.isClosed();
    }

    private void end() {
        lock.lock();
        try {
            done = true;
        } finally {
            lock.unlock();
        }
        connection.offerBeyondLimit(SseFrames.EOF);
        connection.finish();
    }

    private void closed() {
        lock.lock();
        try {
            done = true;
            held.clear();
            wake.signalAll();
        } finally {
            lock.unlock();
        }
        fanout.unregister(this);
    }

    private static Set<ExecutionStatus> closing() {
        EnumSet<ExecutionStatus> s = EnumSet.copyOf(ExecutionStatus.COMPLETED);
        s.add(ExecutionStatus.PAUSING);
        s.add(ExecutionStatus.RESUMING);
        return Set.copyOf(s);
    }
}
