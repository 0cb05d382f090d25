package io.reflex.executions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** StackStorm's schema semantics (draft-3 required, defaults, nullable optionals) and python-style messages. */
class ParameterValidationTest {
    private static final ObjectNode PARAMS = ParameterValidation.forParameters(Json.read("""
            {"name": {"type": "string", "required": true},
             "times": {"type": "integer", "default": 1},
             "mode": {"type": "string", "enum": ["fast", "slow"]},
             "label": {"type": "string"},
             "size": {"type": "integer", "required": true, "default": 3},
             "opts": {"type": "object", "properties": {"depth": {"type": "integer", "required": true}}}}
            """, ObjectNode.class));

    private static Optional<String> check(String json) {
        return ParameterValidation.problem(PARAMS, Json.read(json, JsonNode.class), "parameter");
    }

    @Test
    void requiredIsDraft3StyleAndSatisfiedByADefault() {
        assertThat(check("{}")).contains("'name' is a required property");
        assertThat(check("{\"name\": \"ada\"}")).isEmpty();
    }

    @Test
    void optionalParametersAcceptNullButDefaultedOnesTakeTheirDefault() {
        assertThat(check("{\"name\": \"ada\", \"label\": null}")).isEmpty();
        assertThat(check("{\"name\": \"ada\", \"times\": null}")).isEmpty();
        assertThat(check("{\"name\": null}")).contains("None is not of type 'string' (parameter 'name')");
    }

    @Test
    void messagesReadLikePythonJsonschemaAndNameTheField() {
        assertThat(check("{\"name\": \"ada\", \"times\": \"two\"}"))
                .contains("'two' is not of type 'integer' (parameter 'times')");
        assertThat(check("{\"name\": \"ada\", \"mode\": \"warp\"}"))
                .contains("'warp' is not one of ['fast', 'slow'] (parameter 'mode')");
        assertThat(check("{\"name\": \"ada\", \"x\": true}"))
                .contains("Additional properties are not allowed ('x' was unexpected)");
        assertThat(check("{\"name\": \"ada\", \"opts\": {}}"))
                .contains("'depth' is a required property (parameter 'opts')");
    }

    @Test
    void anActionWithoutParametersAcceptsAnything() {
        ObjectNode none = ParameterValidation.forParameters(Json.object());
        assertThat(ParameterValidation.problem(none, Json.read("{\"a\": 1}", JsonNode.class), "parameter"))
                .isEmpty();
    }

    @Test
    void formatIsNotAssertedButTheTypeStillIs() {
        ObjectNode schema = Json.read("""
                {"type": "object", "properties": {
                  "executed_at": {"type": "string", "format": "date-time", "default": "2014-07-30 05:04:24.578325"},
                  "mail": {"type": "string", "format": "email"}}}
                """, ObjectNode.class);
        JsonNode odd = Json.read("{\"executed_at\": \"not a date\", \"mail\": \"nobody\"}", JsonNode.class);

        assertThat(ParameterValidation.problem(schema, Json.object(), "payload field"))
                .isEmpty();
        assertThat(ParameterValidation.problem(schema, odd, "payload field")).isEmpty();
        assertThat(ParameterValidation.problem(schema, Json.read("{\"mail\": 5}", JsonNode.class), "payload field"))
                .hasValueSatisfying(
                        m -> assertThat(m).contains("5 is not of type").contains("'mail'"));
    }

    @Test
    void anActionsMergedParametersAreCheckedAsTheirSchemaAndNeverAsASchemaThemselves() {
        ObjectNode merged = Json.read("""
                {"name": {"type": "string", "required": true}, "times": {"type": "integer", "default": 1}}
                """, ObjectNode.class);
        ObjectNode schema = ParameterValidation.forParameters(merged);

        for (String value : new String[] {"{}", "{\"name\": \"ada\"}", "{\"name\": 1}", "{\"other\": 1}"}) {
            JsonNode parameters = Json.read(value, JsonNode.class);
            for (int round = 0; round < 2; round++) {
                assertThat(ParameterValidation.parameterProblem(merged, parameters))
                        .as(value)
                        .isEqualTo(ParameterValidation.problem(schema, parameters, "parameter"));
            }
        }
        // the same instance asked about as a schema of its own: its keys are not parameters then
        assertThat(ParameterValidation.problem(merged, Json.read("{}", JsonNode.class), "field"))
                .isEmpty();
        assertThat(ParameterValidation.parameterProblem(merged, Json.read("{}", JsonNode.class)))
                .contains("'name' is a required property");
    }
}
