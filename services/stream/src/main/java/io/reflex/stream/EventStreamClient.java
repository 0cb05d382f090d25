package io.reflex.stream;

import io.reflex.core.bus.LogPosition;
import io.reflex.core.bus.Subscription;
import io.reflex.core.messages.Channels.StreamEvent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code /stream} client: the events of the log that pass its filter, each once, in offset order.
 *
 * <p>A record may stand for several events ({@link LogEvent}); the client takes a record whole, sending those
 * of its events that pass the filter, and resumes within one when its last id names an event before the
 * record's last ({@link Seen}).
 *
 * <p>A live client starts with the records the process's {@link LogFanout} reads after it joined. A client
 * resuming after offset {@code L} joins the fanout first and, while a reader of its own replays the log from
 * {@code L + 1}, parks the fanout's records in {@code pending}. The fanout hands over everything after the
 * offset {@code R} it had reached when the client joined, so once the replay has passed {@code R} (or the
 * offset just before the oldest parked record), the parked records continue the sequence exactly: the
 * replay reader is closed and the client goes live. Every record is taken only when its offset is above
 * the last one taken, which is what makes "none twice" hold across the switch. If more records arrive
 * during the replay than {@code pending} may hold, they are dropped and the switch point moves to the next
 * one parked: the replay reads them anyway. If the first record the replay gets is past {@code L + 1}, the
 * log no longer holds what the client missed, and it is told so with one {@code reflex.stream__gap} event.
 *
 * <p>A new client whose request names executions first gets what the store owes it ({@link ExecutionReplay}):
 * it joins the fanout, parks what arrives, sends the stored output, then the parked records, skipping output
 * it already sent (by output id), and goes live; or, when the execution it waits for had ended, the end
 * event, and the stream closes.
 */
final class EventStreamClient implements LogFanout.Listener {
    private static final Logger log = LoggerFactory.getLogger(EventStreamClient.class);
    private static final long UNKNOWN = Long.MIN_VALUE;

    /**
     * What a resuming client saw, from its last id ({@link LogEvent#id}): record {@code offset} whole
     * ({@code N}), or its first {@code events} events ({@code N:i}, {@code events = i + 1}).
     */
    record Seen(long offset, int events) {
        static final int WHOLE = Integer.MAX_VALUE;

        Seen {
            if (offset < 0 || events < 1) {
                throw new IllegalArgumentException("not a position in the log: " + offset + ":" + events);
            }
        }

        /** {@code N} or {@code N:i}, both non-negative integers; empty when {@code id} is neither. */
        static Optional<Seen> parse(String id) {
            int colon = id.indexOf(':');
            try {
                long offset = Long.parseLong(colon < 0 ? id : id.substring(0, colon));
                int events = colon < 0 ? WHOLE : Math.addExact(Integer.parseInt(id.substring(colon + 1)), 1);
                return Optional.of(new Seen(offset, events));
            } catch (IllegalArgumentException | ArithmeticException e) { // not numbers, or out of range
                return Optional.empty();
            }
        }

        /** The last record seen whole. */
        long lastWhole() {
            return events == WHOLE ? offset : offset - 1;
        }
    }

    private final FrameSink connection;
    private final EventFilter filter;
    private final LogFanout fanout;
    private final int pendingLimit;
    private final long requested;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<LogEvent> pending = new ArrayDeque<>();
    private long lastSeen;
    private boolean catchingUp;
    private long switchAt = UNKNOWN;
    private boolean gapChecked;
    private boolean done;
    private Subscription replay;
    /** The stored output records a client of {@link #replaying} was sent, so live copies are skipped. */
    private final Set<String> sentOutputs = new HashSet<>();
    /** Catching up from the store ({@link #replaying}) rather than from the log ({@link #resume}). */
    private boolean fromStore;
    /** What a resuming client had seen ({@link #resume}); null for any other. */
    private Seen resumed;

    private EventStreamClient(
            FrameSink connection, EventFilter filter, LogFanout fanout, int pendingLimit, long requested) {
        this.connection = connection;
        this.filter = filter;
        this.fanout = fanout;
        this.pendingLimit = pendingLimit;
        this.requested = requested;
    }

