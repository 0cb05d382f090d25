package io.reflex.core.messages;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One event of the public event stream, as StackStorm names it ({@code st2.execution__update},
 * {@code st2.announcement__chatops}, {@code st2.execution.output__create}...) with its API-shaped body,
 * secrets already masked. Appended to {@link Channels#EVENTS}; its log offset is the SSE {@code id}.
 */
public record StreamEvent(String event, JsonNode data) {
    public StreamEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(data, "data");
    }
}
