package io.reflex.orquesta;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JinjaLanguageTest {
    private final JinjaLanguage jinja = new JinjaLanguage();

    @Test
    void explore() {
        for (String t : new String[] {
            "{{ ctx().x | length }}",
            "{{ ctx('a') ~ 'b' }}",
            "{{ {'a': 1} }}",
            "{{ [1,2][0] }}",
            "{{ x if y else z }}",
            "{{ 'a' in ctx().list }}",
            "{{ not x }}",
            "{{ x is defined }}",
            "{{ a // b }}",
            "{{ a ** 2 }}",
            "{{ 1 + }}",
            "{{ ctx( }}",
            "{{ ) }}",
            "{% if x %}a",
            "{% for x in y %}{{ x }}{% endfor %}",
            "foo {{ 1 + }} bar",
            "{{ ctx().x | default('a') | upper }}",
            "{{ succeeded() and ctx(a) }}",
            "{% foo %}",
            "{{ x.y[0]['z'] }}",
            "{{ ctx().a == 'b' or result().c != 1 }}"
        }) {
            System.out.println(t + " => " + jinja.check(t));
        }
        assertThat(jinja.check("{{ ctx().x }}")).isEmpty();
    }
}
