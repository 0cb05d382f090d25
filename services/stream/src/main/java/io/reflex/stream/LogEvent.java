package io.reflex.stream;

import io.reflex.core.messages.Channels.StreamEvent;
import java.util.Objects;

/**
 * One record of the event log as the stream hands it around: its offset, its event, and its SSE frame,
 * encoded once however many clients receive it.
 */
final class LogEvent {
    private final long offset;
    private final StreamEvent event;
    private volatile byte[] frame;

    LogEvent(long offset, StreamEvent event) {
        this.offset = offset;
        this.event = Objects.requireNonNull(event, "event");
    }

    long offset() {
        return offset;
    }

    StreamEvent event() {
        return event;
    }

    String name() {
        return event.event();
    }

    /** {@code id: <offset>\nevent: <name>\ndata: <json>\n\n}; two threads racing here encode the same bytes. */
    byte[] frame() {
        byte[] f = frame;
        if (f == null) {
            f = SseFrames.event(offset, event.event(), event.data());
            frame = f;
        }
        return f;
    }
}
