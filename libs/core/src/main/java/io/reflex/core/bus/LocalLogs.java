package io.reflex.core.bus;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Logs kept in this process, one per name, for a broker that has no log of its own (the embedded broker
 * has no stream queues). Whoever owns the broker owns these logs and hands them to every bus connected to it
 * in this process, so services assembled in one process ({@code reflex up}) see each other's records; other
 * processes do not.
 */
public final class LocalLogs {
    private final ConcurrentMap<String, LocalEventLog<?>> logs = new ConcurrentHashMap<>();

    /**
     * The log named {@code name}, created with these limits on first use. A log name holds one record type
     * (the bus checks it, see {@link EventBus#log}).
     */
    @SuppressWarnings("unchecked")
    public <T> LocalEventLog<T> log(String name, Class<T> type, long maxRecords, long maxBytes, Duration maxAge) {
        return (LocalEventLog<T>)
                logs.computeIfAbsent(name, n -> new LocalEventLog<>(type, maxRecords, maxBytes, maxAge));
    }
}
