package io.reflex.runtime.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Validated configuration: every known key has a parsed value (from a flag, the environment, the file or
 * its default). Immutable; {@link #with} makes a changed copy (used to point {@code embedded:} URIs at the
 * embedded servers once they listen).
 */
public final class Config {
    private final Map<String, Object> values;
    private final Map<String, String> sources;

    Config(Map<String, Object> values, Map<String, String> sources) {
        this.values = Map.copyOf(values);
        this.sources = Map.copyOf(sources);
    }

    /** All defaults: what Reflex runs with when nothing is configured. */
    public static Config defaults() {
        return ConfigLoader.load(null, Map.of(), Map.of());
    }

    @SuppressWarnings("unchecked")
    public <T> T get(ConfigKey<T> key) {
        Object v = values.get(key.name());
        if (v == null) {
            throw new ConfigException("config key '" + key.name() + "' is not set");
        }
        return (T) v;
    }

    /** Where the value came from: {@code default}, {@code file.yaml:3:7}, {@code env REFLEX_X}, {@code flag}. */
    public String source(ConfigKey<?> key) {
        return sources.getOrDefault(key.name(), "default");
    }

    public <T> Config with(ConfigKey<T> key, T value, String source) {
        Objects.requireNonNull(value, "value");
        Map<String, Object> v = new LinkedHashMap<>(values);
        Map<String, String> s = new LinkedHashMap<>(sources);
        v.put(key.name(), value);
        s.put(key.name(), source);
        return new Config(v, s);
    }
}
