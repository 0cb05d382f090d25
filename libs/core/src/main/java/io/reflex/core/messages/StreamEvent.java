package io.reflex.core.messages;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.execution.Execution;
import java.util.Objects;

/**
 * One event of the public event stream, as StackStorm names it ({@code st2.execution__update},
 * {@code st2.announcement__chatops}, {@code st2.execution.output__create}...), appended to
 * {@link Channels#EVENTS}; its log offset is the SSE {@code id}. It holds either its API-shaped body
 * ({@code data}, secrets already masked) or, for an execution event, the execution record as it was written
 * ({@code execution}): the process that serves the stream renders that record into the body, with its own
 * view settings, so the processes that write executions need none.
 */
public record StreamEvent(
        String event,
        @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode data,
        @JsonInclude(JsonInclude.Include.NON_NULL) Execution execution) {
    public StreamEvent {
        Objects.requireNonNull(event, "event");
        if ((data == null) == (execution == null)) {
            throw new IllegalArgumentException("a stream event holds either data or an execution: " + event);
        }
    }

    /** An event with its API-shaped body. */
    public StreamEvent(String event, JsonNode data) {
        this(event, data, null);
    }

    /** An execution event ({@code st2.execution__<kind>} or {@code st2.liveaction__<kind>}) still to render. */
    public static StreamEvent ofExecution(String event, Execution execution) {
        return new StreamEvent(event, null, Objects.requireNonNull(execution, "execution"));
    }

    /** Whether the body is still to be rendered from {@link #execution}. */
    public boolean unrendered() {
        return execution != null;
    }
}
