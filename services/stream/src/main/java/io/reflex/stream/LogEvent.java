package io.reflex.stream;

import io.reflex.core.messages.Channels.StreamEvent;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One record of the event log as the stream hands it around: its offset and the events it stands for (one,
 * or for an execution's status change its execution and liveaction views), each with its SSE frame, encoded
 * once however many clients receive it.
 *
 * <p>The SSE id of a record's last event is its offset, {@code N}; an earlier event of the same record is
 * {@code N:i}, {@code i} its place from 0. So {@code N} means, as it did when every record was one event, that
 * record {@code N} was seen whole, and {@code N:i} that its events up to {@code i} were.
 */
final class LogEvent {
    private final long offset;
    private final List<StreamEvent> events;
    private final AtomicReferenceArray<byte[]> frames;

    LogEvent(long offset, List<StreamEvent> events) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a log record stands for at least one event");
        }
        this.offset = offset;
        this.events = List.copyOf(events);
        this.frames = new AtomicReferenceArray<>(events.size());
    }

    long offset() {
        return offset;
    }

    /** How many events the record stands for. */
    int size() {
        return events.size();
    }

    /** Its {@code i}th event. */
    StreamEvent event(int i) {
        return events.get(i);
    }

    /** Its first event: the only one, or an execution's own view. */
    StreamEvent event() {
        return events.getFirst();
    }

    String name() {
        return event().event();
    }

    /** The SSE id of the {@code i}th event. */
    String id(int i) {
        return i == events.size() - 1 ? Long.toString(offset) : offset + ":" + i;
    }

    /** {@code id: <id>\nevent: <name>\ndata: <json>\n\n}; two threads racing here encode the same bytes. */
    byte[] frame(int i) {
        byte[] f = frames.get(i);
        if (f == null) {
            StreamEvent e = events.get(i);
            f = SseFrames.event(id(i), e.event(), e.data());
            frames.set(i, f);
        }
        return f;
    }
}
