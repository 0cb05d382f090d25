package io.reflex.yaql;

/** The failures of evaluation, named and worded as YAQL and Python name and word them. */
final class Errors {
    private Errors() {}

    static YaqlEvaluationException unknownFunction(String name) {
        return new YaqlEvaluationException("NoFunctionRegisteredException", "Unknown function \"" + name + "\"");
    }

    static YaqlEvaluationException unknownMethod(String name, Object receiver) {
        return new YaqlEvaluationException(
                "NoMethodRegisteredException", "Unknown method \"" + name + "\" for receiver " + Values.repr(receiver));
    }

    static YaqlEvaluationException noMatchingFunction(String name) {
        return new YaqlEvaluationException(
                "NoMatchingFunctionException", "No function \"" + name + "\" matches supplied arguments");
    }

    static YaqlEvaluationException noMatchingMethod(String name, Object receiver) {
        return new YaqlEvaluationException(
                "NoMatchingMethodException",
                "No method \"" + name + "\" for receiver " + Values.repr(receiver) + " matches supplied arguments");
    }

    static YaqlEvaluationException keyError(Object key) {
        return new YaqlEvaluationException("KeyError", Values.repr(key));
    }

    static YaqlEvaluationException indexError(String what) {
        return new YaqlEvaluationException("IndexError", what + " index out of range");
    }

    static YaqlEvaluationException valueError(String message) {
        return new YaqlEvaluationException("ValueError", message);
    }

    static YaqlEvaluationException typeError(String message) {
        return new YaqlEvaluationException("TypeError", message);
    }

    static YaqlEvaluationException zeroDivision(boolean floats, String op) {
        return new YaqlEvaluationException(
                "ZeroDivisionError", floats ? "float " + op + " by zero" : "integer division or modulo by zero");
    }

    static YaqlEvaluationException overflow() {
        return new YaqlEvaluationException("OverflowError", "integer result does not fit in 64 bits");
    }
}
