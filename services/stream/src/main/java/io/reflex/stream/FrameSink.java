package io.reflex.stream;

import java.time.Duration;

/**
 * Where a stream client's frames go: an {@link SseConnection} in production. A sink has a bounded queue;
 * {@link #offer} never waits, {@link #awaitRoom} does, for producers that serve one client only.
 */
interface FrameSink {
    /** Who is connected, for log lines. */
    String client();

    boolean isClosed();

    /** Queues a frame; false when the queue is full. A closed or ending sink drops frames and returns true. */
    boolean offer(byte[] frame);

    /** Queues a frame even when the queue is full (bounded use only: see the callers). */
    void offerBeyondLimit(byte[] frame);

    /** Waits until the queue has room or the sink closed; false when {@code max} passed first. */
    boolean awaitRoom(Duration max) throws InterruptedException;

    /** Ends the stream once the frames queued so far are out. */
    void finish();

    /** Drops the queue and closes now, logging {@code reason}. */
    void cut(String reason);

    /** Runs {@code action} once when the sink closes, for whatever reason (at once if it has). */
    void onClose(Runnable action);
}
