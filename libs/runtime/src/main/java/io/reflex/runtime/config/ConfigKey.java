package io.reflex.runtime.config;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One configuration key: its dotted name (as written in the YAML file), type, default (as text, parsed
 * like any other value; null means required) and a one-line description for documentation and errors.
 */
public record ConfigKey<T>(String name, ValueType<T> type, String defaultValue, String description) {
    private static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*$");

    public ConfigKey {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad config key name " + name);
        }
    }

    /** The environment variable that overrides this key: {@code api.port} → {@code REFLEX_API_PORT}. */
    public String envVar() {
        return "REFLEX_" + name.replace('.', '_').toUpperCase(Locale.ROOT);
    }
}
