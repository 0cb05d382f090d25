package io.reflex.core.execution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterSchemaTest {
    private static ObjectNode json(String text) {
        return Json.read(text.replace('\'', '"'), ObjectNode.class);
    }

    private static final ObjectNode RUNNER =
            json("{'cmd': {'type': 'string', 'required': true}, 'sudo': {'type': 'boolean', 'default': false}}");
    private static final ObjectNode ACTION =
            json("{'cmd': {'type': 'integer', 'default': 'ls'}, 'extra': {'type': 'string'}, 'sudo': 5}");

    @Test
    void runningTakesEveryAttributeTheActionSets() {
        ObjectNode merged = ResolvedAction.mergeSchema(RUNNER, ACTION, null);

        assertThat(merged)
                .isEqualTo(json("{'cmd': {'type': 'integer', 'required': true, 'default': 'ls'},"
                        + " 'sudo': 5, 'extra': {'type': 'string'}}"));
        assertThat(RUNNER.get("cmd").has("default")).as("inputs unchanged").isFalse();
    }

    @Test
    void checkingMetadataRefusesOverridesOutsideTheOverridableOnesAndKeepsTheRunnersValue() {
        List<ResolvedAction.SchemaOverride> refused = new ArrayList<>();

        ObjectNode merged = ResolvedAction.mergeSchema(RUNNER, ACTION, refused::add);

        assertThat(refused).containsExactly(new ResolvedAction.SchemaOverride("cmd", "type"));
        assertThat(merged.get("cmd")).isEqualTo(json("{'type': 'string', 'required': true, 'default': 'ls'}"));
    }

    @Test
    void aResolvedActionCarriesTheMergedSchema() {
        var action = new io.reflex.core.model.Action(
                "a1", "local", "core", null, true, null, "local-shell-cmd", ACTION, null, null, null, null);
        var runner = new io.reflex.core.model.RunnerType(
                "r1", "local-shell-cmd", null, true, null, null, RUNNER, null, null);

        ResolvedAction resolved = ResolvedAction.of(action, runner, "sha256-1");

        assertThat(resolved.parameterSchema()).isEqualTo(ResolvedAction.mergeSchema(RUNNER, ACTION, null));
        assertThat(resolved.ref()).isEqualTo("core.local");
        assertThat(resolved.runnerName()).isEqualTo("local-shell-cmd");
    }
}
