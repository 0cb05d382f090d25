package io.reflex.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.messages.Channels.TriggerDispatch;
import io.reflex.templates.Datastore;
import io.reflex.templates.Templates;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NotifyTriggersTest {
    private static final Datastore KV = new Datastore() {
        private final Map<String, String> system = Map.of("team", "ops");

        @Override
        public Optional<String> get(String scope, String name) {
            return scope.equals("st2kv.system") ? Optional.ofNullable(system.get(name)) : Optional.empty();
        }

        @Override
        public String decrypt(String ciphertext) {
            throw new UnsupportedOperationException();
        }
    };

    private final NotifyTriggers notify = new NotifyTriggers(new RenderValues(new Templates(KV)), KV);

    private List<TriggerDispatch> dispatches(Execution e) {
        return notify.dispatches(e, Instant.now());
    }

    @Test
    void oneDispatchPerApplicableSectionAndRouteWithDerivedIds() {
        var e = Executions.completed(
                ExecutionStatus.SUCCEEDED,
                "{'on-complete': {'routes': ['slack', 'hubot']}, 'on-success': {'routes': ['slack']},"
                        + " 'on-failure': {'routes': ['pager']}}",
                "{}",
                "{}");

        var out = dispatches(e);

        assertThat(out)
                .extracting(TriggerDispatch::triggerInstanceId)
                .containsExactly(
                        TriggerPayloads.notifyId(e, "on-complete", "slack"),
                        TriggerPayloads.notifyId(e, "on-complete", "hubot"),
                        TriggerPayloads.notifyId(e, "on-success", "slack"));
        assertThat(out).extracting(d -> d.payload().get("route").asText()).containsExactly("slack", "hubot", "slack");
        assertThat(out).allMatch(d -> d.trigger().equals("core.st2.generic.notifytrigger"));
        assertThat(out.get(2).payload().get("message").asText()).isEqualTo("Action examples.deploy succeeded.");
    }

    @Test
    void messageAndDataRenderWithTheNotifyContextAndTheDatastore() {
        var e = Executions.completed(
                ExecutionStatus.FAILED,
                "{'on-failure': {'routes': ['chat'], 'message': '{{ action_context.user }}: {{ action_parameters.target }}"
                        + " failed with {{ action_results.return_code }} ({{ st2kv.system.team }})',"
                        + " 'data': {'who': '{{ action_context.user }}', 'n': 7, 'hosts': ['{{ action_parameters.target }}']}}}",
                "{'user': 'alice', 'source_channel': 'ops'}",
                "{'return_code': 2}");

        var payload = dispatches(e).get(0).payload();

        assertThat(payload.get("message").asText()).isEqualTo("alice: web1 failed with 2 (ops)");
        assertThat(payload.get("data"))
                .isEqualTo(NotifierFixture.json(
                        "{'who': 'alice', 'n': 7, 'hosts': ['web1'], 'result':" + " '{\\\"return_code\\\": 2}'}"));
    }

    @Test
    void templateTextInTheResultIsData() {
        var e = Executions.completed(
                ExecutionStatus.SUCCEEDED,
                "{'on-complete': {'routes': ['chat'], 'message': 'got {{ action_results.stdout }}'}}",
                "{'user': 'alice'}",
                "{'stdout': '{{ 7*7 }} {{ st2kv.system.team }}'}");

        assertThat(dispatches(e).get(0).payload().get("message").asText())
                .isEqualTo("got {{ 7*7 }} {{ st2kv.system.team }}");
    }

    @Test
    void aRequestersNotifyTemplateReadsTheDatastoreOnlyWithAdministratorRights() {
        String notify = "{'on-complete': {'routes': ['chat'], 'message': 'team {{ st2kv.system.team }}'}}";
        var executor = Executions.completed(
                ExecutionStatus.SUCCEEDED, notify, "{'user': 'eve', 'rbac': {'user': 'eve', 'roles': []}}", "{}");
        var admin = Executions.completed(
                ExecutionStatus.SUCCEEDED,
                notify,
                "{'user': 'ada', 'rbac': {'user': 'ada', 'roles': ['admin']}}",
                "{}");

        assertThat(dispatches(executor).get(0).payload().get("message").asText())
                .isEqualTo("team {{ st2kv.system.team }}");
        assertThat(dispatches(admin).get(0).payload().get("message").asText()).isEqualTo("team ops");
    }

    @Test
    void dataResultIsThePythonJsonTextOfTheMaskedResult() {
        var e = Executions.completed(
                ExecutionStatus.SUCCEEDED, "{'on-complete': {'routes': ['r']}}", "{}", "{'stdout': 'é', 'ok': true}");

        var data = dispatches(e).get(0).payload().get("data");

        assertThat(data.get("result").asText()).isEqualTo("{\"stdout\": \"\\u00e9\", \"ok\": true}");
        assertThat(Json.read(data.get("result").asText(), com.fasterxml.jackson.databind.JsonNode.class))
                .isEqualTo(NotifierFixture.json("{'stdout': 'é', 'ok': true}"));
    }

    @Test
    void secretParametersAreMaskedInTheTemplateContext() {
        var e = Executions.completed(
                ExecutionStatus.SUCCEEDED,
                "{'on-complete': {'routes': ['r'], 'message': 'pw={{ action_parameters.password }}'}}",
                "{}",
                "{}");

        assertThat(dispatches(e).get(0).payload().get("message").asText()).isEqualTo("pw=********");
    }

    @Test
    void templatesThatFailToRenderAreSentUnrendered() {
        var e = Executions.completed(
                ExecutionStatus.SUCCEEDED,
                "{'on-complete': {'routes': ['r'], 'message': 'x {{ undefined_thing }}', 'data': {'a': '{{ nope }}'}}}",
                "{}",
                "{}");

        var payload = dispatches(e).get(0).payload();

        assertThat(payload.get("message").asText()).isEqualTo("x {{ undefined_thing }}");
        assertThat(payload.get("data").get("a").asText()).isEqualTo("{{ nope }}");
        assertThat(payload.get("data").has("result")).isTrue();
    }
}
