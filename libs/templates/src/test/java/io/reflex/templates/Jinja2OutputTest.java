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
                "{{ nothing }} => None",
                "{{ obj.none }} => None",
                "{{ none }} => None",
                "{{ [None, true] }} => `[None, True]`",
                "{{ nothing is none }} => True",
                "{{ obj.none is not none }} => False",
                "{% if obj.none %}y{% else %}n{% endif %} => n",
                "{% if nothing == None %}y{% endif %} => y",
                "{{ \"a}}b\" }} => a}}b",
                "{{ {'a': {'b': 1}} }} => `{'a': {'b': 1}}`",
                "{{ {'a': {'b': {'c': 1}}} }} => `{'a': {'b': {'c': 1}}}`",
                "{% set d = {'a': {'b': 1}} %}{{ d.a.b }} => 1",
                "{{ 'x' ~ obj.ok }} => xTrue",
                "{{ 'x' ~ {'a': 1} ~ [false] }} => `x{'a': 1}[False]`",
                "{{ [true, false, none, 1.0] | join(',') }} => `True,False,None,1.0`",
                "{{ [{'n': 'a'}, {'n': 'b'}] | join('-', attribute='n') }} => a-b",
                "{{ '%s-%s' | format(true, none) }} => True-None",
                "{{ {'a': [1, 2], 'b': 'é'} | to_json_string }} => `{\"a\": [1,2],\"b\": \"\\u00e9\"}`",
                "{{ {'b': 1, 'a': 2} | to_json_string(None, true) }} => `{\"a\": 2,\"b\": 1}`",
                "{{ {'a': [1]} | to_json_string(2) }} => `{\n  \"a\": [\n    1\n  ]\n}`",
                "{{ {'a': 1, 'b': none} | to_complex }} => `{\"a\": 1, \"b\": null}`",
                "{{ 'é \"q\"' | json_escape }} => `\\u00e9 \\\"q\\`",
                "{{ {'a': 1} | jsonpath_query('$.a') }} => [1]",
                "{{ {'b': [1], 'a': none} | to_yaml_string }} => `a: null\nb:\n- 1\n`",
                "{{ {'a': 1} | jsonpath_query('$.b') }} => None",
                "{{ '/a/b/' | basename }} => ``",
                "{{ '/a/b' | basename }} => b",
                "{{ 'a//b' | dirname }} => a",
                "{{ '/a' | dirname }} => /",
                "{{ 'ab' | regex_replace('(a)', '$\\\\1\\\\g<1>') }} => $aab",
                "{{ 'AB' | regex_match('a', true) }} => True",
                "{{ 'AB' | regex_search('b') }} => False",
                "{{ 'k=v' | regex_replace('(?P<key>\\\\w)=(?P=key)?', '\\\\g<key>:') }} => k:v",
                "{{ 'x1y22' | regex_substring('(\\d)(\\d)') }} => `['2', '2']`",
                "{{ 'x1y22' | regex_substring('y(\\d+)') }} => 22",
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
    void anUndefinedNameOrKeyIsAnErrorNamingIt() {
        assertThatThrownBy(() -> t.render("{{ missing }}", context()))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("'missing' is undefined");
        assertThatThrownBy(() -> t.render("{% if obj.absent %}y{% endif %}", context()))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("'absent' is undefined");
        assertThat(t.render("{{ missing is defined }} {{ obj.absent | default('d') }}", context()))
                .isEqualTo("False d");
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
