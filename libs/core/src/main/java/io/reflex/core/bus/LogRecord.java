package io.reflex.core.bus;

import java.util.Objects;

/** A record of an {@link EventLog}: its offset (its position in the log's one total order) and its body. */
public record LogRecord<T>(long offset, T body) {
    public LogRecord {
        Objects.requireNonNull(body, "body");
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0");
        }
    }
}
