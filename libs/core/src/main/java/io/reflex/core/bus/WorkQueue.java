package io.reflex.core.bus;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A durable shared work queue: each message goes to exactly one consumer (at least once). Messages are
 * JSON records of {@code type}. Messages that keep failing end up in {@link #deadLetters()}.
 */
public record WorkQueue<T>(String name, Class<T> type) {
    private static final Pattern NAME = Pattern.compile("^[a-z0-9_.-]{1,200}$");

    public WorkQueue {
        Objects.requireNonNull(type, "type");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("queue name must match " + NAME + ", was " + name);
        }
    }

    /** The queue that receives this queue's poison messages, with the same message type. */
    public WorkQueue<T> deadLetters() {
        return new WorkQueue<>(name + ".dlq", type);
    }
}
