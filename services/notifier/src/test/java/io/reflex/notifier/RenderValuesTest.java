package io.reflex.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reflex.templates.Datastore;
import io.reflex.templates.TemplateException;
import io.reflex.templates.Templates;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RenderValuesTest {
    private final RenderValues values = new RenderValues(new Templates(Datastore.EMPTY));
    private final Map<String, Object> context =
            Map.of("action_parameters", Map.of("target", "web1", "hosts", List.of("a", "b")));

    @Test
    void valuesWithoutTemplatesKeepTheirTypes() {
        var mapping =
                NotifierFixture.json("{'n': 5, 'f': 1.5, 'b': true, 'z': null, 'o': {'x': [1, 2]}, 's': 'plain'}");

        assertThat(values.render(mapping, context)).isEqualTo(mapping);
    }

    @Test
    void stringTemplatesRenderToStrings() {
        var out = values.render(NotifierFixture.json("{'msg': 'deployed {{ action_parameters.target }}'}"), context);

        assertThat(out.get("msg").asText()).isEqualTo("deployed web1");
    }

    @Test
    void containersRenderThroughTheirJsonTextAndComeBackAsJson() {
        var out = values.render(
                NotifierFixture.json("{'o': {'who': '{{ action_parameters.target }}', 'n': 3}, 'l': ['{{ 1 + 1 }}']}"),
                context);

        assertThat(out).isEqualTo(NotifierFixture.json("{'o': {'who': 'web1', 'n': 3}, 'l': ['2']}"));
    }

    @Test
    void theWholeContextIsReachableAsDunderContext() {
        var out = values.render(NotifierFixture.json("{'t': '{{ __context.action_parameters.target }}'}"), context);

        assertThat(out.get("t").asText()).isEqualTo("web1");
    }

    @Test
    void anUndefinedNameFailsTheMappingNamingTheKey() {
        assertThatThrownBy(() -> values.render(NotifierFixture.json("{'bad': '{{ nope.x }}'}"), context))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("bad");
    }

    @Test
    void aSingleMessageRendersLikeAMappingOfOne() {
        assertThat(values.render("to {{ action_parameters.hosts | join(',') }}", context))
                .isEqualTo("to a,b");
    }
}
