package io.reflex.yaql;

import java.time.Duration;
import java.util.Objects;

/**
 * What one evaluation may cost. Every evaluation is bounded by all five; the first one exceeded ends it with a
 * {@link YaqlLimitException} naming its configuration key and value.
 *
 * @param maxOperations evaluation steps of one expression: every operator, function call and collection item
 *     visited counts one
 * @param maxCollectionSize most items a list, dict or range built by an expression may hold
 * @param maxStringLength longest string an expression may build, in chars
 * @param maxDepth deepest nesting of calls and lambdas while evaluating (recursion through {@code def}), and
 *     deepest bracket nesting an expression may be written with
 * @param maxEvaluationTime wall time of one evaluation
 */
public record YaqlLimits(
        long maxOperations, int maxCollectionSize, int maxStringLength, int maxDepth, Duration maxEvaluationTime) {
    public static final String MAX_OPERATIONS = "yaql.max_operations";
    public static final String MAX_COLLECTION_SIZE = "yaql.max_collection_size";
    public static final String MAX_STRING_LENGTH = "yaql.max_string_length";
    public static final String MAX_DEPTH = "yaql.max_depth";
    public static final String MAX_EVALUATION_TIME = "yaql.max_evaluation_time";

    /** Generous for workflows that handle thousands of items, fatal to runaway expressions. */
    public static final YaqlLimits DEFAULTS =
            new YaqlLimits(1_000_000, 100_000, 10 * 1024 * 1024, 100, Duration.ofSeconds(10));

    public YaqlLimits {
        Objects.requireNonNull(maxEvaluationTime, "maxEvaluationTime");
        if (maxOperations < 1
                || maxCollectionSize < 1
                || maxStringLength < 1
                || maxDepth < 1
                || maxEvaluationTime.toMillis() < 1) {
            throw new IllegalArgumentException("yaql limits must be positive");
        }
    }

    /** "{@code what} exceeded {@code key} (its value)", the message of an evaluation that hit the limit. */
    String exceeded(String key) {
        return "expression exceeded " + key + " (" + value(key) + ")";
    }

    private String value(String key) {
        return switch (key) {
            case MAX_OPERATIONS -> String.valueOf(maxOperations);
            case MAX_COLLECTION_SIZE -> String.valueOf(maxCollectionSize);
            case MAX_STRING_LENGTH -> String.valueOf(maxStringLength);
            case MAX_EVALUATION_TIME ->
                maxEvaluationTime.toMillis() % 1000 == 0
                        ? maxEvaluationTime.toSeconds() + "s"
                        : maxEvaluationTime.toMillis() + "ms";
            default -> String.valueOf(maxDepth);
        };
    }
}
