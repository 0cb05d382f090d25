package io.reflex.rulesengine;

import static io.reflex.rulesengine.Fixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.Execution.StatusChange;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.TriggerDispatch;
import io.reflex.core.model.ContentStamp;
import io.reflex.core.model.Rule;
import io.reflex.core.model.RuleEnforcement;
import io.reflex.core.model.Trace;
import io.reflex.core.model.TriggerInstance;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TriggerInstanceProcessorTest {
    final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    private List<Execution> executions() {
        return f.store.executions().find(Query.all());
    }

    private Trace traceOf(TriggerDispatch untagged) {
        return f.store
                .store(Kinds.TRACE)
                .get(Trace.idFor("trigger_instance-" + untagged.triggerInstanceId()))
                .orElseThrow();
    }

    private List<RuleEnforcement> enforcements() {
        return f.store.store(Kinds.RULE_ENFORCEMENT).find(Query.all());
    }

    /** A dispatch without a trace tag: its instance starts the trace {@code trigger_instance-<id>}. */
    private static TriggerDispatch untagged(String payload) {
        return new TriggerDispatch(Ids.newId(), Fixture.TRIGGER, json(payload), Timestamps.now(), "");
    }

    /** Stores {@code d}'s instance as an earlier delivery that crashed while processing it left it. */
    private void storedProcessing(TriggerDispatch d) {
        f.store
                .store(Kinds.TRIGGER_INSTANCE)
                .insert(new TriggerInstance(
                        d.triggerInstanceId(),
                        d.trigger(),
                        d.payload(),
                        d.occurrenceTime(),
                        TriggerInstance.Status.PROCESSING));
    }

    private TriggerInstance instance(String id) {
        return f.store.store(Kinds.TRIGGER_INSTANCE).get(id).orElseThrow();
    }

    @Test
    void matchingRuleRequestsOneExecutionWithStackStormContextAndSnapshots() {
        Rule rule = f.rule(
                "on_push",
                "{'trigger.body.name': {'type': 'equals', 'pattern': 'st2'}}",
                "{'cmd': 'echo {{ trigger.body.name }}'}");
        TriggerDispatch d = Fixture.dispatch(Fixture.TRIGGER, "{'body': {'name': 'st2'}}");

        f.processor.process(d);

        String executionId = Ids.derived("execution", rule.id(), d.triggerInstanceId());
        Execution e = f.store.executions().get(executionId).orElseThrow();
        assertThat(e.status()).isEqualTo(ExecutionStatus.REQUESTED);
        assertThat(e.parameters()).isEqualTo(json("{'cmd': 'echo st2'}"));
        assertThat(e.context().json())
                .isEqualTo(json("{'trigger_instance': {'id': '" + d.triggerInstanceId() + "', 'name': null},"
                        + " 'rule': {'id': '" + rule.id() + "', 'name': 'on_push'}, 'user': 'stanley',"
                        + " 'pack': 'core', 'trace_context': {'trace_tag': 'webhook-sample-1'}}"));
        assertThat(e.rule().ref()).isEqualTo("examples.on_push");
        assertThat(e.rule().criteria()).isEqualTo(rule.criteria());
        assertThat(e.trigger().ref()).isEqualTo(Fixture.TRIGGER);
        assertThat(e.triggerType().ref()).isEqualTo(Fixture.TRIGGER);
        assertThat(e.triggerInstance().id()).isEqualTo(d.triggerInstanceId());
        assertThat(e.triggerInstance().status().wire()).isEqualTo("processing");
        assertThat(e.triggerInstance().payload()).isEqualTo(json("{'body': {'name': 'st2'}}"));
        assertThat(e.action().ref()).isEqualTo("core.local");
        await().untilAsserted(() -> assertThat(f.requested).containsExactly(executionId));

        JsonNode enforcement = Json.tree(enforcements().get(0));
        assertThat(enforcement.path("id").asText())
                .isEqualTo(Ids.derived("enforcement", rule.id(), d.triggerInstanceId()));
        assertThat(enforcement.path("trigger_instance_id").asText()).isEqualTo(d.triggerInstanceId());
        assertThat(enforcement.path("execution_id").asText()).isEqualTo(executionId);
        assertThat(enforcement.path("status").asText()).isEqualTo("succeeded");
        assertThat(enforcement.path("failure_reason").isNull()).isTrue();
        assertThat(enforcement.path("rule"))
                .isEqualTo(
                        json("{'ref': 'examples.on_push', 'id': '" + rule.id() + "', 'uid': 'rule:examples:on_push'}"));
        assertThat(instance(d.triggerInstanceId()).status()).isEqualTo(TriggerInstance.Status.PROCESSED);
    }

    @Test
    void triggerInstanceIsStoredWithTheDispatchedIdEvenWhenNoRuleMatches() {
        f.rule("on_push", "{'trigger.body.name': {'type': 'equals', 'pattern': 'st2'}}", "{'cmd': 'true'}");
        TriggerDispatch d = Fixture.dispatch(Fixture.TRIGGER, "{'body': {'name': 'other'}}");

        f.processor.process(d);

        TriggerInstance stored = instance(d.triggerInstanceId());
        assertThat(stored.trigger()).isEqualTo(Fixture.TRIGGER);
        assertThat(stored.payload()).isEqualTo(d.payload());
        assertThat(stored.occurrenceTime()).isEqualTo(d.occurrenceTime());
        assertThat(stored.status()).isEqualTo(TriggerInstance.Status.PROCESSED);
        assertThat(executions()).isEmpty();
        assertThat(enforcements()).isEmpty();
    }

    @Test
    void backstopRuleRunsOnlyWhenNoStandardRuleMatched() {
        f.rule(
                "standard",
                "standard",
                Fixture.TRIGGER,
                "{'trigger.n': {'type': 'gt', 'pattern': 5}}",
                "core.local",
                "{'cmd': 'big'}");
        Rule backstop = f.rule("fallback", "backstop", Fixture.TRIGGER, "{}", "core.local", "{'cmd': 'small'}");

        f.process("{'n': 10}");
        assertThat(executions())
                .extracting(e -> e.parameters().path("cmd").asText())
                .containsExactly("big");

        TriggerDispatch small = Fixture.dispatch(Fixture.TRIGGER, "{'n': 1}");
        f.processor.process(small);
        assertThat(f.store.executions().get(Ids.derived("execution", backstop.id(), small.triggerInstanceId())))
                .hasValueSatisfying(
                        e -> assertThat(e.parameters().path("cmd").asText()).isEqualTo("small"));
        assertThat(executions()).hasSize(2);
    }

    @Test
    void hashSuffixedKeysTestTheSameFieldTwice() {
        f.rule(
                "range",
                "{'trigger.n#low': {'type': 'gt', 'pattern': 1}, 'trigger.n#high': {'type': 'lt', 'pattern': 10}}",
                "{'cmd': 'in range'}");

        f.process("{'n': 5}");
        f.process("{'n': 50}");

        assertThat(executions()).hasSize(1);
    }

    @Test
    void parametersSeeTheDatastoreTheActionContextAndEachOther() {
        f.kv("env", "prod");
        f.rule(
                "templated",
                "{}",
                "{'cmd': 'deploy {{ trigger.app }} to {{ st2kv.system.env }} as {{ action_context.user }}'}");

        f.process("{'app': 'web'}");

        assertThat(executions().get(0).parameters().path("cmd").asText()).isEqualTo("deploy web to prod as stanley");
    }

    @Test
    void anInstanceNoRuleActsOnIsStoredProcessedInItsTraceAndARedeliveryDoesNothing() {
        TriggerDispatch d = untagged("{'a': 1}");

        TriggerInstanceProcessor.Handled first = f.processor.process(d);
        TriggerInstanceProcessor.Handled again = f.processor.process(d);

        assertThat(first.alreadyProcessed()).isFalse();
        assertThat(again.alreadyProcessed()).isTrue();
        assertThat(instance(d.triggerInstanceId()).status()).isEqualTo(TriggerInstance.Status.PROCESSED);
        Trace trace = traceOf(d);
        assertThat(trace.triggerInstances())
                .extracting(Trace.Component::objectId)
                .containsExactly(d.triggerInstanceId());
        assertThat(executions()).isEmpty();
        assertThat(enforcements()).isEmpty();
    }

    @Test
    void anInstanceAnEarlierDeliveryLeftProcessingIsFinishedEvenWhenNoRuleMatchesAnyMore() {
        TriggerDispatch d = Fixture.dispatch(Fixture.TRIGGER, "{'a': 1}");
        storedProcessing(d);

        TriggerInstanceProcessor.Handled handled = f.processor.process(d);

        assertThat(handled.alreadyProcessed()).isFalse();
        assertThat(instance(d.triggerInstanceId()).status()).isEqualTo(TriggerInstance.Status.PROCESSED);
    }

    @Test
    void aMatchedRuleJoinsTheNewTraceInTheSameWriteAsItsInstance() {
        Rule rule = f.rule("any", "{}", "{'cmd': 'true'}");
        TriggerDispatch d = untagged("{'a': 1}");

        f.processor.process(d);

        Trace trace = traceOf(d);
        assertThat(trace.triggerInstances())
                .extracting(Trace.Component::objectId)
                .containsExactly(d.triggerInstanceId());
        assertThat(trace.rules()).extracting(Trace.Component::objectId).containsExactly(rule.id());
        assertThat(trace.actionExecutions()).singleElement().satisfies(c -> {
            assertThat(c.objectId()).isEqualTo(executions().get(0).id());
            assertThat(c.ref()).isEqualTo("core.local");
            assertThat(c.causedBy()).isEqualTo(Trace.CausedBy.of("rule", rule.id() + ":" + d.triggerInstanceId()));
        });
        assertThat(trace.revision())
                .as("one write: the insert with the instance, its rule and the execution the rule starts")
                .isEqualTo(1);
    }

    @Test
    void theRequestCarriesTheRecordItsStampAndTheCreationPublishedWhichIsClearedWhenNoRunnerClaimsIt() {
        f.rule("any", "{}", "{'cmd': 'true'}");
        TriggerDispatch d = untagged("{'a': 1}");

        f.processor.process(d);

        await().untilAsserted(() -> assertThat(f.requests).hasSize(1));
        Channels.ExecutionRequested request = f.requests.get(0);
        Execution stored = executions().get(0);
        assertThat(request.execution()).isNotNull();
        assertThat(request.execution().id()).isEqualTo(stored.id());
        assertThat(request.execution().outbox())
                .as("the creation's announcement, published, left for the claim to clear")
                .extracting(Execution.Announcement::version)
                .containsExactly(request.execution().version());
        assertThat(request.published()).containsExactly(request.execution().version());
        assertThat(request.contentStamp()).isEqualTo(ContentStamp.current(f.store));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(f.store
                                .executions()
                                .get(stored.id())
                                .orElseThrow()
                                .outbox())
                        .as("no runner claimed it: cleared a moment later")
                        .isEmpty());
    }

    @Test
    void aRuleWhoseActionIsNotRegisteredListsNoExecutionInTheTrace() {
        Rule gone = f.rule("gone", "standard", Fixture.TRIGGER, "{}", "examples.gone", "{}");
        TriggerDispatch d = untagged("{'a': 1}");

        f.processor.process(d);

        Trace trace = traceOf(d);
        assertThat(trace.rules()).extracting(Trace.Component::objectId).containsExactly(gone.id());
        assertThat(trace.actionExecutions()).isEmpty();
        assertThat(executions()).isEmpty();
        assertThat(enforcements())
                .singleElement()
                .satisfies(e -> assertThat(e.failureReason()).isEqualTo("Action \"examples.gone\" doesn't exist"));
    }

    @Test
    void redeliveredTriggerInstanceCreatesNoSecondExecution() {
        f.rule("any", "{}", "{'cmd': 'true'}");
        TriggerDispatch d = Fixture.dispatch(Fixture.TRIGGER, "{'a': 1}");

        TriggerInstanceProcessor.Handled first = f.processor.process(d);
        TriggerInstanceProcessor.Handled again = f.processor.process(d);

        assertThat(first.alreadyProcessed()).isFalse();
        assertThat(again.alreadyProcessed()).isTrue();
        assertThat(executions()).hasSize(1);
        assertThat(enforcements()).hasSize(1);
        await().untilAsserted(() -> assertThat(f.requested).hasSize(1));
    }

    @Test
    void redeliveryAfterACrashBeforeTheEnforcementWasStoredCompletesIt() {
        Rule rule = f.rule("any", "{}", "{'cmd': 'true'}");
        TriggerDispatch d = Fixture.dispatch(Fixture.TRIGGER, "{'a': 1}");
        f.processor.process(d);
        RuleEnforcement original = enforcements().get(0);
        // The state a crash leaves between writing the execution and its enforcement:
        f.store.store(Kinds.RULE_ENFORCEMENT).delete(original.id());
        f.store
                .store(Kinds.TRIGGER_INSTANCE)
                .replace(instance(d.triggerInstanceId()).withStatus(TriggerInstance.Status.PROCESSING));
        f.kv("unused", "changed meanwhile");

        f.processor.process(d);

        assertThat(executions()).hasSize(1);
        assertThat(enforcements()).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo(original.id());
            assertThat(e.executionId()).isEqualTo(Ids.derived("execution", rule.id(), d.triggerInstanceId()));
            assertThat(e.status()).isEqualTo(RuleEnforcement.Status.SUCCEEDED);
        });
        // The request may have been lost with the crash: it is published again.
        await().untilAsserted(() -> assertThat(f.requested).hasSize(2).containsOnly(original.executionId()));
        assertThat(instance(d.triggerInstanceId()).status()).isEqualTo(TriggerInstance.Status.PROCESSED);
    }

    @Test
    void redeliveryAfterACrashBeforeTheExecutionWasStoredCreatesIt() {
        f.rule("any", "{}", "{'cmd': 'true'}");
        TriggerDispatch d = Fixture.dispatch(Fixture.TRIGGER, "{'a': 1}");
        storedProcessing(d);

        f.processor.process(d);

        assertThat(executions()).hasSize(1);
        assertThat(enforcements()).hasSize(1);
    }

    @Test
    void missingActionGivesAFailedEnforcementWithoutExecution() {
        f.rule("broken", "standard", Fixture.TRIGGER, "{}", "core.nothing", "{}");

        f.process("{'a': 1}");

        assertThat(executions()).isEmpty();
        assertThat(enforcements()).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(RuleEnforcement.Status.FAILED);
            assertThat(e.executionId()).isNull();
            assertThat(e.failureReason()).isEqualTo("Action \"core.nothing\" doesn't exist");
        });
    }

    @Test
    void disabledActionGivesAnExecutionFailedAtOnceAndAFailedEnforcement() {
        f.store.store(Kinds.ACTION).replace(Fixture.localAction(false));
        f.rule("on_any", "{}", "{'cmd': 'true'}");

        f.process("{'a': 1}");

        String reason = "Unable to execute. Action \"core.local\" is disabled.";
        assertFailedAtEnforcement(reason);
    }

    @Test
    void parameterThatCannotBeRenderedFailsTheExecution() {
        f.rule("on_any", "{}", "{'cmd': 'echo {{ trigger.missing.deeper }}'}");

        f.process("{'a': 1}");

        Execution e = assertFailedAtEnforcement(null);
        assertThat(e.result().path("error").asText()).startsWith("Failed to render parameter \"cmd\"");
        assertThat(e.parameters()).isEqualTo(json("{'cmd': 'echo {{ trigger.missing.deeper }}'}"));
    }

    @Test
    void parametersTheActionRefusesFailTheExecution() {
        f.rule("on_any", "{}", "{'cmd': 'true', 'bogus': 1}");

        f.process("{'a': 1}");

        Execution e = assertFailedAtEnforcement(null);
        assertThat(e.result().path("error").asText()).contains("bogus");
    }

    @Test
    void immutableRunnerDefaultsAreNotSentAsOverrides() {
        f.rule("on_any", "{}", "{'cmd': 'true'}");

        f.process("{'a': 1}");

        assertThat(executions()).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(ExecutionStatus.REQUESTED);
            assertThat(e.parameters()).isEqualTo(json("{'cmd': 'true'}"));
        });
    }

    @Test
    void criteriaThatCannotBeEvaluatedGiveAFailedEnforcementWithoutExecution() {
        Rule bad = f.rule("bad", "{'trigger.a': {'type': 'nosuchop', 'pattern': 1}}", "{'cmd': 'true'}");
        f.rule("good", "{}", "{'cmd': 'true'}");
        TriggerDispatch d = Fixture.dispatch(Fixture.TRIGGER, "{'a': 1}");

        f.processor.process(d);

        assertThat(executions()).hasSize(1);
        RuleEnforcement failed = f.store
                .store(Kinds.RULE_ENFORCEMENT)
                .findOne(Filter.eq("rule.id", bad.id()))
                .orElseThrow();
        assertThat(failed.status()).isEqualTo(RuleEnforcement.Status.FAILED);
        assertThat(failed.executionId()).isNull();
        assertThat(failed.failureReason())
                .isEqualTo("Failed to match rule \"examples.bad\" against trigger instance \"" + d.triggerInstanceId()
                        + "\": Invalid operator: nosuchop");
        f.processor.process(d);
        assertThat(enforcements()).hasSize(2);
    }

    @Test
    void ruleChangesApplyToTheNextTriggerInstanceWithoutRestart() {
        Rule rule = f.rule("toggle", "{'trigger.n': {'type': 'equals', 'pattern': 1}}", "{'cmd': 'true'}");
        f.process("{'n': 1}");
        assertThat(executions()).hasSize(1);

        f.store.store(Kinds.RULE).replace(withEnabled(rule, false));
        f.process("{'n': 1}");
        assertThat(executions()).hasSize(1);

        f.store.store(Kinds.RULE).replace(rule);
        f.process("{'n': 1}");
        assertThat(executions()).hasSize(2);

        f.rule("toggle", "{'trigger.n': {'type': 'equals', 'pattern': 2}}", "{'cmd': 'true'}");
        f.process("{'n': 1}");
        f.process("{'n': 2}");
        assertThat(executions()).hasSize(3);

        f.store.store(Kinds.RULE).delete(rule.id());
        f.process("{'n': 2}");
        assertThat(executions()).hasSize(3);
    }

    @Test
    void dispatchNamingAParameterisedTriggerTypeMatchesNoRuleOfASpecificTrigger() {
        f.rule("hook", "standard", "core.st2.webhook", "{}", "core.local", "{'cmd': 'true'}");
        Rule resolved =
                f.store.store(Kinds.RULE).get(Ids.derived("rule", "hook")).orElseThrow();
        f.store
                .store(Kinds.RULE)
                .replace(new Rule(
                        resolved.id(),
                        resolved.name(),
                        resolved.pack(),
                        "",
                        true,
                        resolved.type(),
                        new Rule.RuleTrigger("core.st2.webhook", json("{'url': 'sample'}"), "core.abc"),
                        resolved.criteria(),
                        resolved.action(),
                        null,
                        null,
                        ""));

        f.processor.process(Fixture.dispatch("core.st2.webhook", "{'body': {}}"));
        assertThat(executions()).isEmpty();

        f.processor.process(Fixture.dispatch("core.abc", "{'body': {}}"));
        assertThat(executions()).hasSize(1);
    }

    private Execution assertFailedAtEnforcement(String reason) {
        Execution e = executions().get(0);
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.log())
                .extracting(StatusChange::status)
                .containsExactly(ExecutionStatus.REQUESTED, ExecutionStatus.FAILED);
        assertThat(e.endTimestamp()).isNotNull();
        assertThat(e.result().has("traceback")).isTrue();
        RuleEnforcement enforcement = enforcements().get(0);
        assertThat(enforcement.status()).isEqualTo(RuleEnforcement.Status.FAILED);
        assertThat(enforcement.executionId()).isEqualTo(e.id());
        assertThat(enforcement.failureReason())
                .isEqualTo(e.result().path("error").asText());
        if (reason != null) {
            assertThat(e.result().path("error").asText()).isEqualTo(reason);
        }
        await().untilAsserted(() -> assertThat(f.completed)
                .singleElement()
                .satisfies(c -> assertThat(c.executionId()).isEqualTo(e.id())));
        assertThat(f.requested).isEmpty();
        return e;
    }

    private static Rule withEnabled(Rule r, boolean enabled) {
        return new Rule(
                r.id(),
                r.name(),
                r.pack(),
                r.description(),
                enabled,
                r.type(),
                r.trigger(),
                r.criteria(),
                r.action(),
                r.context(),
                r.tags(),
                r.metadataFile());
    }
}
