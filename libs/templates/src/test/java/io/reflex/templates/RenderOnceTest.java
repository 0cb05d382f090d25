package io.reflex.templates;

import static io.reflex.templates.ParameterRendererTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who renders what: data is never parsed, caller templates use the caller's datastore rights. */
class RenderOnceTest {
    final ParameterRenderer renderer = new ParameterRenderer(new Templates(TemplatesTest.KV));
    final Templates templates = new Templates(TemplatesTest.KV);

    /** The rights of a caller who may read nothing in the system scope and decrypt nothing. */
    static final KeyRights NO_SYSTEM_KEYS = new KeyRights() {
        @Override
        public void checkRead(String scope, String name) {
            if (scope.equals("st2kv.system")) {
                throw new TemplateException("User \"executor\" doesn't have required permission"
                        + " \"key_value_pair_view\" on resource \"key_value_pair:" + scope + ":" + name + "\"");
            }
        }

        @Override
        public void checkDecrypt(String scope, String name) {
            throw new TemplateException("no decrypt of " + name);
        }
    };

    @Test
    void finalRenderKeepsGivenValuesAsData() {
        ObjectNode schema = json("{'m': {'type': 'string'}, 'n': {'type': 'integer'}}");
        ObjectNode out = renderer.renderFinal(
                schema,
                json("{'m': 'A={{ 7*7 }} S={{ st2kv.system.secret_token | decrypt_kv }}', 'n': 3}"),
                Map.of(),
                TemplatesTest.KV,
                "u");
        assertThat(out.get("m").asText()).isEqualTo("A={{ 7*7 }} S={{ st2kv.system.secret_token | decrypt_kv }}");
        assertThat(out.get("n").asInt()).isEqualTo(3);
    }

    @Test
    void finalRenderRendersDefaultsWithTheDataAsValues() {
        ObjectNode schema = json("{'message': {'type': 'string'}, 'cmd': {'type': 'string', 'default':"
                + " 'echo {{ message }} {{ st2kv.system.secret_token | decrypt_kv }}'}}");
        ObjectNode out =
                renderer.renderFinal(schema, json("{'message': '{{ 7*7 }}'}"), Map.of(), TemplatesTest.KV, "u");
        assertThat(out.get("message").asText()).isEqualTo("{{ 7*7 }}");
        assertThat(out.get("cmd").asText()).isEqualTo("echo {{ 7*7 }} s3cret");
    }

    @Test
    void dataThatLooksLikeACycleIsNotOne() {
        ObjectNode out = renderer.renderFinal(
                json("{}"), json("{'a': '{{ b }}', 'b': '{{ a }}'}"), Map.of(), Datastore.EMPTY, "u");
        assertThat(out.get("a").asText()).isEqualTo("{{ b }}");
        assertThat(out.get("b").asText()).isEqualTo("{{ a }}");
    }

    @Test
    void liveRenderUsesTheCallersRightsForTheGivenValuesOnly() {
        ObjectNode schema = json("{'m': {'type': 'string'}, 'd': {'type': 'string', 'default':"
                + " '{{ st2kv.system.greeting }}'}, 'plain': {'type': 'string', 'default': 'x'}}");
        ObjectNode out = renderer.renderLive(
                schema, json("{'m': 'A={{ 7*7 }}'}"), Map.of(), TemplatesTest.KV, "u", NO_SYSTEM_KEYS);
        assertThat(out.get("m").asText()).isEqualTo("A=49");
        assertThat(out.get("d").asText()).isEqualTo("hello");
        assertThat(out.has("plain")).isFalse();

        assertThatThrownBy(() -> renderer.renderLive(
                        schema,
                        json("{'m': '{{ st2kv.system.secret_token | decrypt_kv }}'}"),
                        Map.of(),
                        TemplatesTest.KV,
                        "u",
                        NO_SYSTEM_KEYS))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("Failed to render parameter \"m\"")
                .hasMessageContaining("User \"executor\" doesn't have required permission \"key_value_pair_view\""
                        + " on resource \"key_value_pair:st2kv.system:secret_token\"");
    }

    @Test
    void liveRenderOfAKeyReadableButNotDecryptableFails() {
        KeyRights readOnly = new KeyRights() {
            @Override
            public void checkRead(String scope, String name) {}

            @Override
            public void checkDecrypt(String scope, String name) {
                throw new TemplateException("may not decrypt " + name);
            }
        };
        assertThatThrownBy(() -> renderer.renderLive(
                        json("{}"),
                        json("{'m': '{{ st2kv.system.secret_token | decrypt_kv }}'}"),
                        Map.of(),
                        TemplatesTest.KV,
                        "u",
                        readOnly))
                .hasMessageContaining("may not decrypt secret_token");
    }

    @Test
    void decryptKvRefusesACiphertextThatDidNotComeFromTheLookup() {
        Map<String, Object> ctx = new HashMap<>();
        ctx.put("trigger", Map.of("c", "CIPHER"));
        ctx.put("st2kv", KeyValueContext.build("{{ st2kv.system.secret_token }}", TemplatesTest.KV, "u"));
        assertThatThrownBy(() -> templates.render("{{ 'CIPHER' | decrypt_kv }}", ctx))
                .hasMessageContaining("decrypt_kv only decrypts a value read from the datastore");
        assertThatThrownBy(() -> templates.render("{{ trigger.c | decrypt_kv }}", ctx))
                .hasMessageContaining("decrypt_kv only decrypts");
        assertThatThrownBy(() -> templates.render("{{ trigger.c | decrypt_kv }}", Map.of("trigger", Map.of("c", "x"))))
                .hasMessageContaining("decrypt_kv only decrypts");
        assertThat(templates.render("{{ st2kv.system.secret_token | decrypt_kv }}", ctx))
                .isEqualTo("s3cret");
        assertThat(templates.evaluate("{{ st2kv.system.secret_token | decrypt_kv }}", ctx))
                .isEqualTo("s3cret");
    }

    @Test
    void decryptKvRefusesAParameterHoldingACiphertext() {
        ObjectNode schema =
                json("{'c': {'type': 'string'}, 'p': {'type': 'string', 'default':" + " '{{ c | decrypt_kv }}'}}");
        assertThatThrownBy(() -> renderer.renderFinal(schema, json("{'c': 'CIPHER'}"), Map.of(), TemplatesTest.KV, "u"))
                .hasMessageContaining("Failed to render parameter \"p\"")
                .hasMessageContaining("decrypt_kv only decrypts");
    }
}
