package io.reflex.executions;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Records a writer keeps as it last wrote (or read) them, to try its next compare-and-set on instead of reading
 * them again. A record here may be stale: the compare-and-set on it fails and the writer reads. Bounded: past
 * {@code capacity} ids everything is forgotten at once, which costs only those reads. Thread-safe.
 */
public final class LastWritten<T> {
    private final int capacity;
    private final Map<String, T> records = new ConcurrentHashMap<>();

    public LastWritten(int capacity) {
        this.capacity = capacity;
    }

    /** The record last kept for {@code id}, or null. */
    public T get(String id) {
        return records.get(id);
    }

    /** The record last kept for {@code id}, or {@code fallback}. */
    public T getOrDefault(String id, T fallback) {
        return records.getOrDefault(id, fallback);
    }

    /** Keeps {@code record} for {@code id}. */
    public void put(String id, T record) {
        makeRoomFor(id);
        records.put(id, record);
    }

    /** The record kept for {@code id}, made by {@code make} when there is none. */
    public T computeIfAbsent(String id, Function<String, T> make) {
        makeRoomFor(id);
        return records.computeIfAbsent(id, make);
    }

    /** Forgets {@code id}; returns what was kept, or null. */
    public T remove(String id) {
        return records.remove(id);
    }

    private void makeRoomFor(String id) {
        if (records.size() >= capacity && !records.containsKey(id)) {
            records.clear();
        }
    }
}
