package io.reflex.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.store.Ids;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TriggerPayloadsTest {
    @Test
    void actionTriggerPayloadHasStackStormsFieldsWithSecretsMasked() {
        var e = Executions.completed(
                ExecutionStatus.FAILED, "{}", "{'user': 'alice'}", "{'return_code': 1, 'stderr': 'boom'}");

        var payload = TriggerPayloads.actionTrigger(e);

        assertThat(payload)
                .isEqualTo(NotifierFixture.json("{'execution_id': '0123456789abcdef01234567', 'status': 'failed',"
                        + " 'start_timestamp': '2024-03-01 10:00:00.123000+00:00', 'action_name': 'examples.deploy',"
                        + " 'action_ref': 'examples.deploy', 'runner_ref': 'local-shell-cmd',"
                        + " 'parameters': {'target': 'web1', 'password': '********', 'sudo_password': '********'},"
                        + " 'result': {'return_code': 1, 'stderr': 'boom'}}"));
    }

    @Test
    void notifyTriggerPayloadNamesTheRouteTwiceAndUsesIsoTimestamps() {
        var e = Executions.completed(ExecutionStatus.SUCCEEDED);

        var payload =
                TriggerPayloads.notifyTrigger(e, "slack", "hi", Json.object().put("k", "v"), Instant.now());

        assertThat(payload)
                .isEqualTo(NotifierFixture.json("{'message': 'hi', 'data': {'k': 'v'},"
                        + " 'execution_id': '0123456789abcdef01234567', 'status': 'succeeded',"
                        + " 'start_timestamp': '2024-03-01T10:00:00.123000+00:00',"
                        + " 'end_timestamp': '2024-03-01T10:00:05.000000+00:00', 'action_ref': 'examples.deploy',"
                        + " 'runner_ref': 'local-shell-cmd', 'route': 'slack', 'channel': 'slack'}"));
    }

    @Test
    void dispatchIdsAreDerivedFromTheExecutionSectionAndRoute() {
        var e = Executions.completed(ExecutionStatus.SUCCEEDED);

        assertThat(TriggerPayloads.actionTriggerId(e)).isEqualTo(Ids.derived("actiontrigger", e.id()));
        assertThat(TriggerPayloads.notifyId(e, "on-complete", "slack"))
                .isEqualTo(Ids.derived("notify", e.id(), "on-complete", "slack"))
                .isNotEqualTo(TriggerPayloads.notifyId(e, "on-success", "slack"))
                .isNotEqualTo(TriggerPayloads.notifyId(e, "on-complete", "pager"));
    }

    @Test
    void dispatchOccursAtTheExecutionsEndAndCarriesItsTraceTag() {
        var e = Executions.completed(
                ExecutionStatus.SUCCEEDED, "{}", "{'trace_context': {'trace_tag': 'webhook-x'}}", "{}");

        var d = TriggerPayloads.dispatch("id", TriggerPayloads.ACTION_TRIGGER, Json.object(), e, Instant.now());

        assertThat(d.occurrenceTime()).isEqualTo(Executions.END);
        assertThat(d.traceTag()).isEqualTo("webhook-x");
        assertThat(d.trigger()).isEqualTo("core.st2.generic.actiontrigger");
    }
}
