package io.reflex.core.bus;

import java.util.Objects;
import java.util.regex.Pattern;

/** A replayable, ordered, bounded log of records of {@code type} (see {@link EventLog}). */
public record LogStream<T>(String name, Class<T> type) {
    private static final Pattern NAME = Pattern.compile("^[a-z0-9_.-]{1,200}$");

    public LogStream {
        Objects.requireNonNull(type, "type");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("log name must match " + NAME + ", was " + name);
        }
    }
}
