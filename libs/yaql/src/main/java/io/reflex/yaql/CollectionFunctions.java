package io.reflex.yaql;

final class CollectionFunctions {
    private CollectionFunctions() {}

    static void register(Library lib) {}
}