    /** Streams what the log receives from now on. */
    static EventStreamClient live(FrameSink connection, EventFilter filter, LogFanout fanout) {
        EventStreamClient client = new EventStreamClient(connection, filter, fanout, 0, -1);
        client.lock.lock();
        try {
            client.lastSeen = fanout.register(client);
        } finally {
            client.lock.unlock();
        }
        connection.onClose(client::closed);
        return client;
    }

    /**
     * Streams every event after {@code seen}, then what the log receives. The replay reader is opened on a
     * virtual thread (opening it is a broker round trip).
     */
    static EventStreamClient resume(
            FrameSink connection,
            EventFilter filter,
            LogFanout fanout,
            RenderedLog events,
            Seen seen,
            StreamSettings settings) {
        long after = seen.lastWhole();
        EventStreamClient client = new EventStreamClient(connection, filter, fanout, settings.clientBuffer(), after);
        boolean replay;
        client.lock.lock();
        try {
            client.lastSeen = after;
            client.resumed = seen;
            client.catchingUp = true;
            long reached = fanout.register(client);
            if (reached >= 0) {
                client.switchAt = reached;
            }
            client.maybeGoLive();
            replay = client.catchingUp;
            log.info(
                    "stream client resuming client={} after={} live_reader_at={} replay={}",
                    connection.client(),
                    after,
                    reached,
                    replay);
        } finally {
            client.lock.unlock();
        }
        connection.onClose(client::closed);
        if (replay) {
            Thread.ofVirtual()
                    .name("stream-replay")
                    .start(() -> client.openReplay(events, after, settings.stallLimit()));
        }
        return client;
    }

    /**
     * Streams what the store owes a request naming executions, then what the log receives. The store is read
     * on a virtual thread; records arriving meanwhile are parked (a client whose parked records exceed its
     * buffer is cut).
     */
    static EventStreamClient replaying(
            FrameSink connection,
            EventFilter filter,
            LogFanout fanout,
            ExecutionReplay store,
            StreamSettings settings) {
        EventStreamClient client = new EventStreamClient(connection, filter, fanout, settings.clientBuffer(), -1);
        client.lock.lock();
        try {
            client.catchingUp = true;
            client.fromStore = true;
            client.lastSeen = fanout.register(client);
        } finally {
            client.lock.unlock();
        }
        connection.onClose(client::closed);
        Thread.ofVirtual().name("stream-executions").start(() -> client.replayStored(store, settings.stallLimit()));
        return client;
    }

