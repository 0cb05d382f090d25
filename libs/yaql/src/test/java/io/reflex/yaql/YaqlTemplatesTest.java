package io.reflex.yaql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class YaqlTemplatesTest {
    private final YaqlTemplates templates = new YaqlTemplates(YaqlTestSupport.YAQL);
    private final YaqlContext ctx = YaqlContext.of(
            Map.of("name", "ann", "items", List.of(1L, 2L), "on", true, "nothing", java.util.Collections.emptyMap()));

    @Test
    void aWholeBlockYieldsTheRawValue() {
        assertThat(templates.evaluate("<% $.items %>", ctx)).isEqualTo(List.of(1L, 2L));
        assertThat(templates.evaluate("<%$.items.len()%>", ctx)).isEqualTo(2L);
        assertThat(templates.evaluate("<% $.on %>", ctx)).isEqualTo(true);
    }

    @Test
    void blocksInsideTextAreInterpolatedWithPythonsStr() {
        assertThat(templates.evaluate("Hi <% $.name %>!", ctx)).isEqualTo("Hi ann!");
        assertThat(templates.evaluate("<% $.items %> and <% $.on %>", ctx)).isEqualTo("[1, 2] and True");
        assertThat(templates.evaluate("x=<% null %>", ctx)).isEqualTo("x=None");
        assertThat(templates.evaluate("<% dict(a => 'b') %>.", ctx)).isEqualTo("{'a': 'b'}.");
    }

    @Test
    void aStringResultHoldingBlocksIsEvaluatedAgain() {
        YaqlContext c = YaqlContext.of(Map.of("template", "<% 1 + 1 %>"));
        assertThat(templates.evaluate("<% $.template %>", c)).isEqualTo(2L);
        assertThat(templates.evaluate("is <% $.template %>", c)).isEqualTo("is 2");
    }

    @Test
    void textWithoutBlocksIsReturnedAsItIs() {
        assertThat(templates.hasExpressions("plain {{ jinja }}")).isFalse();
        assertThat(templates.evaluate("plain", ctx)).isEqualTo("plain");
    }

    @Test
    void blocksAreListedForStaticChecks() {
        assertThat(templates.blocks("a <% $.x %> b <%$.y%>"))
                .containsExactly(
                        new YaqlTemplates.Block("<% $.x %>", "$.x", 2), new YaqlTemplates.Block("<%$.y%>", "$.y", 14));
        List<YaqlTemplates.BlockError> errors = templates.validate("<% $.x %> <% $.y +* 1 %>");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).block().expression()).isEqualTo("$.y +* 1");
        assertThat(errors.get(0).error().position()).isEqualTo(5);
    }

    @Test
    void failuresReadAsOrquestasMessages() {
        assertThatThrownBy(() -> templates.evaluate("<% $.missing %>", ctx))
                .hasMessage("Unable to resolve key 'missing' in expression '<% $.missing %>' from context.");
        assertThatThrownBy(() -> templates.evaluate("<% $.name.nosuch() %>", ctx))
                .hasMessage("Unable to evaluate expression '<% $.name.nosuch() %>'. NoMethodRegisteredException: "
                        + "Unknown method \"nosuch\" for receiver 'ann"); // orquesta strips quotes off both ends
        assertThatThrownBy(() -> templates.evaluate("<% 1 +* 2 %>", ctx))
                .hasMessage("Unable to evaluate expression '<% 1 +* 2 %>'. YaqlGrammarException: Parse error: "
                        + "unexpected '*' at position 3 of expression '1 +* 2");
    }

    @Test
    void hostFunctionsSeeTheirHostAndArguments() {
        record Vars(Map<String, Object> values) {}
        Yaql withCtx = YaqlTestSupport.YAQL.withFunction("ctx", call -> {
            Map<String, Object> vars =
                    call.context().host(Vars.class).orElseThrow().values();
            if (call.args().isEmpty()) {
                return vars;
            }
            Object key = call.arg(0);
            if (!vars.containsKey(key)) {
                throw new YaqlEvaluationException(
                        "VariableUndefinedError", "The variable \"" + key + "\" is undefined");
            }
            return vars.get(key);
        });
        YaqlContext c = YaqlContext.empty().withHost(new Vars(Map.of("x", 5L)));
        assertThat(withCtx.parse("ctx().x + ctx(x)").evaluate(c)).isEqualTo(10L);
        assertThat(withCtx.parse("ctx('x')").evaluate(c)).isEqualTo(5L);
        assertThatThrownBy(() -> withCtx.parse("ctx(y)").evaluate(c))
                .isInstanceOfSatisfying(
                        YaqlEvaluationException.class,
                        e -> assertThat(e.errorType()).isEqualTo("VariableUndefinedError"));
        assertThat(YaqlTestSupport.YAQL.hasFunction("ctx")).isFalse();
    }
}
