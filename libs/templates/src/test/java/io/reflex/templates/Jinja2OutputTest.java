package io.reflex.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Templates render as Jinja2 renders them in StackStorm: Python's str() and repr(), escapes, filters. */
class Jinja2OutputTest {
    private final Templates t = new Templates(TemplatesTest.KV);

    private static Map<String, Object> context() {
        Map<String, Object> obj = new LinkedHashMap<>();
        obj.put("name", "st2");
        obj.put("n", 1);
        obj.put("f", 1.0);
        obj.put("ok", true);
        obj.put("none", null);
        obj.put("list", List.of("a", 1, 2.5, false));
        obj.put("quote", "it's");
        obj.put("both", "it's \"x\"");
        obj.put("ctl", "a\nb\t\\c\u0001é");
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("obj", obj);
        ctx.put("nothing", null);
        ctx.put("nomap", Map.of());
        ctx.put("nested", Map.of("inner", List.of(Map.of("k", List.of()))));
        ctx.put("big", 1e20);
        ctx.put("small", 0.0001);
        ctx.put("tiny", 0.00001);
        ctx.put("long", 12345678901234L);
        ctx.put("neg", -2.5);
        ctx.put("words", new ArrayList<>(Arrays.asList("x", null)));
        return ctx;
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiterString = " => ",
            quoteCharacter = '`',
            value = {
                "{{ obj.name }} => st2",
                "{{ obj.n }} => 1",
                "{{ obj.f }} => 1.0",
                "{{ obj.ok }} => True",
                "{{ not obj.ok }} => False",
                "{{ obj.list }} => `['a', 1, 2.5, False]`",
                "{{ words }} => `['x', None]`",
                "{{ nomap }} => {}",
                "{{ nested }} => `{'inner': [{'k': []}]}`",
                "{{ {'name': 'st2'} }} => `{'name': 'st2'}`",
                "{{ {'a': {'b': [1, 'c']} } }} => `{'a': {'b': [1, 'c']}}`",
                "{{ ['a', 1] }} => `['a', 1]`",
                "{{ [obj.quote] }} => `[\"it's\"]`",
                "{{ [obj.both] }} => `['it\\'s \"x\"']`",
                "{{ [obj.ctl] }} => `['a\\nb\\t\\\\c\\x01é']`",
                "{{ big }} => 1e+20",
                "{{ small }} => 0.0001",
                "{{ tiny }} => 1e-05",
                "{{ long }} => 12345678901234",
                "{{ neg }} => -2.5",
                "{{ 1.5 * 2 }} => 3.0",
                "{{ 7 // 2 }} => 3",
                "{{ obj | string }} => `{'name': 'st2', 'n': 1, 'f': 1.0, 'ok': True, 'none': None, 'list': ['a', 1, 2.5, False], 'quote': \"it's\", 'both': 'it\\'s \"x\"', 'ctl': 'a\\nb\\t\\\\c\\x01é'}`",
                "{{ 'a1' | regex_match('\\w+') }} => True",
                "{{ 'a b' | regex_replace('\\s', '_') }} => a_b",
                "{{ 'x1y22' | regex_substring('\\d+', 1) }} => 22",
                "{{ '\\d' }} => \\d",
                "{{ 'a\\tb' == 'a\tb' }} => True",
                "{{ '\\x41\\u00e9 \\101' }} => Aé A",
                "{{ \"say \\\"hi\\\"\" }} => say \"hi\"",
                "{{ 'it\\'s' }} => it's",
                "{{ '\\\\' }} => \\",
                "{% raw %}{{ '\\w' }}{% endraw %} => {{ '\\w' }}",
                "{# '\\w' #}x => x",
                "{% set r = '^\\w+$' %}{{ 'abc' is string and 'abc' | regex_search(r) }} => True",
                "{{ missing | default }} => ``",
                "{{ missing | default('x') }} => x",
                "{{ missing | d('y') }} => y",
                "{{ '' | default('z', true) }} => z",
                "{{ 0 | to_human_time_from_seconds }} => 0s",
                "{{ 5 | to_human_time_from_seconds }} => 5s",
                "{{ 65 | to_human_time_from_seconds }} => 1m5s",
                "{{ 3600 | to_human_time_from_seconds }} => 1h0m0s",
                "{{ 12345 | to_human_time_from_seconds }} => 3h25m45s",
                "{{ 93784 | to_human_time_from_seconds }} => 1d2h3m4s",
                "{{ 1.6 | to_human_time_from_seconds }} => 2s",
                "{{ 2.5 | to_human_time_from_seconds }} => 2s",
                "{{ 0.5 | to_human_time_from_seconds }} => 0.5μs",
                "{{ 31536000 | to_human_time_from_seconds }} => 1y0d0h0m0s",
                "{{ 31622400 | to_human_time_from_seconds }} => 1y1d0h0m0s",
                "{{ 2678400 | to_human_time_from_seconds }} => 0s",
            })
    void rendersAsJinja2(String template, String expected) {
        assertThat(t.render(template, context())).isEqualTo(expected);
    }

    @Test
    void singleExpressionsKeepTheirValue() {
        assertThat(t.evaluate("{{ {'name': 'st2'} }}", context())).isEqualTo(Map.of("name", "st2"));
        assertThat(t.evaluate("{{ 'a1' | regex_match('\\w+') }}", context())).isEqualTo(true);
        assertThat(t.evaluate("x {{ obj.ok }}", context())).isEqualTo("x True");
    }

    @Test
    void malformedPythonEscapesAreTemplateErrors() {
        assertThatThrownBy(() -> t.render("{{ 'C:\\users' }}", Map.of()))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("escape");
    }

    @Test
    void pythonNumbersAndStrings() {
        assertThat(PyText.floatText(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(PyText.floatText(1e16)).isEqualTo("1e+16");
        assertThat(PyText.floatText(123456789012345.6)).isEqualTo("123456789012345.6");
        assertThat(PyText.floatText(Double.NaN)).isEqualTo("nan");
        assertThat(PyText.floatText(-0.0)).isEqualTo("-0.0");
        assertThat(PyText.floatText(1.5e-7)).isEqualTo("1.5e-07");
        assertThat(PyText.repr("tab\u2028")).isEqualTo("'tab\\u2028'");
        assertThat(PyText.repr("\uD83D\uDE00")).isEqualTo("'\uD83D\uDE00'");
    }
}
