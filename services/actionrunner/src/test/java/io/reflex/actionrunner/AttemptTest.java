package io.reflex.actionrunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.actionrunner.runners.Runner;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.executions.ExecutionResults;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Claiming, heartbeating and finishing one execution, on in-memory backends. */
class AttemptTest {
    final Fakes fx = new Fakes();

    @AfterEach
    void close() {
        fx.close();
    }

    private Execution scheduled() {
        return fx.execution("p.a", "noop", Json.object(), ExecutionStatus.SCHEDULED);
    }

    private Attempt claimed() {
        return Attempt.claim(fx.parts, scheduled()).orElseThrow();
    }

    @Test
    void claimSetsRunningWithALeaseFencedByTheClaimAndRunnerInfo() {
        Execution s = scheduled();
        Attempt a = Attempt.claim(fx.parts, s).orElseThrow();
        Execution running = fx.get(a.id());
        assertThat(running.status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(running.lease().owner()).isEqualTo("host_1");
        assertThat(running.lease().fencingToken()).isEqualTo(s.version() + 1);
        assertThat(running.lease().expiresAt()).isAfter(Timestamps.now());
        assertThat(running.runnerInfo().hostname()).isEqualTo("host");
        assertThat(Attempt.claim(fx.parts, s))
                .as("a second claim of the same record")
                .isEmpty();
    }

    @Test
    void aClaimOverARecordWhoseAnnouncementWasClearedMeanwhileStillClaimsIt() {
        // the launcher that created the execution clears its creation announcement (a version bump, the status
        // unchanged) after the request it published reached this runner, which read the record before that
        Execution requested = fx.execution("p.a", "noop", Json.object());
        Execution created = fx.writer.creating(
                requested, java.util.List.of(io.reflex.core.execution.Execution.Announcement.CREATE), false);
        assertThat(fx.parts
                        .executions()
                        .replaceIf(created, io.reflex.core.store.Filter.eq("version", requested.version())))
                .isTrue();
        Execution scheduled =
                fx.writer.apply(created.id(), c -> c.transitionTo(ExecutionStatus.SCHEDULED, Timestamps.now()));
        Execution withCreation = fx.get(created.id());
        assertThat(withCreation.outbox()).isNotEmpty();
        fx.parts.executions().clearAnnouncements(withCreation, java.util.List.of(created.version()));
        assertThat(fx.get(created.id()).version()).isGreaterThan(scheduled.version());

        Attempt a = Attempt.claim(fx.parts, scheduled).orElseThrow(() -> new AssertionError("not claimed"));
        assertThat(fx.get(a.id()).status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(Attempt.claim(fx.parts, scheduled))
                .as("claimed already: a second claim gives up")
                .isEmpty();
    }

    @Test
    void claimingARequestedExecutionWritesScheduledAndRunningAtOnceAndAnnouncesOnce() {
        Execution requested = fx.execution("p.a", "noop", Json.object());
        Attempt a = Attempt.claim(fx.parts, requested).orElseThrow();
        Execution running = fx.get(a.id());
        assertThat(running.log())
                .extracting(c -> c.status())
                .containsExactly(ExecutionStatus.REQUESTED, ExecutionStatus.SCHEDULED, ExecutionStatus.RUNNING);
        assertThat(running.lease().fencingToken()).isEqualTo(requested.version() + 1);
        assertThat(running.outbox())
                .as("the claim's announcement was published, its clear left to the attempt's next write")
                .extracting(Execution.Announcement::version)
                .containsExactly(running.version());
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.updateEvents(a.id()) == 1);
    }

    @Test
    void theOutcomeClearsTheClaimsAnnouncementInItsOwnWrite() {
        Attempt a = Attempt.claim(fx.parts, fx.execution("p.a", "noop", Json.object()))
                .orElseThrow();
        Execution running = fx.get(a.id());

        assertThat(a.finish(new Runner.Result(ExecutionStatus.SUCCEEDED, Json.object())))
                .isTrue();

        Execution done = fx.get(a.id());
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(done.outbox())
                .as("the outcome's own announcement cleared too")
                .isEmpty();
        assertThat(done.version()).as("the outcome, then its clear").isEqualTo(running.version() + 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.updateEvents(a.id()) == 2);
    }

    @Test
    void aRunStillGoingAtTheFirstHeartbeatClearsTheClaimsAnnouncement() {
        Attempt a = claimed();
        a.startHeartbeat();
        try {
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> fx.get(a.id()).outbox().isEmpty());
        } finally {
            a.stopHeartbeat();
        }
        assertThat(a.finish(new Runner.Result(ExecutionStatus.SUCCEEDED, Json.object())))
                .isTrue();
        assertThat(fx.get(a.id()).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void aClaimFromARecordThatOnlyLostItsAnnouncementMeanwhileStillWins() {
        Execution requested = fx.execution("p.a", "noop", Json.object());
        Execution announced = requested.announcing(Timestamps.now(), java.util.List.of("create"), false);
        assertThat(fx.store.executions().compareAndSet(requested, announced.atVersion(requested.version() + 1)))
                .isTrue();
        Execution cleared = fx.store
                .executions()
                .clearAnnouncements(fx.get(requested.id()), java.util.List.of(requested.version()))
                .orElseThrow();
        assertThat(cleared.version()).isGreaterThan(requested.version());
        Attempt a = Attempt.claim(fx.parts, requested).orElseThrow();
        assertThat(fx.get(a.id()).status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(fx.get(a.id()).lease().fencingToken()).isEqualTo(cleared.version() + 1);
    }

    @Test
    void aCanceledExecutionIsNotClaimed() {
        Execution requested = fx.execution("p.a", "noop", Json.object());
        fx.writer.apply(requested.id(), c -> c.transitionTo(ExecutionStatus.CANCELED, Timestamps.now()));
        assertThat(Attempt.claim(fx.parts, requested)).isEmpty();
        assertThat(fx.get(requested.id()).status()).isEqualTo(ExecutionStatus.CANCELED);
    }

    @Test
    void heartbeatsRenewTheLeaseWithoutAnnouncingAnything() {
        Attempt a = claimed();
        Instant first = fx.get(a.id()).lease().expiresAt();
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.updateEvents(a.id()) == 1); // the claim's
        a.startHeartbeat();
        try {
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> fx.get(a.id()).lease().expiresAt().isAfter(first.plusMillis(150)));
        } finally {
            a.stopHeartbeat();
        }
        assertThat(fx.updateEvents(a.id())).isEqualTo(1);
        assertThat(a.stopRequested()).isFalse();
    }

    @Test
    void aCancelRequestStopsTheRunAndTheOutcomeIsCanceled() {
        Attempt a = claimed();
        a.startHeartbeat();
        fx.writer.apply(a.id(), c -> c.transitionTo(ExecutionStatus.CANCELING, Timestamps.now()));
        await().atMost(Duration.ofSeconds(5)).until(a::stopRequested);
        assertThat(a.finish(new Runner.Result(
                        ExecutionStatus.SUCCEEDED, Json.object().put("x", 1))))
                .isTrue();
        Execution e = fx.get(a.id());
        assertThat(e.status()).isEqualTo(ExecutionStatus.CANCELED);
        assertThat(e.lease()).isNull();
        assertThat(e.result().path("x").asInt()).isEqualTo(1);
    }

    @Test
    void aLeaseLostToTheReaperStopsTheRunAndItsOutcomeIsNotWritten() {
        Attempt a = claimed();
        a.startHeartbeat();
        Execution reaped = fx.writer.apply(
                a.id(),
                c -> c.transitionTo(ExecutionStatus.ABANDONED, Timestamps.now())
                        .withResult(Json.object().put("error", "lease expired")));
        await().atMost(Duration.ofSeconds(5)).until(a::stopRequested);
        assertThat(a.finish(new Runner.Result(ExecutionStatus.SUCCEEDED, Json.object())))
                .isFalse();
        assertThat(fx.get(a.id())).isEqualTo(reaped);
    }

    @Test
    void aLeaseThatCannotBeRenewedStopsTheRunBeforeItExpires() {
        Attempt a = claimed();
        Instant expires = fx.get(a.id()).lease().expiresAt();
        assertThat(a.killBy()).isEqualTo(expires.minus(fx.settings.killMargin()));
        assertThat(a.supervision().killBy().get()).isEqualTo(a.killBy());
        fx.store.setAvailable(false);
        a.startHeartbeat();
        try {
            await().atMost(Duration.ofSeconds(5)).until(a::stopRequested);
        } finally {
            a.stopHeartbeat();
            fx.store.setAvailable(true);
        }
        assertThat(a.finish(new Runner.Result(ExecutionStatus.SUCCEEDED, Json.object())))
                .as("the outcome is the reaper's to write")
                .isFalse();
    }

    @Test
    void theOutcomeIsWrittenThroughTheStateMachineAndAnnounced() {
        Attempt a = claimed();
        assertThat(a.finish(
                        new Runner.Result(ExecutionStatus.FAILED, Json.object().put("return_code", 1))))
                .isTrue();
        Execution e = fx.get(a.id());
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.endTimestamp()).isNotNull();
        assertThat(e.lease()).isNull();
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.updateEvents(a.id()) == 2); // claim, outcome
    }

    /**
     * A run handed over to another service (an orquesta workflow to the engines) while a pause or cancel was
     * asked keeps that request: no failure, no lease, the service that took it over carries it out.
     */
    @Test
    void aHandOverRacingAPauseOrCancelKeepsTheRequestForWhoeverTookItOver() {
        for (ExecutionStatus asked : List.of(ExecutionStatus.PAUSING, ExecutionStatus.CANCELING)) {
            Attempt a = claimed();
            fx.writer.apply(a.id(), c -> c.transitionTo(asked, Timestamps.now()));
            assertThat(a.finish(new Runner.Result(ExecutionStatus.RUNNING, Json.object())))
                    .isTrue();
            Execution e = fx.get(a.id());
            assertThat(e.status()).isEqualTo(asked);
            assertThat(e.lease()).isNull();
        }
    }

    @Test
    void aPendingOutcomeKeepsNoLeaseSoTheReaperLeavesItAlone() {
        Attempt a = claimed();
        a.finish(new Runner.Result(ExecutionStatus.PENDING, Json.object().put("route", "x")));
        Execution e = fx.get(a.id());
        assertThat(e.status()).isEqualTo(ExecutionStatus.PENDING);
        assertThat(e.lease()).isNull();
    }

    @Test
    void anAbandonedRunEndsAbandonedWithTheReasonBesideWhatTheRunnerReported() {
        Attempt a = claimed();
        a.abandon("runner shut down");
        assertThat(a.stopRequested()).isTrue();
        a.finish(new Runner.Result(ExecutionStatus.CANCELED, Json.object().put("stdout", "partial")));
        Execution e = fx.get(a.id());
        assertThat(e.status()).isEqualTo(ExecutionStatus.ABANDONED);
        assertThat(e.result().path("error").asText()).isEqualTo("runner shut down");
        assertThat(e.result().path("stdout").asText()).isEqualTo("partial");
    }

    @Test
    void aResultAboveTheInlineLimitIsStoredOutOfLineAndReadsBackWhole() {
        Attempt a = claimed();
        JsonNode big = Json.object().put("stdout", "x".repeat(5000));
        a.finish(new Runner.Result(ExecutionStatus.SUCCEEDED, big));
        Execution e = fx.get(a.id());
        assertThat(ExecutionResults.isOutOfLine(e.result())).isTrue();
        assertThat(fx.parts.results().whole(e)).isEqualTo(big);
    }
}
