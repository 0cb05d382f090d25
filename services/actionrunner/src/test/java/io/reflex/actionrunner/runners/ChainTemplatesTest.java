package io.reflex.actionrunner.runners;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import io.reflex.templates.Datastore;
import io.reflex.templates.TemplateLimits;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChainTemplatesTest {
    final ChainTemplates templates = new ChainTemplates(Datastore.EMPTY, TemplateLimits.DEFAULTS);

    private static ObjectNode json(String s) {
        return Json.read(s, ObjectNode.class);
    }

    @Test
    void renderValuesGivesTextForTemplatesAndKeepsOtherValuesAsTheyAre() {
        ObjectNode out = templates.renderValues(
                json("{\"a\": \"{{ n + 1 }}\", \"b\": 5, \"c\": [\"{{ n }}\", 2], \"d\": \"plain\"}"),
                Map.of("n", 1),
                "stanley");
        // like StackStorm: a list is rendered as its JSON text, so a template inside a string stays a string
        assertThat(out)
                .isEqualTo(Json.read("{\"a\": \"2\", \"b\": 5, \"c\": [\"1\", 2], \"d\": \"plain\"}", JsonNode.class));
    }

    @Test
    void publishSeesTheTaskResultByTaskNameAndEarlierVars() {
        ChainTemplates.State state = new ChainTemplates.State();
        state.vars.put("who", "ops");
        ChainSpec.Task task = new ChainSpec.Task(
                "first",
                "core.local",
                Json.object(),
                "",
                "",
                json("{\"said\": \"{{ first.stdout }} to {{ who }}\"}"),
                Json.object());
        ObjectNode published = templates.publish(task, json("{\"stdout\": \"hi\"}"), Json.object(), state, "stanley");
        assertThat(published.path("said").asText()).isEqualTo("hi to ops");
    }

    @Test
    void taskParametersAreCastToTheTaskActionsTypesWithoutItsDefaults() {
        ChainTemplates.State state = new ChainTemplates.State();
        state.results.put("first", json("{\"count\": \"3\"}"));
        ChainSpec.Task task = new ChainSpec.Task(
                "second", "p.b", json("{\"n\": \"{{ first.count }}\"}"), "", "", Json.object(), Json.object());
        ObjectNode schema = json("{\"n\": {\"type\": \"integer\"}, \"m\": {\"type\": \"string\", \"default\": \"x\"}}");
        RunnerFixtures fx = new RunnerFixtures();
        ObjectNode params = templates.taskParameters(
                task,
                schema,
                fx.context(java.nio.file.Path.of("/tmp"), "", Json.object(), Json.object(), Json.object()),
                Json.object().put("execution_id", "e1"),
                state);
        assertThat(params.size()).as("no defaults of the task action").isEqualTo(1);
        assertThat(params.get("n").isIntegralNumber()).isTrue();
        assertThat(params.get("n").asInt()).isEqualTo(3);
    }
}
