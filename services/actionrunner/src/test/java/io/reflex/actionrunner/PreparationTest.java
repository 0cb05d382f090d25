package io.reflex.actionrunner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import org.junit.jupiter.api.Test;

class PreparationTest {
    static ObjectNode json(String text) {
        return Json.read(text.replace('\'', '"'), ObjectNode.class);
    }

    @Test
    void thePackConfigIsReadForPythonAndChainActionsAndForTemplatesThatNameIt() {
        ObjectNode plain = json("{'cmd': {'type': 'string', 'default': 'true'}}");
        ObjectNode none = json("{}");

        assertThat(Preparation.needsPackConfig("python-script", plain, none)).isTrue();
        assertThat(Preparation.needsPackConfig("action-chain", plain, none)).isTrue();
        assertThat(Preparation.needsPackConfig("noop", plain, none)).isFalse();
        assertThat(Preparation.needsPackConfig("local-shell-cmd", plain, json("{'cmd': 'true'}")))
                .isFalse();
        assertThat(Preparation.needsPackConfig(
                        "local-shell-cmd",
                        json("{'cmd': {'type': 'string', 'default': '{{ config_context.greeting }}'}}"),
                        none))
                .isTrue();
        assertThat(Preparation.needsPackConfig("http-request", plain, json("{'url': '{{config_context.url}}'}")))
                .isTrue();
        assertThat(Preparation.needsPackConfig(
                        "local-shell-cmd", plain, json("{'env': {'A': ['x', {'b': '{{ config_context.b }}'}]}}")))
                .isTrue();
        assertThat(Preparation.needsPackConfig(
                        "local-shell-cmd", plain, json("{'env': {'A': ['x', {'b': 'config'}], 'n': 1}}")))
                .isFalse();
    }
}
