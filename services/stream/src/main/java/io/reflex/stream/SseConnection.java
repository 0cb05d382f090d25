package io.reflex.stream;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open SSE response. Producers on any thread {@link #offer} frames into a bounded queue; the connection's
 * event loop moves them to the socket only as fast as the socket takes them (Vert.x's write queue, then the
 * kernel's buffer). When the queue is full {@link #offer} refuses instead of waiting, so a client that does
 * not read never slows the thread that feeds every other client; the caller then {@link #cut}s it. A bare
 * newline goes out when nothing was written for a heartbeat interval (and once at connect, as StackStorm
 * does). {@link #onClose} actions run exactly once, whatever ends the connection.
 */
final class SseConnection implements FrameSink {
    private static final Logger log = LoggerFactory.getLogger(SseConnection.class);
    private static final Object END = new Object();

    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private final Vertx vertx;
    private final Context loop;
    private final String client;
    private final int capacity;
    private final long heartbeatNanos;
    private final long tickMillis;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition room = lock.newCondition();
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private final List<Runnable> closeActions = new ArrayList<>();
    private boolean drainScheduled;
    private boolean ending;
    private boolean closeRan;
    private volatile boolean closed;
    private long lastWrite;
    private long timer = -1;

    private SseConnection(RoutingContext ctx, StreamSettings settings, String client) {
        this.request = ctx.request();
        this.response = ctx.response();
        this.vertx = ctx.vertx();
        this.loop = Vertx.currentContext();
        this.client = client;
        this.capacity = settings.clientBuffer();
        this.heartbeatNanos = settings.heartbeat().toNanos();
        this.tickMillis = Math.max(20, Math.min(1000, settings.heartbeat().toMillis() / 5));
    }

    /**
     * Prepares the SSE response on the request's event loop; nothing is sent until {@link #begin()}, so the
     * caller can subscribe its client first and the client never sees a byte before it is subscribed.
     *
     * @param client who is connected, for log lines
     */
    static SseConnection open(RoutingContext ctx, StreamSettings settings, String client) {
        if (Vertx.currentContext() == null || !Context.isOnEventLoopThread()) {
            throw new IllegalStateException("an SSE connection is opened on its event loop");
        }
        SseConnection c = new SseConnection(ctx, settings, client);
        c.response
                .setStatusCode(200)
                .setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=UTF-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        c.response.closeHandler(v -> c.markClosed("client_closed"));
        c.response.exceptionHandler(t -> c.markClosed("write_failed"));
        c.response.drainHandler(v -> c.drain());
        return c;
    }

    /** Sends the headers and the first keep-alive (as StackStorm does) and starts the heartbeat; event loop. */
    void begin() {
        if (closed) {
            return;
        }
        write(SseFrames.HEARTBEAT);
        timer = vertx.setPeriodic(tickMillis, id -> heartbeat());
        log.debug("stream client connected client={}", client);
    }

    @Override
    public String client() {
        return client;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    /**
     * Queues a frame without waiting. Returns false only when the queue is full (the client is not keeping
     * up); a connection that is closed or ending takes and drops frames silently.
     */
    @Override
    public boolean offer(byte[] frame) {
        return enqueue(frame, false);
    }

    /**
     * Queues a frame even beyond the limit. For the few records a resuming client holds while switching from
     * its catch-up reader to the live feed: at most one more buffer's worth, once.
     */
    @Override
    public void offerBeyondLimit(byte[] frame) {
        enqueue(frame, true);
    }

    /**
     * Blocks until the queue has room or the connection closed; for a per-client reader that may wait.
     *
     * @return false when {@code max} passed without room
     */
    @Override
    public boolean awaitRoom(Duration max) throws InterruptedException {
        long nanos = max.toNanos();
        lock.lock();
        try {
            while (!closed && queue.size() >= capacity) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = room.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Ends the response after everything queued so far is written; later frames are dropped. */
    @Override
    public void finish() {
        lock.lock();
        try {
            if (closed || ending) {
                return;
            }
            ending = true;
            queue.add(END);
            scheduleDrain();
        } finally {
            lock.unlock();
        }
    }

    /** Drops what is queued and closes the connection now, logging why. Idempotent. */
    @Override
    public void cut(String reason) {
        if (closed) {
            return;
        }
        log.warn("stream client cut client={} reason={} queued={} limit={}", client, reason, queued(), capacity);
        markClosed(reason);
        loop.runOnContext(v -> request.connection().close());
    }

    /** Runs {@code action} once when the connection closes (at once if it has). */
    @Override
    public void onClose(Runnable action) {
        lock.lock();
        try {
            if (!closeRan) {
                closeActions.add(action);
                return;
            }
        } finally {
            lock.unlock();
        }
        action.run();
    }

    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    private boolean enqueue(byte[] frame, boolean force) {
        lock.lock();
        try {
            if (closed || ending) {
                return true;
            }
            if (!force && queue.size() >= capacity) {
                return false;
            }
            queue.add(frame);
            scheduleDrain();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Called with the lock held. */
    private void scheduleDrain() {
        if (!drainScheduled) {
            drainScheduled = true;
            loop.runOnContext(v -> drain());
        }
    }

    /** Event loop: writes queued frames until the socket pushes back (the drain handler resumes it). */
    private void drain() {
        while (!closed) {
            if (response.writeQueueFull()) {
                return;
            }
            Object next;
            lock.lock();
            try {
                next = queue.poll();
                if (next == null) {
                    drainScheduled = false;
                    return;
                }
                room.signalAll();
            } finally {
                lock.unlock();
            }
            if (next == END) {
                response.end();
                markClosed("finished");
                return;
            }
            write((byte[]) next);
        }
    }

    /** Event loop: a keep-alive after a heartbeat interval of silence, unless frames are waiting anyway. */
    private void heartbeat() {
        if (closed) {
            vertx.cancelTimer(timer);
            return;
        }
        if (System.nanoTime() - lastWrite < heartbeatNanos || response.writeQueueFull()) {
            return;
        }
        lock.lock();
        try {
            if (!queue.isEmpty() || ending) {
                return;
            }
        } finally {
            lock.unlock();
        }
        write(SseFrames.HEARTBEAT);
    }

    private void write(byte[] bytes) {
        response.write(Buffer.buffer(bytes));
        lastWrite = System.nanoTime();
    }

    private void markClosed(String reason) {
        List<Runnable> actions;
        lock.lock();
        try {
            if (closeRan) {
                return;
            }
            closeRan = true;
            closed = true;
            queue.clear();
            room.signalAll();
            actions = List.copyOf(closeActions);
            closeActions.clear();
        } finally {
            lock.unlock();
        }
        loop.runOnContext(v -> vertx.cancelTimer(timer));
        log.debug("stream client closed client={} reason={}", client, reason);
        for (Runnable a : actions) {
            try {
                a.run();
            } catch (RuntimeException e) {
                log.warn("stream close action failed client={} error={}", client, e.toString());
            }
        }
    }
}
