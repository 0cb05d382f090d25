package io.reflex.yaql;

final class MathFunctions {
    private MathFunctions() {}

    static void register(Library lib) {}
}
