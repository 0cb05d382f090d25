package io.reflex.yaql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class YaqlLimitsTest {
    private static final Yaql SMALL = Yaql.standard(new YaqlLimits(100_000, 1_000, 10_000, 20, Duration.ofMinutes(5)));

    @ParameterizedTest(name = "{0} exceeds {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '^',
            value = {
                "range(1000000000) | yaql.max_collection_size",
                "range(2000).select($) | yaql.max_collection_size",
                "sequence().select($) | yaql.max_collection_size",
                "sequence() | yaql.max_collection_size",
                "[1].cycle().where(true) | yaql.max_collection_size",
                "'ab' * 100000 | yaql.max_string_length",
                "let(s => 'x' * 9000) -> $s + $s | yaql.max_string_length",
                "[0] * 5000 | yaql.max_collection_size",
                "def(f, f($)) -> f(1) | yaql.max_depth",
                "range(300).select(range(300).sum()) | yaql.max_operations",
                "range(900).select(range(900).where($ > 1).len()) | yaql.max_operations",
                "('x' * 300) =~ '(x+x+)+y' | yaql.max_operations",
                "pow(-1, 100000000) | yaql.max_operations",
            })
    void aBreachEndsTheEvaluationNamingTheLimit(String expression, String key) {
        assertThatThrownBy(() -> SMALL.parse(expression).evaluate(YaqlContext.empty()))
                .isInstanceOfSatisfying(
                        YaqlLimitException.class, e -> assertThat(e.limitKey()).isEqualTo(key))
                .hasMessageStartingWith("expression exceeded " + key + " (");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {"def(f, f($)) -> f(1)", "range(10).select(range(10).sum())"})
    void limitsAreFreshForEveryEvaluation(String expression) {
        YaqlExpression e = SMALL.parse("range(900).sum()");
        for (int i = 0; i < 50; i++) {
            assertThat(e.evaluate(YaqlContext.empty())).isEqualTo(404550L);
        }
    }
}
