package io.reflex.yaql;

/**
 * A function an expression defined with {@code def(name, body)}. Its body runs in the caller's context with the
 * arguments as {@code $1}, {@code $2}... ({@code $} is the first), so it can call itself; depth is bounded by
 * {@link YaqlLimits#maxDepth()}.
 */
record DefinedFunction(String name, Node body) {}
