package io.reflex.core.bus;

import java.util.List;
import java.util.function.Consumer;

/**
 * A shared, bounded, replayable log with one total order, readable from any process: the source of the
 * event stream and of its resume-after-reconnect. Retention is bounded by size and age; records older
 * than the retained window are gone, and a reader that asks for them starts at the oldest retained
 * record (compare the first offset it receives with the one it asked for to detect the gap).
 */
public interface EventLog<T> {
    /**
     * Appends one record durably; returns once the backend confirmed it. Records appended by one thread
     * appear in the order appended.
     *
     * @throws BusException when the append could not be confirmed
     */
    void append(T record);

    /**
     * Appends {@code records} durably, in order; returns once the backend confirmed all of them (a backend
     * may confirm them together, which costs one round trip instead of one each).
     *
     * @throws BusException when an append could not be confirmed (some may have been)
     */
    default void appendAll(List<T> records) {
        for (T record : records) {
            append(record);
        }
    }

    /**
     * Reads records from {@code from} onwards, in offset order, each exactly once per reader, calling
     * {@code handler} on one thread at a time. Keeps reading new records until closed.
     */
    Subscription read(LogPosition from, Consumer<LogRecord<T>> handler);
}
