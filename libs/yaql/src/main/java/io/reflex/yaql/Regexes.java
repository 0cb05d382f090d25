package io.reflex.yaql;

final class Regexes {
    private Regexes() {}

    static void register(Library lib) {}

    static boolean matches(Evaluation ev, Object l, Object r, String op) {
        throw Errors.noMatchingFunction("#operator_" + op);
    }
}
