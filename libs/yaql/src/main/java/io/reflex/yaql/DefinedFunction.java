package io.reflex.yaql;

/** A function an expression defined with {@code def(name, body)}: its body runs in the context it was defined in. */
record DefinedFunction(String name, Node body, YaqlContext definedIn) {}
