package io.reflex.orquesta;

import java.util.Objects;

/** An expression that does not parse: the expression as written (delimiters included) and why. */
public record ExpressionError(String expression, String message) {
    public ExpressionError {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(message, "message");
    }
}
