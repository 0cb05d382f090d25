package io.reflex.core.bus;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A broadcast channel: every current subscriber whose binding pattern matches the routing key receives
 * every message (topic-exchange semantics: words separated by {@code .}, {@code *} matches one word,
 * {@code #} zero or more). A subscriber sees only messages published after it subscribed.
 */
public record Topic<T>(String name, Class<T> type) {
    private static final Pattern NAME = Pattern.compile("^[a-z0-9_.-]{1,200}$");

    public Topic {
        Objects.requireNonNull(type, "type");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("topic name must match " + NAME + ", was " + name);
        }
    }
}
