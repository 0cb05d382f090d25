package io.reflex.rulesengine;

import static io.reflex.rulesengine.Fixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Timestamps;
import io.reflex.core.model.RuleEnforcement;
import io.reflex.core.model.RunnerType;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.testing.InMemoryStateStore;
import io.reflex.testing.contract.StateStoreSamples;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EnforcementsTest {
    private static Execution requested() {
        return Execution.request(
                Ids.newId(),
                ExecutionStatus.REQUESTED,
                Instant.now(),
                StateStoreSamples.actionSnapshot("core.local"),
                RunnerType.named("local-shell-cmd"),
                null);
    }

    @Test
    void anExecutionFailedWithErrorAndTracebackBeforeBeingScheduledFailedAtEnforcement() {
        Execution e = requested();
        Execution failed = e.transitionTo(ExecutionStatus.FAILED, Instant.now())
                .withResult(RuleEnforcer.result(new IllegalStateException("boom")));

        assertThat(RuleEnforcer.failedBeforeRequest(failed)).isTrue();
        assertThat(failed.result().path("error").asText()).isEqualTo("boom");
        assertThat(failed.result().path("traceback").asText()).isEqualTo("boom");
    }

    @Test
    void anExecutionThatRanOrSucceededDidNotFailAtEnforcement() {
        Execution ran = requested()
                .transitionTo(ExecutionStatus.SCHEDULED, Instant.now())
                .transitionTo(ExecutionStatus.RUNNING, Instant.now())
                .transitionTo(ExecutionStatus.FAILED, Instant.now())
                .withResult(json("{'error': 'x', 'traceback': 'y'}"));
        Execution noTraceback =
                requested().transitionTo(ExecutionStatus.FAILED, Instant.now()).withResult(json("{'error': 'x'}"));

        assertThat(RuleEnforcer.failedBeforeRequest(ran)).isFalse();
        assertThat(RuleEnforcer.failedBeforeRequest(noTraceback)).isFalse();
        assertThat(RuleEnforcer.failedBeforeRequest(requested())).isFalse();
    }

    @Test
    void anEnforcementStoredUnderAnotherIdForTheSamePairStands() {
        InMemoryStateStore store = new InMemoryStateStore();
        RuleEnforcement.RuleRef rule = new RuleEnforcement.RuleRef("p.r", Ids.newId(), "rule:p:r");
        RuleEnforcement older = new RuleEnforcement(Ids.newId(), "ti", "ex", null, rule, Timestamps.now(), null);
        store.store(Kinds.RULE_ENFORCEMENT).insert(older);

        RuleEnforcement stored = RuleEnforcer.insertOnce(
                store.store(Kinds.RULE_ENFORCEMENT),
                new RuleEnforcement(Ids.newId(), "ti", "other", "x", rule, Timestamps.now(), null));

        assertThat(stored).isEqualTo(older);
    }
}
