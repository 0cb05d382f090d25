package io.reflex.workflowengine.conductor;

/**
 * An expression of a workflow could not be evaluated. The message is orquesta's error text
 * ({@code YaqlEvaluationException: Unable to evaluate expression '<% ctx(x) %>'. VariableUndefinedError: ...}),
 * which the workflow's {@code errors} carry.
 */
public final class EvaluationException extends Exception {
    public EvaluationException(String message) {
        super(message);
    }
}
