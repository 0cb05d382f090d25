package io.reflex.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import io.reflex.core.bus.LogPosition;
import io.reflex.core.bus.LogRecord;
import io.reflex.core.bus.LogStream;
import io.reflex.core.bus.Subscription;
import io.reflex.core.health.HealthStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reader of a stream queue: a consumer on its own channel with {@code x-stream-offset} (streams demand
 * manual acks and a prefetch; an ack only returns credit). The offset of each record is the
 * {@code x-stream-offset} header of its delivery. Records are handed to the handler in offset order on one
 * virtual thread; anything at or below the last delivered offset, or before the requested start, is skipped,
 * so each record reaches the reader once even when the broker starts at a chunk boundary.
 *
 * <p>The client's own consumer recovery would restart at the original position, so reader consumers are
 * excluded from it ({@link #TAG_PREFIX}) and {@link #resume()} consumes again after the last offset
 * received. A {@code Next} reader that had received nothing before the connection dropped resumes from the
 * second it started (stream timestamps have one-second resolution), so it may also see records appended up
 * to a second before it started.
 *
 * <p>A broker that has just restarted accepts connections before its stream queues are back (a consume
 * then fails with "home node down" and the broker closes the channel), so resuming retries on a fresh
 * channel with back-off until it succeeds or the reader is closed, declaring the stream queue again every few
 * attempts (a restarted broker may wait for a declaration before it restarts the stream's member). {@link #status()} is down from the
 * moment deliveries stop until consuming is re-established.
 */
final class StreamReader<T> implements Subscription {
    static final String TAG_PREFIX = "reflex-log-";
    private static final Logger log = LoggerFactory.getLogger(StreamReader.class);
    private static final int PREFETCH = 200;
    private static final Duration FIRST_RETRY = Duration.ofMillis(250);
    private static final Duration MAX_RETRY = Duration.ofSeconds(5);
    private static final Duration WARN_EVERY = Duration.ofSeconds(30);
    /** How long a reader waits at its start for a new stream's replica on the node it is connected to. */
    static final Duration REPLICA_WAIT = Duration.ofSeconds(10);

    private static final String NO_LOCAL_REPLICA = "does not have a replica on the local node";
    /** Failed attempts after which the stream queue is declared again (and again after as many more). */
    private static final int REDECLARE_EVERY = 4;

    /** Opens a new channel on the consuming connection. */
    @FunctionalInterface
    interface ChannelOpener {
        Channel open() throws IOException;
    }

    private final LogStream<T> stream;
    private final String queueName;
    private final ChannelOpener opener;
    private final Runnable redeclare;
    private final Consumer<LogRecord<T>> handler;
    private final Consumer<StreamReader<T>> onClose;
    private final String tag = TAG_PREFIX + UUID.randomUUID();
    private final ConsumerThreads threads;
    private final Object initialOffset;
    private final Object offsetIfNothingReceived;
    private final long firstWanted;
    private final AtomicBoolean resuming = new AtomicBoolean();
    private volatile Channel channel;
    private volatile HealthStatus status = HealthStatus.down("not started");
    private volatile long lastReceived = -1;
    private long lastDelivered = -1;

    StreamReader(
            LogStream<T> stream,
            String queueName,
            ChannelOpener opener,
            Runnable redeclare,
            LogPosition from,
            Consumer<LogRecord<T>> handler,
            Consumer<StreamReader<T>> onClose) {
        this.stream = stream;
        this.queueName = queueName;
        this.opener = opener;
        this.redeclare = redeclare;
        this.handler = handler;
        this.onClose = onClose;
        this.threads = ConsumerThreads.inOrder("bus-log-" + stream.name());
        switch (from) {
            case LogPosition.First first -> {
                initialOffset = "first";
                offsetIfNothingReceived = "first";
                firstWanted = 0;
            }
            case LogPosition.Next next -> {
                initialOffset = "next";
                offsetIfNothingReceived = new Date();
                firstWanted = 0;
            }
            case LogPosition.After after -> {
                firstWanted = Math.max(0, after.offset() + 1);
                initialOffset = firstWanted;
                offsetIfNothingReceived = firstWanted;
            }
        }
    }

    /**
     * Starts consuming. In a cluster, a stream declared a moment ago may not have its replica on the node this
     * reader is connected to yet: the broker refuses the consumer until it has, so the start tries again for up
     * to {@link #REPLICA_WAIT}. Any other refusal ends the start at once.
     */
    void start() throws IOException {
        long deadline = System.nanoTime() + REPLICA_WAIT.toNanos();
        while (true) {
            try {
                consume(initialOffset);
                return;
            } catch (IOException e) {
                if (!noLocalReplicaYet(e) || System.nanoTime() > deadline) {
                    throw e;
                }
                log.info("log reader waits for the stream's local replica log={}", stream.name());
                try {
                    Thread.sleep(FIRST_RETRY.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Whether {@code e} is the broker refusing a consumer because the stream has no replica on its node yet. */
    static boolean noLocalReplicaYet(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ShutdownSignalException signal
                    && signal.getMessage() != null
                    && signal.getMessage().contains(NO_LOCAL_REPLICA)) {
                return true;
            }
        }
        return false;
    }

    /** Consumes from {@code offset} on a channel of its own (a new one when the last was closed). */
    private void consume(Object offset) throws IOException {
        Channel ch = channel;
        if (ch == null || !ch.isOpen()) {
            ch = opener.open();
            if (ch == null) {
                throw new IOException("no free channel");
            }
            channel = ch;
        }
        ch.basicQos(PREFETCH);
        ch.basicConsume(
                queueName, false, tag, false, false, Map.of("x-stream-offset", offset), new DefaultConsumer(ch) {
                    @Override
                    public void handleDelivery(String t, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
                        dispatch(envelope, props, body);
                    }

                    @Override
                    public void handleCancel(String consumerTag) {
                        // the broker cancelled the consumer (its stream member went away): consume again
                        status = HealthStatus.down("consumer cancelled by the broker");
                        resume();
                    }

                    @Override
                    public void handleShutdownSignal(String consumerTag, ShutdownSignalException sig) {
                        if (!threads.stopping()) {
                            status = HealthStatus.down("disconnected: " + Topology.reason(sig));
                        }
                    }
                });
        status = HealthStatus.up("consuming log." + stream.name());
    }

    private void dispatch(Envelope envelope, AMQP.BasicProperties props, byte[] body) {
        long offset = WireFormat.streamOffset(props);
        if (offset > lastReceived) {
            lastReceived = offset;
        }
        threads.execute(() -> deliver(offset, envelope.getDeliveryTag(), body));
    }

    private void deliver(long offset, long deliveryTag, byte[] body) {
        if (threads.stopping()) {
            return;
        }
        if (offset >= firstWanted && offset > lastDelivered) {
            try {
                handler.accept(new LogRecord<>(offset, WireFormat.decode(body, stream.type())));
            } catch (RuntimeException e) {
                log.warn("log record skipped log={} offset={} error={}", stream.name(), offset, e.toString());
            }
            lastDelivered = offset;
        }
        try {
            channel.basicAck(deliveryTag, false);
        } catch (IOException | ShutdownSignalException e) {
            // reconnecting: resume() asks for what follows the last offset received
        }
    }

    /**
     * Consumes again after the last offset received, retrying with back-off until it succeeds or the reader
     * is closed; called once the connection has recovered (and when the broker cancels the consumer). At most
     * one resumption runs at a time.
     */
    void resume() {
        if (threads.stopping() || !resuming.compareAndSet(false, true)) {
            return;
        }
        Thread.ofVirtual().name("bus-log-resume-" + stream.name()).start(() -> {
            try {
                resumeUntilConsuming();
            } finally {
                resuming.set(false);
            }
        });
    }

    private void resumeUntilConsuming() {
        Duration delay = FIRST_RETRY;
        long failures = 0;
        long lastWarn = 0;
        while (!threads.stopping()) {
            Object offset = lastReceived >= 0 ? (Object) (lastReceived + 1) : offsetIfNothingReceived;
            try {
                consume(offset);
                log.info("log reader resumed log={} offset={} attempts={}", stream.name(), offset, failures + 1);
                return;
            } catch (IOException | RuntimeException e) {
                failures++;
                status = HealthStatus.down("not consuming log." + stream.name() + ": " + Topology.reason(e));
                Channels.closeQuietly(channel);
                long now = System.nanoTime();
                if (failures == 1 || now - lastWarn >= WARN_EVERY.toNanos()) {
                    lastWarn = now;
                    log.warn(
                            "log reader not resumed yet log={} attempts={} retry_in={}ms error={}",
                            stream.name(),
                            failures,
                            delay.toMillis(),
                            Topology.reason(e));
                }
                if (failures % REDECLARE_EVERY == 0) {
                    redeclareQuietly();
                }
                threads.pause(delay);
                delay = delay.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : delay.multipliedBy(2);
            }
        }
    }

    private void redeclareQuietly() {
        try {
            redeclare.run();
        } catch (RuntimeException e) {
            log.debug("log stream not declared again log={} error={}", stream.name(), e.toString());
        }
    }

    @Override
    public HealthStatus status() {
        return status;
    }

    @Override
    public void close() {
        threads.close(channel, tag, () -> onClose.accept(this));
    }
}
