package io.reflex.executions;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Records a writer keeps as it last wrote (or read) them, to try its next compare-and-set on instead of reading
 * them again. A record here may be stale: the compare-and-set on it fails and the writer reads. Bounded: past
 * {@code capacity} ids the one used least recently is forgotten, which costs only a read if it is needed again.
 * Thread-safe; callers wait on a {@link ReentrantLock}, so a virtual thread never pins its carrier here.
 */
public final class LastWritten<T> {
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, T> records;

    public LastWritten(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.records = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, T> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The record last kept for {@code id}, or null. */
    public T get(String id) {
        lock.lock();
        try {
            return records.get(id);
        } finally {
            lock.unlock();
        }
    }

    /** The record last kept for {@code id}, or {@code fallback}. */
    public T getOrDefault(String id, T fallback) {
        T kept = get(id);
        return kept != null ? kept : fallback;
    }

    /** Keeps {@code record} for {@code id}. */
    public void put(String id, T record) {
        lock.lock();
        try {
            records.put(id, record);
        } finally {
            lock.unlock();
        }
    }

    /** The record kept for {@code id}, made by {@code make} (which must not block) when there is none. */
    public T computeIfAbsent(String id, Function<String, T> make) {
        lock.lock();
        try {
            return records.computeIfAbsent(id, make);
        } finally {
            lock.unlock();
        }
    }

    /** Forgets {@code id}; returns what was kept, or null. */
    public T remove(String id) {
        lock.lock();
        try {
            return records.remove(id);
        } finally {
            lock.unlock();
        }
    }
}
