package io.reflex.yaql;

final class QueryFunctions {
    private QueryFunctions() {}

    static void register(Library lib) {}
}
