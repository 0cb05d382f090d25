package io.reflex.yaql;

import static io.reflex.yaql.YaqlTestSupport.eval;
import static io.reflex.yaql.YaqlTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class YaqlLanguageTest {
    private static final String DATA =
            "{\"a\": 1, \"list\": [3, 1, 2], \"users\": [{\"name\": \"ann\", \"age\": 31}, {\"name\": \"bob\", \"age\": 25}],"
                    + " \"nested\": {\"k\": {\"v\": \"deep\"}}, \"none\": null, \"s\": \"Hello\"}";

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '^',
            value = {
                "1 + 2 * 3 | 7",
                "(1 + 2) * 3 | 9",
                "3 / 2 | 1",
                "3.0 / 2 | 1.5",
                "-7 / 2 | -4",
                "3 mod 2 | 1",
                "-7 mod 3 | 2",
                "7.5 mod 2 | 1.5",
                "-2 * 3 | -6",
                "- - 2 | 2",
                "2 - -1 | 3",
                "1 + 1.5 | 2.5",
                "10 - 2 - 3 | 5",
                "1 = 1.0 | true",
                "1 != 2 | true",
                "1 < 2 and 2 < 3 | true",
                "not 1 = 2 | true",
                "not true or true | true",
                "true or false and false | true",
                "null or 'x' | \"x\"",
                "0 and 1 | 0",
                "'abc' < 'abd' | true",
                "null < 1 | true",
                "1 < null | false",
                "null = null | true",
                "2 in [1, 2] | true",
                "'b' in 'abc' | true",
                "'a' + 'b' | \"ab\"",
                "[1] + [2, 3] | [1,2,3]",
                "{a => 1} + {b => 2} | {\"a\":1,\"b\":2}",
                "'ab' * 2 | \"abab\"",
                "[0] * 3 | [0,0,0]",
                "true | true",
                "null | null",
                "'it\\'s' | ^\"it's\"^",
                "'a\\tb' | \"a\\tb\"",
                "\"dq\" | \"dq\"",
                "`verb\\n` | \"verb\\\\n\"",
                "'\\d+' | \"\\\\d+\"",
                "foo | \"foo\"",
                "[1, 'a', null, [2]] | [1,\"a\",null,[2]]",
                "{a => 1, 'b c' => [2]} | {\"a\":1,\"b c\":[2]}",
                "[1, 2, 3][0] | 1",
                "[1, 2, 3][-1] | 3",
                "{a => 1}['a'] | 1",
                "{a => 1}['c', 3] | 3",
                "{a => 1, b => 2}.a | 1",
                "[{a => 1}, {a => 2, b => 3}].a | [1,2]",
                "[0, 1].select($ + 1) | [1,2]",
                "null?.select($ + 1) | null",
                "let(a => 1) -> $a | 1",
                "let(1, 2, a => 3, b => 4) -> $1 + $a + $2 + $b | 10",
                "with('ab', 'cd') -> $1 + $2 | \"abcd\"",
                "[1, 2].unpack(a, b) -> $a + $b | 3",
                "[2, 3].unpack() -> $1 + $2 | 5",
                "def(sq, $ * $) -> [1, 2, 3].select(sq($)) | [1,4,9]",
                "let(x => 2) -> [1, 2].select($ * $x) | [2,4]",
                "[[1, 2], [3]].select($.len()) | [2,1]",
                "12.assert($ < 20) | 12",
                "$unknown | null",
            })
    void evaluatesAsYaqlDocuments(String expression, String expected) {
        assertThat(json(eval(expression))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '^',
            value = {
                "$.a | 1",
                "$ .a | 1",
                "$.nested.k.v | \"deep\"",
                "$['nested']['k'] | {\"v\":\"deep\"}",
                "$.users.name | [\"ann\",\"bob\"]",
                "$.users.where($.age > 30).name | [\"ann\"]",
                "$.users.select($.name).first() | \"ann\"",
                "$.users.orderBy($.age).name | [\"bob\",\"ann\"]",
                "$.list.len() | 3",
                "len($.list) | 3",
                "$.none | null",
                "$.none?.x | null",
                "$.s.toUpper() | \"HELLO\"",
                "let(u => $.users) -> $u[1].name | \"bob\"",
                "$.list.select($ * 2).where($ > 2) | [6,4]",
                "$.users.select(dict(n => $.name)) | [{\"n\":\"ann\"},{\"n\":\"bob\"}]",
            })
    void readsTheRootValue(String expression, String expected) {
        assertThat(json(eval(expression, DATA))).isEqualTo(expected);
    }

    @Test
    void numbersStayIntegersOrFloatsAsPythonsDo() {
        assertThat(eval("1 + 2")).isEqualTo(3L);
        assertThat(eval("1 + 2.0")).isEqualTo(3.0);
        assertThat(eval("float(12)")).isEqualTo(12.0);
        assertThat(eval("str(1.0)")).isEqualTo("1.0");
        assertThat(eval("str(10000000000000000.0)")).isEqualTo("1e+16");
        assertThat(eval("str(0.1 + 0.2)")).isEqualTo("0.30000000000000004");
        assertThat(eval("str(1.0 / 100000)")).isEqualTo("1e-05");
    }

    @Test
    void missingKeyIsAKeyErrorNamingTheKey() {
        assertThatThrownBy(() -> eval("$.missing", DATA))
                .isInstanceOfSatisfying(
                        YaqlEvaluationException.class,
                        e -> assertThat(e.errorType()).isEqualTo("KeyError"))
                .hasMessage("'missing'");
    }

    @Test
    void unknownFunctionsAndMethodsFailAsYaqlDoes() {
        assertThatThrownBy(() -> eval("nosuch(1)")).hasMessage("Unknown function \"nosuch\"");
        assertThatThrownBy(() -> eval("[1].nosuch()")).hasMessage("Unknown method \"nosuch\" for receiver [1]");
        assertThatThrownBy(() -> eval("1.where($)"))
                .hasMessage("No method \"where\" for receiver 1 matches supplied arguments");
        assertThatThrownBy(() -> eval("'a' + 1")).hasMessage("No function \"#operator_+\" matches supplied arguments");
        // an attribute of what is neither a dict nor a list is a property function, and none is registered
        assertThatThrownBy(() -> eval("abs(8).value"))
                .isInstanceOfSatisfying(
                        YaqlEvaluationException.class,
                        e -> assertThat(e.errorType()).isEqualTo("NoFunctionRegisteredException"))
                .hasMessage("Unknown function \"#property#value\"");
        assertThatThrownBy(() -> eval("$.count.value", "{\"count\": 1}"))
                .hasMessage("Unknown function \"#property#value\"");
        assertThatThrownBy(() -> eval("1 / 0"))
                .isInstanceOfSatisfying(
                        YaqlEvaluationException.class,
                        e -> assertThat(e.errorType()).isEqualTo("ZeroDivisionError"));
        assertThatThrownBy(() -> eval("[1][5]")).hasMessage("list index out of range");
        assertThatThrownBy(() -> eval("12.assert($ < 2)")).hasMessage("Assertion failed");
    }

    @Test
    void letWithoutArrowIsNotAValue() {
        assertThatThrownBy(() -> eval("let(a => 1)"))
                .isInstanceOf(YaqlEvaluationException.class)
                .hasMessageContaining("-> expression");
    }

    @Test
    void expressionsCannotReachJava() {
        assertThatThrownBy(() -> eval("$.getClass()", DATA)).hasMessageStartingWith("Unknown method \"getClass\"");
        assertThatThrownBy(() -> eval("'x'.class")).isInstanceOf(YaqlEvaluationException.class);
        assertThatThrownBy(() -> eval("$.__class__", DATA)).isInstanceOf(YaqlSyntaxException.class);
        assertThatThrownBy(() -> eval("call(str, [1], {})")).hasMessage("Unknown function \"call\"");
        assertThatThrownBy(() -> eval("lambda($)")).hasMessage("Unknown function \"lambda\"");
    }

    @Test
    void resultsNeverShareStructureWithTheContext() {
        java.util.List<Object> list = new java.util.ArrayList<>(java.util.List.of(1L, 2L));
        Object out = YaqlTestSupport.YAQL.parse("$").evaluate(YaqlContext.of(list));
        assertThat(out).isEqualTo(list).isNotSameAs(list);
    }
}
