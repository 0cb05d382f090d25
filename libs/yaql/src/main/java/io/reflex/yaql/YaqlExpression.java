package io.reflex.yaql;

/**
 * A parsed expression: immutable, thread-safe, evaluated any number of times against different contexts.
 */
public interface YaqlExpression {
    /**
     * Evaluates against {@code context} within the engine's {@link YaqlLimits}. The result is a plain Java value:
     * null, Boolean, Long, Double, String, {@code List<Object>} or {@code Map<String, Object>} (insertion-ordered),
     * nested; never a value that shares structure with the context's. Blocks only for as long as the evaluation
     * runs (bounded by {@link YaqlLimits#maxEvaluationTime()}).
     *
     * @throws YaqlEvaluationException the expression failed; a {@link YaqlLimitException} when it hit a limit
     */
    Object evaluate(YaqlContext context) throws YaqlEvaluationException;

    /** The expression text as parsed. */
    String source();
}
