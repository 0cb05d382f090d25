package io.reflex.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterRendererTest {
    final ParameterRenderer renderer = new ParameterRenderer(new Templates(TemplatesTest.KV));

    static ObjectNode json(String text) {
        return (ObjectNode) Json.read(text.replace('\'', '"'), com.fasterxml.jackson.databind.JsonNode.class);
    }

    @Test
    void defaultsReferToOtherParametersInDependencyOrder() {
        ObjectNode schema = json("{'cmd': {'type': 'string', 'default': 'echo {{ message }} {{ count }}'},"
                + " 'message': {'type': 'string'}, 'count': {'type': 'integer', 'default': '{{ base + 1 }}'},"
                + " 'base': {'type': 'integer', 'default': 2}}");
        ObjectNode out = renderer.render(
                schema,
                json("{'message': 'hi {{ trigger.who }}'}"),
                Map.of("trigger", Map.of("who", "Ada")),
                TemplatesTest.KV,
                "stanley");
        assertThat(out.get("message").asText()).isEqualTo("hi Ada");
        assertThat(out.get("count").isIntegralNumber()).isTrue();
        assertThat(out.get("count").asInt()).isEqualTo(3);
        assertThat(out.get("cmd").asText()).isEqualTo("echo hi Ada 3");
    }

    @Test
    void renderedValuesAreCastToTheDeclaredType() {
        ObjectNode schema =
                json("{'flag': {'type': 'boolean'}, 'data': {'type': 'object'}, 'ratio': {'type': 'number'},"
                        + " 'items': {'type': 'array'}, 'nothing': {'type': 'string'}}");
        ObjectNode out = renderer.render(
                schema,
                json("{'flag': '{{ trigger.f }}', 'data': '{{ trigger.d }}', 'ratio': '{{ trigger.r }}',"
                        + " 'items': '{{ trigger.l | to_complex }}', 'nothing': '{{ trigger.x | use_none }}'}"),
                Map.of(
                        "trigger",
                        new java.util.HashMap<>(
                                Map.of("f", "True", "d", Map.of("k", 1), "r", "0.5", "l", java.util.List.of(1, 2)))),
                TemplatesTest.KV,
                "u");
        assertThat(out.get("flag").asBoolean()).isTrue();
        assertThat(out.get("data").get("k").asInt()).isEqualTo(1);
        assertThat(out.get("ratio").asDouble()).isEqualTo(0.5);
        assertThat(out.get("items")).hasSize(2);
    }

    @Test
    void objectAndArrayTextThatIsNotJsonIsReadAsAPythonLiteral() {
        ObjectNode schema = json("{'o': {'type': 'object'}, 'a': {'type': 'array'}, 't': {'type': 'array'}}");
        ObjectNode given = Json.object();
        given.put("o", "{{ trigger.o }}");
        given.put("a", "{{ trigger.v }}");
        given.put("t", "{{ '(1, \"two\", False,)' }}");
        Map<String, Object> trigger = Map.of(
                "v", "['p', {'q': u'r'}]", "o", "{'a': 1, 'b': True, 'c': None, 'd': [1.5, -2], \"e\": 'it\\'s'} ");
        ObjectNode out = renderer.render(schema, given, Map.of("trigger", trigger), Datastore.EMPTY, "u");
        assertThat(out.get("o").toString()).isEqualTo("{\"a\":1,\"b\":true,\"c\":null,\"d\":[1.5,-2],\"e\":\"it's\"}");
        assertThat(out.get("a"))
                .isEqualTo(Json.read("[\"p\", {\"q\": \"r\"}]", com.fasterxml.jackson.databind.JsonNode.class));
        assertThat(out.get("t").toString()).isEqualTo("[1,\"two\",false]");
        assertThatThrownBy(() -> renderer.render(
                        json("{'o': {'type': 'object'}}"),
                        json("{'o': '{{ trigger.v }}'}"),
                        Map.of("trigger", Map.of("v", "{'a': __import__('os')}")),
                        Datastore.EMPTY,
                        "u"))
                .hasMessageContaining("neither JSON nor a Python literal");
    }

    @Test
    void literalValuesAreKeptAsGiven() {
        ObjectNode out = renderer.render(
                json("{'n': {'type': 'integer'}}"), json("{'n': 5, 'extra': 'x'}"), Map.of(), Datastore.EMPTY, "u");
        assertThat(out.get("n").asInt()).isEqualTo(5);
        assertThat(out.get("extra").asText()).isEqualTo("x");
    }

    @Test
    void cyclesAndBadCastsAreNamedErrors() {
        assertThatThrownBy(() -> renderer.render(
                        json("{'a': {'default': '{{ b }}'}, 'b': {'default': '{{ a }}'}}"),
                        json("{}"),
                        Map.of(),
                        Datastore.EMPTY,
                        "u"))
                .hasMessageStartingWith("Cyclic dependency found in parameters: a -> b -> a");
        assertThatThrownBy(() -> renderer.render(
                        json("{'n': {'type': 'integer'}}"),
                        json("{'n': '{{ trigger.v }}'}"),
                        Map.of("trigger", Map.of("v", "many")),
                        Datastore.EMPTY,
                        "u"))
                .hasMessage("Failed to cast parameter \"n\" to integer: 'many'");
        assertThatThrownBy(() -> renderer.render(
                        json("{'m': {'type': 'string'}}"),
                        json("{'m': '{{ trigger.nope }}'}"),
                        Map.of("trigger", Map.of()),
                        Datastore.EMPTY,
                        "u"))
                .hasMessageStartingWith("Failed to render parameter \"m\":");
    }

    @Test
    void mentionsIgnoresAttributesAndLongerNames() {
        assertThat(ParameterRenderer.mentions("{{ trigger.cmd }}", "cmd")).isFalse();
        assertThat(ParameterRenderer.mentions("{{ cmdline }}", "cmd")).isFalse();
        assertThat(ParameterRenderer.mentions("{{ cmd | upper }}", "cmd")).isTrue();
        assertThat(ParameterRenderer.mentions("cmd {{ x }}", "cmd")).isFalse();
    }

    @Test
    void evaluatedTextIsCastToTheDeclaredTypeAsStackStormCastsTaskInput() {
        ObjectNode schema = Json.read("""
                {"extra": {"type": "object"}, "hosts": {"type": "array"}, "n": {"type": "integer"},
                 "ratio": {"type": "number"}, "loud": {"type": "boolean"}, "message": {"type": "string"},
                 "free": {}}
                """, ObjectNode.class);
        ObjectNode values = Json.object()
                .put("extra", "{'color': '#ff0000', 'n': 1}")
                .put("hosts", "[\"a\", \"b\"]")
                .put("n", "3")
                .put("ratio", "0.5")
                .put("loud", "True")
                .put("message", "{}")
                .put("free", "{}");
        values.putObject("already").put("x", 1);

        ObjectNode cast = ParameterRenderer.castTexts(schema, values);

        assertThat(cast.get("extra").toString()).isEqualTo("{\"color\":\"#ff0000\",\"n\":1}");
        assertThat(cast.get("hosts"))
                .isEqualTo(Json.mapper().createArrayNode().add("a").add("b"));
        assertThat(cast.get("n").isIntegralNumber()).isTrue();
        assertThat(cast.get("n").asInt()).isEqualTo(3);
        assertThat(cast.get("ratio").asDouble()).isEqualTo(0.5);
        assertThat(cast.get("loud").asBoolean()).isTrue();
        assertThat(cast.get("message").asText()).isEqualTo("{}");
        assertThat(cast.get("free").asText()).isEqualTo("{}");
        assertThat(cast.get("already")).isEqualTo(values.get("already"));
        assertThatThrownBy(
                        () -> ParameterRenderer.castTexts(schema, Json.object().put("extra", "[1, 2]")))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("\"extra\"");
    }
}
