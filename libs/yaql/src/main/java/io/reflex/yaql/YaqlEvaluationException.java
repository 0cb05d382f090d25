package io.reflex.yaql;

import java.util.Objects;

/**
 * An expression that failed while it was evaluated. {@link #errorType()} names the failure the way YAQL running in
 * Python does ({@code NoMatchingMethodException}, {@code NoFunctionRegisteredException}, {@code KeyError},
 * {@code IndexError}, {@code ValueError}, {@code TypeError}, {@code ZeroDivisionError}, ...), so that a host can
 * report it as orquesta does: {@code Unable to evaluate expression '<% ... %>'. KeyError: ...}.
 */
public class YaqlEvaluationException extends YaqlException {
    private final String errorType;

    /** A failure raised by a host function; {@code errorType} is the name the host reports it under. */
    public YaqlEvaluationException(String errorType, String message) {
        super(message);
        this.errorType = Objects.requireNonNull(errorType, "errorType");
    }

    public String errorType() {
        return errorType;
    }
}