    private void replayStored(ExecutionReplay store, Duration stallLimit) {
        ExecutionReplay.Owed owed;
        try {
            owed = store.read(filter);
            for (var output : owed.outputs()) {
                if (!connection.awaitRoom(stallLimit)) {
                    connection.cut("replay_stalled");
                    return;
                }
                lock.lock();
                try {
                    if (done) {
                        return;
                    }
                    if (sentOutputs.add(output.path("id").asText())) {
                        connection.offer(SseFrames.event(OutputStreamClient.OUTPUT_EVENT, output));
                    }
                } finally {
                    lock.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            log.warn("stream store replay failed client={} error={}", connection.client(), e.toString());
            connection.cut("store_failed");
            return;
        }
        lock.lock();
        try {
            catchingUp = false;
            for (LogEvent e = pending.poll(); e != null; e = pending.poll()) {
                take(e, true);
            }
            owed.end().filter(end -> !done).ifPresent(end -> {
                if (filter.accepts(end)) {
                    connection.offerBeyondLimit(SseFrames.event(end.event(), end.data()));
                }
                log.info(
                        "stream ends on a stored end client={} execution={}",
                        connection.client(),
                        filter.endExecutionId());
                done = true;
                connection.finish();
            });
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onLive(LogEvent event) {
        lock.lock();
        try {
            if (done) {
                return;
            }
            if (!catchingUp) {
                take(event, false);
                return;
            }
            if (fromStore) {
                park(event);
                return;
            }
            if (pending.size() >= pendingLimit) {
                pending.clear();
                switchAt = UNKNOWN;
            }
            if (pending.isEmpty() && switchAt == UNKNOWN) {
                switchAt = event.offset() - 1;
            }
            pending.add(event);
            maybeGoLive();
        } finally {
            lock.unlock();
        }
    }

    /** With the lock held: a record arriving while the store is read. */
    private void park(LogEvent event) {
        if (pending.size() >= pendingLimit) {
            done = true;
            pending.clear();
            connection.cut("buffer_full");
            return;
        }
        pending.add(event);
    }

    private void openReplay(RenderedLog events, long after, Duration stallLimit) {
        Subscription s;
        try {
            s = events.read(LogPosition.after(after), r -> onReplay(r, stallLimit));
        } catch (RuntimeException e) {
            log.warn("stream replay not opened client={} after={} error={}", connection.client(), after, e.toString());
            connection.cut("replay_failed");
            return;
        }
        lock.lock();
        try {
            if (catchingUp && !done) {
                replay = s;
                return;
            }
        } finally {
            lock.unlock();
        }
        s.close();
    }

    /** The replay reader's thread: it may wait for room, since it feeds this client only. */
    private void onReplay(LogEvent record, Duration stallLimit) {
        try {
            if (!connection.awaitRoom(stallLimit)) {
                connection.cut("replay_stalled");
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        lock.lock();
        try {
            if (!catchingUp || done) {
                return;
            }
            if (!gapChecked) {
                gapChecked = true;
                if (record.offset() > requested + 1) {
                    log.info(
                            "stream resume gap client={} requested={} first_available={}",
                            connection.client(),
                            requested,
                            record.offset());
                    connection.offerBeyondLimit(SseFrames.gap(requested, record.offset()));
                }
            }
            take(record, false);
            maybeGoLive();
        } finally {
            lock.unlock();
        }
    }

    /** With the lock held: once the replay reached the switch point, the parked records take over. */
    private void maybeGoLive() {
        if (!catchingUp || done || switchAt == UNKNOWN || lastSeen < switchAt) {
            return;
        }
        catchingUp = false;
        for (LogEvent e = pending.poll(); e != null; e = pending.poll()) {
            take(e, true);
        }
        closeReplay();
        log.info("stream client live client={} offset={}", connection.client(), lastSeen);
    }

    /**
     * With the lock held: sends the wanted events of one record if it is new (those the client had not seen, of
     * a record it saw part of); ends the stream on its end event.
     */
    private void take(LogEvent record, boolean beyondLimit) {
        if (done || record.offset() <= lastSeen) {
            return;
        }
        lastSeen = record.offset();
        // a record seen whole is behind lastSeen: only one seen in part comes here again
        int first = resumed != null && record.offset() == resumed.offset() ? resumed.events() : 0;
        for (int i = first; i < record.size(); i++) {
            StreamEvent event = record.event(i);
            if (filter.accepts(event) && !sentAlready(event)) {
                if (beyondLimit) {
                    connection.offerBeyondLimit(record.frame(i));
                } else if (!connection.offer(record.frame(i))) {
                    done = true;
                    connection.cut("buffer_full");
                    return;
                }
            }
            if (filter.ends(event)) {
                done = true;
                connection.finish();
                return;
            }
        }
    }

    private boolean sentAlready(StreamEvent event) {
        return !sentOutputs.isEmpty()
                && event.event().equals(OutputStreamClient.OUTPUT_EVENT)
                && sentOutputs.contains(event.data().path("id").asText());
    }

    private void closed() {
        lock.lock();
        try {
            done = true;
            pending.clear();
            closeReplay();
        } finally {
            lock.unlock();
        }
        fanout.unregister(this);
    }

    /** With the lock held. Closing waits for the reader's thread, which may be this one: close elsewhere. */
    private void closeReplay() {
        Subscription s = replay;
        replay = null;
        if (s != null) {
            Thread.ofVirtual().name("stream-replay-close").start(s::close);
        }
    }
}
