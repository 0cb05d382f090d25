package io.reflex.yaql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class YaqlSyntaxTest {
    private static final Yaql YAQL = YaqlTestSupport.YAQL;

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '^',
            value = {
                "1 +* 2 | 3 | Parse error: unexpected '*' at position 3 of expression '1 +* 2'",
                "$.a b | 4 | Parse error: unexpected 'b' at position 4 of expression '$.a b'",
                "foo(1 2) | 6 | Parse error: unexpected '2' at position 6 of expression 'foo(1 2)'",
                "[1, 2 | 5 | Parse error: unexpected end of statement",
                "$.select( | 9 | Parse error: unexpected end of statement",
                "$ # 1 | 2 | Lexical error: illegal character '#' at position 2",
                "'open | 0 | Lexical error: illegal character ''' at position 0",
                "$.__x | 2 | Lexical error: illegal character '_' at position 2",
                "len (1) | 4 | Parse error: unexpected '(' at position 4 of expression 'len (1)'",
                "a => 1 | 2 | Parse error: unexpected '=>' at position 2 of expression 'a => 1'",
                ") | 0 | Parse error: unexpected ')' at position 0 of expression ')'",
                // the parser fails on '<' before the lexer reaches the illegal '%', as YAQL reads them
                "<% succeeded() | 0 | Parse error: unexpected '<' at position 0 of expression '<% succeeded()'",
            })
    void syntaxErrorsCarryYaqlsMessageAndPosition(String expression, int position, String message) {
        assertThatThrownBy(() -> YAQL.parse(expression))
                .isInstanceOfSatisfying(YaqlSyntaxException.class, e -> {
                    assertThat(e.position()).isEqualTo(position);
                    assertThat(e.expression()).isEqualTo(expression);
                })
                .hasMessage(message);
    }

    @Test
    void emptyExpressionIsAnError() {
        assertThatThrownBy(() -> YAQL.parse("")).hasMessage("Parse error: unexpected end of statement");
    }

    @Test
    void parsedExpressionsAreCachedAndReusable() {
        YaqlExpression a = YAQL.parse("$ + 1");
        YaqlExpression b = YAQL.parse("$ + 1");
        assertThat(a.source()).isEqualTo("$ + 1");
        assertThat(a.evaluate(YaqlContext.of(1L))).isEqualTo(2L);
        assertThat(b.evaluate(YaqlContext.of(41L))).isEqualTo(42L);
    }

    @Test
    void bracketsNestedPastTheDepthLimitFailToParse() {
        String deep = "[".repeat(500) + "]".repeat(500);
        assertThatThrownBy(() -> YAQL.parse(deep))
                .isInstanceOf(YaqlSyntaxException.class)
                .hasMessageContaining("yaql.max_depth");
    }

    @Test
    void longOperatorChainsParseAndEvaluate() {
        String sum = "1" + " + 1".repeat(2000);
        assertThat(YAQL.parse(sum).evaluate(YaqlContext.empty())).isEqualTo(2001L);
    }
}
