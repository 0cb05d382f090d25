package io.reflex.yaql;

final class StringFunctions {
    private StringFunctions() {}

    static void register(Library lib) {}
}
