package io.reflex.yaql;

import java.util.Objects;
import java.util.Optional;

/**
 * What an expression sees: the root value {@code $}, named variables {@code $name}, and an optional host object
 * that host functions read (orquesta's {@code ctx()} reads the workflow's variables from it). Immutable: every
 * {@code with...} returns a child that shares its parent, so a context is cheap to extend and safe to share between
 * threads as long as its values are not changed.
 */
public final class YaqlContext {
    private static final YaqlContext EMPTY = new YaqlContext(null, null, null, null, null);

    private final YaqlContext parent;
    private final String name;
    private final Object value;
    private final Object host;
    private final DefinedFunction function;

    private YaqlContext(YaqlContext parent, String name, Object value, Object host, DefinedFunction function) {
        this.parent = parent;
        this.name = name;
        this.value = value;
        this.host = host;
        this.function = function;
    }

    /** A context with no root value ({@code $} is null) and no variables. */
    public static YaqlContext empty() {
        return EMPTY;
    }

    /** A context whose {@code $} is {@code root}; a Jackson JsonNode is converted to plain values. */
    public static YaqlContext of(Object root) {
        return EMPTY.with("$", root);
    }

    /**
     * A child in which {@code $name} (or {@code $} for "$" or "") is {@code value}; a Jackson JsonNode is converted
     * to plain values.
     */
    public YaqlContext with(String name, Object value) {
        return new YaqlContext(this, normalize(name), YaqlValues.fromHost(value), host, null);
    }

    /** A child carrying {@code host}, the object host functions read with {@link #host(Class)}. */
    public YaqlContext withHost(Object host) {
        return new YaqlContext(this, null, null, Objects.requireNonNull(host, "host"), null);
    }

    /** The value of {@code $name} ("$name", "name", or "$" for the root), null when it is not set. */
    public Object get(String name) {
        String key = normalize(name);
        for (YaqlContext c = this; c != null; c = c.parent) {
            if (key.equals(c.name)) {
                return c.value;
            }
        }
        return null;
    }

    /** Whether {@code $name} is set in this context or an ancestor (possibly to null). */
    public boolean has(String name) {
        String key = normalize(name);
        for (YaqlContext c = this; c != null; c = c.parent) {
            if (key.equals(c.name)) {
                return true;
            }
        }
        return false;
    }

    /** The root value {@code $}. */
    public Object root() {
        return get("$");
    }

    /** The host object of this context, if it is a {@code type}. */
    public <T> Optional<T> host(Class<T> type) {
        return type.isInstance(host) ? Optional.of(type.cast(host)) : Optional.empty();
    }

    YaqlContext withVariable(String name, Object value) {
        return new YaqlContext(this, normalize(name), value, host, null);
    }

    YaqlContext withDefinition(DefinedFunction function) {
        return new YaqlContext(this, null, null, host, function);
    }

    /** The innermost function defined with {@code def(name, ...)}, or null. */
    DefinedFunction definition(String functionName) {
        for (YaqlContext c = this; c != null; c = c.parent) {
            if (c.function != null && c.function.name().equals(functionName)) {
                return c.function;
            }
        }
        return null;
    }

    private static String normalize(String name) {
        Objects.requireNonNull(name, "name");
        String n = name.startsWith("$") ? name.substring(1) : name;
        return n.isEmpty() ? "1" : n;
    }
}
