package io.reflex.core.bus;

import io.reflex.core.json.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link EventLog} inside this process only: for tests, the in-memory bus, and brokers without stream
 * queues (records are then not shared between processes). Offsets start at 0 and grow by one per record.
 * Retention keeps at most {@code maxRecords} records, at most {@code maxBytes} of JSON and nothing older
 * than {@code maxAge}; the newest record is always kept. Records are stored as their JSON, so a record that
 * Jackson cannot write is refused at {@link #append} and every reader decodes its own copy.
 *
 * <p>Each reader runs on its own virtual thread and calls its handler for one record at a time. A handler
 * that throws is logged and the reader moves on: a log is a history, not a work queue.
 */
public final class LocalEventLog<T> implements EventLog<T> {
    private static final Logger log = LoggerFactory.getLogger(LocalEventLog.class);
    private static final int BATCH = 256;

    private final Class<T> type;
    private final long maxRecords;
    private final long maxBytes;
    private final Duration maxAge;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long nextOffset;
    private long bytes;

    public LocalEventLog(Class<T> type, long maxRecords, long maxBytes, Duration maxAge) {
        this(type, maxRecords, maxBytes, maxAge, Clock.systemUTC());
    }

    /** As the public constructor, with the clock that ages records (for tests). */
    public LocalEventLog(Class<T> type, long maxRecords, long maxBytes, Duration maxAge, Clock clock) {
        this.type = Objects.requireNonNull(type, "type");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxRecords < 1 || maxBytes < 1 || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("retention limits must be positive");
        }
        this.maxRecords = maxRecords;
        this.maxBytes = maxBytes;
    }

    /**
     * Appends one record; returns at once (memory is the only "backend").
     *
     * @throws IllegalArgumentException when the record cannot be written as JSON
     */
    @Override
    public void append(T record) {
        Objects.requireNonNull(record, "record");
        byte[] json = encode(record);
        lock.lock();
        try {
            entries.addLast(new Entry(nextOffset++, clock.instant(), json));
            bytes += json.length;
            trim();
            appended.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Subscription read(LogPosition from, Consumer<LogRecord<T>> handler) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(handler, "handler");
        long start = switch (from) {
            case LogPosition.First first -> 0;
            case LogPosition.Next next -> currentEnd();
            case LogPosition.After after -> Math.max(0, after.offset() + 1);
        };
        Reader reader = new Reader(start, handler);
        reader.thread = Thread.ofVirtual().name("local-log-reader").start(reader::run);
        return reader;
    }

    private long currentEnd() {
        lock.lock();
        try {
            return nextOffset;
        } finally {
            lock.unlock();
        }
    }

    private byte[] encode(T record) {
        try {
            return Json.mapper().writeValueAsBytes(record);
        } catch (Exception e) {
            throw new IllegalArgumentException("log record cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    /** Drops what retention no longer allows, oldest first; called with the lock held. */
    private void trim() {
        Instant oldestAllowed = clock.instant().minus(maxAge);
        while (entries.size() > 1) {
            Entry head = entries.peekFirst();
            boolean over =
                    entries.size() > maxRecords || bytes > maxBytes || head.at().isBefore(oldestAllowed);
            if (!over) {
                return;
            }
            entries.removeFirst();
            bytes -= head.json().length;
        }
        if (entries.size() == 1 && entries.peekFirst().at().isBefore(oldestAllowed)) {
            bytes -= entries.removeFirst().json().length;
        }
    }

    /** Waits for entries at or after {@code cursor}; empty when the reader was closed. */
    private List<Entry> awaitFrom(long cursor, Reader reader) throws InterruptedException {
        lock.lock();
        try {
            while (!reader.closed) {
                trim();
                List<Entry> batch = copyFrom(cursor);
                if (!batch.isEmpty()) {
                    return batch;
                }
                appended.await();
            }
            return List.of();
        } finally {
            lock.unlock();
        }
    }

    /** Up to a batch of entries from {@code cursor} on; walks from whichever end of the log is nearer. */
    private List<Entry> copyFrom(long cursor) {
        if (entries.isEmpty() || entries.peekLast().offset() < cursor) {
            return List.of();
        }
        long first = Math.max(cursor, entries.peekFirst().offset());
        List<Entry> batch = new ArrayList<>();
        if (first - entries.peekFirst().offset() <= entries.peekLast().offset() - first) {
            Iterator<Entry> it = entries.iterator();
            while (it.hasNext() && batch.size() < BATCH) {
                Entry e = it.next();
                if (e.offset() >= first) {
                    batch.add(e);
                }
            }
            return batch;
        }
        Iterator<Entry> back = entries.descendingIterator();
        while (back.hasNext()) {
            Entry e = back.next();
            if (e.offset() < first) {
                break;
            }
            batch.add(e);
        }
        Collections.reverse(batch);
        return batch.size() > BATCH ? batch.subList(0, BATCH) : batch;
    }

    private void wakeReaders() {
        lock.lock();
        try {
            appended.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private record Entry(long offset, Instant at, byte[] json) {}

    private final class Reader implements Subscription {
        private final Consumer<LogRecord<T>> handler;
        private long cursor;
        private volatile boolean closed;
        private volatile Thread thread;

        Reader(long start, Consumer<LogRecord<T>> handler) {
            this.cursor = start;
            this.handler = handler;
        }

        void run() {
            try {
                while (!closed) {
                    for (Entry e : awaitFrom(cursor, this)) {
                        if (closed) {
                            return;
                        }
                        deliver(e);
                        cursor = e.offset() + 1;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void deliver(Entry e) {
            try {
                handler.accept(new LogRecord<>(e.offset(), Json.read(e.json(), type)));
            } catch (RuntimeException ex) {
                log.warn(
                        "log record handler failed type={} offset={} error={}",
                        type.getSimpleName(),
                        e.offset(),
                        ex.toString());
            }
        }

        @Override
        public void close() {
            closed = true;
            wakeReaders();
            Thread t = thread;
            if (t != null && t != Thread.currentThread()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
