package io.reflex.core.coordination;

/**
 * A held lock or semaphore permit. It stays valid until {@link #release} or until the holder loses its
 * coordinator session (process death, or a partition longer than the session/lease timeout); then the
 * coordinator may hand it to a waiter. Every grant of the same name carries a larger
 * {@link #fencingToken()} than every earlier grant, so a resource that remembers the largest token it has
 * seen can refuse a stale holder's writes.
 */
public interface Lease extends AutoCloseable {
    String name();

    /** Strictly increasing per name across grants (ZooKeeper: a real fence; Redis: see its adapter). */
    long fencingToken();

    /** False once released or once the session behind it was lost. Does not block. */
    boolean isValid();

    /** Releases the lease; idempotent; never throws (a lease whose session is gone is already released). */
    void release();

    @Override
    default void close() {
        release();
    }
}
