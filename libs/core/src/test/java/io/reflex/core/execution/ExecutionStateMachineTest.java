package io.reflex.core.execution;

import static io.reflex.core.execution.ExecutionStatus.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reflex.core.execution.Execution.ExecutionLease;
import io.reflex.core.execution.Execution.StatusChange;
import io.reflex.core.json.Json;
import io.reflex.core.model.Action;
import io.reflex.core.model.RunnerType;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ExecutionStateMachineTest {
    private static final Action ACTION =
            new Action("a1", "local", "core", null, true, null, "local-shell-cmd", null, null, null, null, null);
    private static final RunnerType RUNNER = RunnerType.named("local-shell-cmd");

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    @ParameterizedTest
    @EnumSource(
            value = ExecutionStatus.class,
            names = {"SUCCEEDED", "FAILED", "TIMEOUT", "CANCELED", "ABANDONED"})
    void completedStatusesAreFinal(ExecutionStatus done) {
        assertThat(ExecutionStatus.next(done)).isEmpty();
        for (ExecutionStatus to : ExecutionStatus.values()) {
            assertThatThrownBy(() -> ExecutionStatus.check(done, to))
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessageContaining("'" + done + "' -> '" + to + "'");
        }
    }

    @ParameterizedTest
    @EnumSource(value = ExecutionStatus.class)
    void everyIncompleteStatusCanBeAbandoned(ExecutionStatus from) {
        assertThat(ExecutionStatus.isLegal(from, ABANDONED)).isEqualTo(!from.completed());
    }

    @ParameterizedTest
    @EnumSource(value = ExecutionStatus.class)
    void settingTheSameStatusIsNotAChange(ExecutionStatus s) {
        assertThat(ExecutionStatus.isLegal(s, s)).isFalse();
    }

    @Test
    void newExecutionsStartRequestedOrDelayedOnly() {
        assertThat(ExecutionStatus.isLegal(null, REQUESTED)).isTrue();
        assertThat(ExecutionStatus.isLegal(null, DELAYED)).isTrue();
        assertThatThrownBy(() -> Execution.request("e1", RUNNING, T0, null, null, null))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessage("an execution cannot start in status 'running'");
    }

    @Test
    void normalLifecycleIsLegalAndRecordedInTheLog() {
        Execution e = Execution.request("e1", REQUESTED, T0, ACTION, RUNNER, null);
        Execution scheduled = e.transitionTo(SCHEDULED, T0.plusSeconds(1));
        Execution running = scheduled.transitionTo(RUNNING, T0.plusSeconds(2));
        Execution done = running.transitionTo(SUCCEEDED, T0.plusSeconds(3));

        assertThat(done.version()).isEqualTo(3);
        assertThat(done.log())
                .extracting(StatusChange::status)
                .containsExactly(REQUESTED, SCHEDULED, RUNNING, SUCCEEDED);
        assertThat(done.endTimestamp()).isEqualTo(T0.plusSeconds(3));
        assertThat(running.endTimestamp()).isNull();
        assertThat(done.actionRef()).isEqualTo("core.local");
    }

    @Test
    void completingDropsTheLease() {
        Execution running = Execution.request("e1", REQUESTED, T0, ACTION, RUNNER, null)
                .transitionTo(SCHEDULED, T0)
                .transitionTo(RUNNING, T0)
                .withLease(new ExecutionLease("runner-1", T0.plusSeconds(30), 7));
        assertThat(running.lease().fencingToken()).isEqualTo(7);
        assertThat(running.transitionTo(ABANDONED, T0).lease()).isNull();
    }

    @Test
    void illegalChangesAreRejected() {
        assertThatThrownBy(() -> ExecutionStatus.check(REQUESTED, SUCCEEDED))
                .isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> ExecutionStatus.check(PAUSED, RUNNING)).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> ExecutionStatus.check(CANCELING, SUCCEEDED))
                .isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void wireNamesAreStackStormsLowerCaseNames() {
        assertThat(ExecutionStatus.fromWire("timeout")).isEqualTo(TIMEOUT);
        assertThat(Json.write(CANCELING)).isEqualTo("\"canceling\"");
        assertThatThrownBy(() -> ExecutionStatus.fromWire("timed_out"))
                .hasMessageContaining("unknown execution status 'timed_out'");
    }

    @Test
    void executionSurvivesAJsonRoundTrip() {
        Execution e = Execution.request(
                        "e1", REQUESTED, Instant.parse("2026-01-01T10:00:00.123456789Z"), ACTION, RUNNER, null)
                .transitionTo(SCHEDULED, T0);
        Execution back = Json.read(Json.write(e), Execution.class);
        assertThat(back).isEqualTo(e);
        assertThat(back.startTimestamp()).isEqualTo(Instant.parse("2026-01-01T10:00:00.123Z"));
        assertThat(Json.write(e)).contains("\"start_timestamp\":\"2026-01-01T10:00:00.123000Z\"");
    }
}
