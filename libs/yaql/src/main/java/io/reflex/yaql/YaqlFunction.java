package io.reflex.yaql;

/**
 * A function a host adds to the language ({@code ctx()}, {@code result()}, {@code st2kv()}, ...). Its arguments are
 * evaluated before it is called. It runs on the evaluating thread and should not block for long: the evaluation's
 * time limit is checked only between steps.
 */
@FunctionalInterface
public interface YaqlFunction {
    /**
     * @return a plain Java value (see {@link YaqlExpression#evaluate}); JsonNode values are converted
     * @throws YaqlEvaluationException to fail the expression with a message of the host's choosing
     */
    Object call(YaqlCall call) throws YaqlEvaluationException;
}
