package io.reflex.content;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.json.Json;
import org.junit.jupiter.api.Test;

class AliasFormatSyntaxTest {
    @Test
    void placeholdersThatCloseAreFine() {
        assertThat(AliasFormatSyntax.problem("run {{cmd}} on {{hosts=localhost}}"))
                .isEmpty();
        assertThat(AliasFormatSyntax.problem("no placeholder at all")).isEmpty();
        assertThat(AliasFormatSyntax.problem("json {{ data = {\"a\": 1} }}")).isEmpty();
    }

    @Test
    void anUnclosedOrEmptyPlaceholderIsAProblem() {
        assertThat(AliasFormatSyntax.problem("{{ "))
                .hasValueSatisfying(p -> assertThat(p).contains("not closed"));
        assertThat(AliasFormatSyntax.problem("a {{x b {{y}}"))
                .hasValueSatisfying(p -> assertThat(p).contains("position 2"));
        assertThat(AliasFormatSyntax.problem("a {{ }}"))
                .hasValueSatisfying(p -> assertThat(p).contains("names no parameter"));
    }

    @Test
    void problemsNameTheFormatEntry() {
        var problems = AliasFormatSyntax.check(Json.mapper()
                .valueToTree(java.util.List.of(
                        "ok {{x}}", java.util.Map.of("display", "d", "representation", java.util.List.of("r {{")))));

        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).message()).startsWith("field 'formats[1].representation[0]': ");
    }
}
