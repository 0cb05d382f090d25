package io.reflex.rabbitmq;

import com.rabbitmq.client.Connection;
import io.reflex.core.bus.BusException;
import io.reflex.core.bus.EventLog;
import io.reflex.core.bus.LogPosition;
import io.reflex.core.bus.LogRecord;
import io.reflex.core.bus.LogStream;
import io.reflex.core.bus.Subscription;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * An {@link EventLog} on a RabbitMQ stream queue named {@code log.<name>}: one total order shared by every
 * process, retention by size and age set on the queue. Appends are confirmed publishes; each reader is its
 * own stream consumer (see {@link StreamReader}). The offsets are the stream's own.
 */
final class StreamLog<T> implements EventLog<T> {
    private final LogStream<T> stream;
    private final String queueName;
    private final Publisher publisher;
    private final Topology consumeTopology;
    private final Connection consumeConnection;
    private final Set<StreamReader<T>> readers = ConcurrentHashMap.newKeySet();
    private final int schema;

    StreamLog(
            LogStream<T> stream,
            int schema,
            Publisher publisher,
            Topology consumeTopology,
            Connection consumeConnection) {
        this.stream = stream;
        this.schema = schema;
        this.queueName = Topology.streamQueueName(stream.name());
        this.publisher = publisher;
        this.consumeTopology = consumeTopology;
        this.consumeConnection = consumeConnection;
    }

    @Override
    public void append(T record) {
        byte[] body = WireFormat.encode(record);
        publisher.toStream(queueName, WireFormat.properties(UUID.randomUUID().toString(), stream.type(), schema), body);
    }

    /** One publish of all {@code records}, waiting once for their confirms. */
    @Override
    public void appendAll(List<T> records) {
        List<Publisher.Outgoing> messages = records.stream()
                .map(r -> new Publisher.Outgoing(
                        WireFormat.properties(UUID.randomUUID().toString(), stream.type(), schema),
                        WireFormat.encode(r)))
                .toList();
        publisher.toStream(queueName, messages);
    }

    @Override
    public Subscription read(LogPosition from, Consumer<LogRecord<T>> handler) {
        consumeTopology.stream(queueName);
        StreamReader<T> reader = new StreamReader<>(
                stream,
                queueName,
                consumeConnection::createChannel,
                () -> consumeTopology.redeclareStream(queueName),
                from,
                handler,
                readers::remove);
        readers.add(reader);
        try {
            reader.start();
            return reader;
        } catch (IOException | RuntimeException e) {
            readers.remove(reader);
            reader.close();
            if (e instanceof BusException bus) {
                throw bus;
            }
            throw new BusException("cannot read log " + stream.name() + ": " + Topology.reason(e), e);
        }
    }

    /** Called after the consuming connection recovered: readers consume again after what they saw. */
    void resumeReaders() {
        for (StreamReader<T> reader : readers) {
            reader.resume();
        }
    }

    void closeReaders() {
        for (StreamReader<T> reader : readers) {
            reader.close();
        }
    }
}
