package io.reflex.rulesengine;

import static io.reflex.rulesengine.Fixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.templates.Datastore;
import io.reflex.templates.ParameterRenderer;
import io.reflex.templates.TemplateException;
import io.reflex.templates.Templates;
import org.junit.jupiter.api.Test;

class RuleParametersTest {
    final RuleEnforcer.Parameters parameters =
            new RuleEnforcer.Parameters(new Templates(Datastore.EMPTY), Datastore.EMPTY);

    static final ObjectNode SCHEMA = json("{"
            + "'cmd': {'type': 'string'},"
            + "'count': {'type': 'integer'},"
            + "'timeout': {'type': 'integer', 'default': 60},"
            + "'greeting': {'type': 'string', 'default': 'hello {{ trigger.who }}'},"
            + "'sudo': {'type': 'boolean', 'default': false, 'immutable': true},"
            + "'locked': {'type': 'string', 'default': '{{ trigger.who }}', 'immutable': true}}");

    private ObjectNode render(String given, String payload) {
        return parameters.render(
                SCHEMA, json(given), json(payload), json("{'user': 'stanley'}"), json("{'region': 'eu'}"), "stanley");
    }

    @Test
    void givenParametersAreRenderedAndCastToTheirDeclaredType() {
        ObjectNode live =
                render("{'cmd': 'echo {{ trigger.who }}', 'count': '{{ trigger.n }}'}", "{'who': 'x', 'n': '3'}");

        assertThat(live.toString())
                .isEqualTo(json("{'cmd': 'echo x', 'count': 3, 'greeting': 'hello x'}")
                        .toString());
        assertThat(live.get("count").isIntegralNumber()).isTrue();
    }

    @Test
    void onlyNonImmutableTemplateDefaultsJoinTheGivenParameters() {
        ObjectNode live = render("{}", "{'who': 'x'}");

        assertThat(live).isEqualTo(json("{'greeting': 'hello x'}"));
    }

    @Test
    void parametersReferToEachOtherTheActionContextAndThePackConfig() {
        assertThat(render(
                        "{'count': 2, 'cmd': 'run {{ count }} in {{ config_context.region }} for {{ action_context.user }}'}",
                        "{'who': 'x'}"))
                .isEqualTo(json("{'count': 2, 'cmd': 'run 2 in eu for stanley', 'greeting': 'hello x'}"));
    }

    @Test
    void anUndefinedNameFailsWithTheParameterNamed() {
        assertThatThrownBy(() -> render("{'cmd': '{{ trigger.nope }}'}", "{'who': 'x'}"))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("Failed to render parameter \"cmd\"");
    }

    @Test
    void theConfigIsReadOnlyWhenSomethingMentionsIt() {
        assertThat(ParameterRenderer.readsConfig(SCHEMA, json("{'cmd': '{{ config_context.x }}'}")))
                .isTrue();
        assertThat(ParameterRenderer.readsConfig(SCHEMA, json("{'cmd': 'plain'}")))
                .isFalse();
    }
}
