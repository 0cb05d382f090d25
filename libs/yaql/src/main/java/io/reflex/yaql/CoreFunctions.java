package io.reflex.yaql;

final class CoreFunctions {
    private CoreFunctions() {}

    static void register(Library lib) {}
}
