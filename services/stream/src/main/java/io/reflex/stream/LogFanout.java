package io.reflex.stream;

import io.reflex.core.bus.LogPosition;
import io.reflex.core.bus.Subscription;
import io.reflex.core.health.HealthCheck;
import io.reflex.core.health.HealthStatus;
import io.reflex.runtime.lifecycle.Component;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one reader of the event log in a stream process: it reads from the log's end (records appended after
 * the process started) and hands each record, in offset order, to every registered listener. Listeners
 * must not block: they run on the reader's thread, and a slow one would delay every client and the reader
 * itself. Clients that resume from an older offset read that part with a reader of their own and then
 * join here (see {@link EventStreamClient}).
 */
final class LogFanout implements Component {
    private static final Logger log = LoggerFactory.getLogger(LogFanout.class);

    /** Receives every record read after it registered, in order, on the reader's thread. */
    interface Listener {
        void onLive(LogEvent event);
    }

    private final RenderedLog events;
    private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Object order = new Object();
    private long lastOffset = -1;
    private volatile Subscription reading;

    LogFanout(RenderedLog events) {
        this.events = events;
    }

    @Override
    public void start() {
        reading = events.read(LogPosition.next(), this::dispatch);
        log.info("stream log reader started position=next");
    }

    /**
     * Adds a listener. Returns the offset of the last record dispatched before it joined (-1 when none was
     * read yet): the listener gets every record after that one and none up to it.
     */
    long register(Listener listener) {
        synchronized (order) {
            listeners.add(listener);
            return lastOffset;
        }
    }

    void unregister(Listener listener) {
        listeners.remove(listener);
    }

    /** The reader as a dependency of the service: down while it is not consuming the log (e.g. after a broker crash). */
    HealthCheck health() {
        return HealthCheck.of("event_log", () -> {
            Subscription s = reading;
            return s == null ? HealthStatus.down("log reader not started") : s.status();
        });
    }

    int listeners() {
        return listeners.size();
    }

    private void dispatch(LogEvent event) {
        Object[] targets;
        synchronized (order) {
            lastOffset = event.offset();
            targets = listeners.toArray();
        }
        for (Object target : targets) {
            try {
                ((Listener) target).onLive(event);
            } catch (RuntimeException e) {
                log.warn(
                        "stream listener failed offset={} event={} error={}",
                        event.offset(),
                        event.name(),
                        e.toString());
            }
        }
    }

    @Override
    public void close() {
        Subscription s = reading;
        if (s != null) {
            s.close();
            reading = null;
        }
    }
}
