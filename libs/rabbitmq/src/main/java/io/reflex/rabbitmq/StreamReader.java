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
import java.io.IOException;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
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
 */
final class StreamReader<T> implements Subscription {
    static final String TAG_PREFIX = "reflex-log-";
    private static final Logger log = LoggerFactory.getLogger(StreamReader.class);
    private static final int PREFETCH = 200;

    private final LogStream<T> stream;
    private final String queueName;
    private final Channel channel;
    private final Consumer<LogRecord<T>> handler;
    private final Consumer<StreamReader<T>> onClose;
    private final String tag = TAG_PREFIX + UUID.randomUUID();
    private final ConsumerThreads threads;
    private final Object initialOffset;
    private final Object offsetIfNothingReceived;
    private final long firstWanted;
    private volatile long lastReceived = -1;
    private long lastDelivered = -1;

    StreamReader(
            LogStream<T> stream,
            String queueName,
            Channel channel,
            LogPosition from,
            Consumer<LogRecord<T>> handler,
            Consumer<StreamReader<T>> onClose) {
        this.stream = stream;
        this.queueName = queueName;
        this.channel = channel;
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

    void start() throws IOException {
        channel.basicQos(PREFETCH);
        consume(initialOffset);
    }

    private void consume(Object offset) throws IOException {
        channel.basicConsume(
                queueName, false, tag, false, false, Map.of("x-stream-offset", offset), new DefaultConsumer(channel) {
                    @Override
                    public void handleDelivery(String t, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
                        dispatch(envelope, props, body);
                    }
                });
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

    /** Consumes again after the last offset received; called once the connection has recovered. */
    void resume() {
        if (threads.stopping()) {
            return;
        }
        Object offset = lastReceived >= 0 ? (Object) (lastReceived + 1) : offsetIfNothingReceived;
        Thread.ofVirtual().start(() -> {
            try {
                consume(offset);
                log.info("log reader resumed log={} offset={}", stream.name(), offset);
            } catch (IOException | ShutdownSignalException e) {
                log.warn("log reader not resumed log={} error={}", stream.name(), Topology.reason(e));
            }
        });
    }

    @Override
    public void close() {
        threads.close(channel, tag, () -> onClose.accept(this));
    }
}
