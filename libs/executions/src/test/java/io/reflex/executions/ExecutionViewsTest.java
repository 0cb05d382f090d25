package io.reflex.executions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.model.Action;
import io.reflex.core.model.RunnerType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The execution JSON view: StackStorm's falsy-field omission, timing fields, masking, the liveaction part. */
class ExecutionViewsTest {
    private static final Instant T0 = Instant.parse("2024-01-01T10:00:00Z");

    private static Execution execution() {
        Action action = Json.read("""
                {"id": "a1", "ref": "core.http", "name": "http", "pack": "core", "uid": "action:core:http",
                 "runner_type": "http-request",
                 "parameters": {"token": {"type": "string", "secret": true}},
                 "output_schema": {"api_key": {"type": "string", "secret": true}}}
                """, Action.class);
        RunnerType runner = Json.read(
                "{\"id\": \"r1\", \"name\": \"http-request\", \"output_key\": \"body\","
                        + " \"runner_parameters\": {\"password\": {\"type\": \"string\", \"secret\": true}}}",
                RunnerType.class);
        ObjectNode params =
                Json.read("{\"url\": \"https://x\", \"token\": \"t0k\", \"password\": \"pw\"}", ObjectNode.class);
        return Execution.request("e1", ExecutionStatus.REQUESTED, T0, action, runner, params);
    }

    @Test
    void falsyTopLevelFieldsAreOmittedAndTimestampsAreFixedWidth() {
        ObjectNode v = ExecutionViews.execution(execution(), new ExecutionViews.Options(true, ""));
        assertThat(v.get("start_timestamp").asText()).isEqualTo("2024-01-01T10:00:00.000000Z");
        assertThat(v.has("result")).isFalse();
        assertThat(v.has("children")).isFalse();
        assertThat(v.has("end_timestamp")).isFalse();
        assertThat(v.has("web_url")).isFalse();
        assertThat(v.has("lease")).isFalse();
        assertThat(v.at("/log/0/status").asText()).isEqualTo("requested");
        assertThat(v.at("/liveaction/action").asText()).isEqualTo("core.http");
        assertThat(v.at("/liveaction/action_is_workflow").asBoolean()).isFalse();
    }

    @Test
    void secretParametersAndSecretOutputFieldsAreMaskedUnlessAsked() {
        Execution e = execution()
                .transitionTo(ExecutionStatus.SCHEDULED, T0.plusSeconds(1))
                .transitionTo(ExecutionStatus.RUNNING, T0.plusSeconds(1))
                .transitionTo(ExecutionStatus.SUCCEEDED, T0.plusMillis(2500))
                .withResult(Json.read("{\"body\": {\"api_key\": \"k\", \"n\": 1}}", ObjectNode.class));
        ObjectNode masked = ExecutionViews.execution(e, new ExecutionViews.Options(true, "https://ui/"));
        assertThat(masked.at("/parameters/token").asText()).isEqualTo("********");
        assertThat(masked.at("/parameters/password").asText()).isEqualTo("********");
        assertThat(masked.at("/liveaction/parameters/token").asText()).isEqualTo("********");
        assertThat(masked.at("/parameters/url").asText()).isEqualTo("https://x");
        assertThat(masked.at("/result/body/api_key").asText()).isEqualTo("********");
        assertThat(masked.at("/result/body/n").asInt()).isEqualTo(1);
        assertThat(masked.get("elapsed_seconds").asDouble()).isEqualTo(2.5);
        assertThat(masked.get("web_url").asText()).isEqualTo("https://ui/#/history/e1/general");
        ObjectNode plain = ExecutionViews.execution(e, new ExecutionViews.Options(false, ""));
        assertThat(plain.at("/parameters/token").asText()).isEqualTo("t0k");
        assertThat(plain.at("/result/body/api_key").asText()).isEqualTo("k");
        assertThat(e.parameters().get("token").asText())
                .as("the record is untouched")
                .isEqualTo("t0k");
    }
}
