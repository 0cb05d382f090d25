package io.reflex.actionrunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflex.core.bus.Subscription;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.Execution.StatusChange;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.messages.Channels;
import io.reflex.core.model.ContentStamp;
import io.reflex.core.model.Policy;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Delay, concurrency policies and scheduling before a claim, on in-memory backends. */
class AdmissionTest {
    final Fakes fx = new Fakes();
    final RequestConsumer.Drain drain = new RequestConsumer.Drain();
    final Admission admission = new Admission(
            fx.store,
            fx.bus,
            fx.writer,
            new PermitWaiter(fx.coordinator, Duration.ofMillis(20)),
            drain,
            Clock.systemUTC(),
            Duration.ofMillis(20));
    final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void close() {
        threads.shutdownNow();
        fx.close();
    }

    private void policy(String type, String action, String extra) {
        fx.store
                .store(Kinds.POLICY)
                .insert(new Policy(
                        Ids.newId(),
                        "limit_" + Ids.newId(),
                        "p",
                        "",
                        true,
                        "p.a",
                        type,
                        Json.read(
                                "{\"threshold\": 1, \"action\": \"" + action + "\"" + extra + "}",
                                com.fasterxml.jackson.databind.node.ObjectNode.class),
                        ""));
    }

    private Execution requested() {
        return fx.execution("p.a", "noop", Json.object().put("k", "v"));
    }

    private static List<ExecutionStatus> log(Execution e) {
        return e.log().stream().map(StatusChange::status).toList();
    }

    @Test
    void withoutPoliciesARequestedExecutionIsAdmittedWithoutAWrite() throws Exception {
        Execution e = requested();
        try (Admission.Admitted a = admission.admit(e, null).orElseThrow()) {
            assertThat(a.execution().status()).isEqualTo(ExecutionStatus.REQUESTED);
            assertThat(fx.get(e.id()).version())
                    .as("the claim writes scheduled and running at once")
                    .isEqualTo(e.version());
            assertThat(a.permits()).isEmpty();
        }
    }

    @Test
    void aDelayIsWaitedOutAsDelayed() throws Exception {
        Execution e = fx.execution("p.a", "noop", Json.object());
        fx.writer.apply(e.id(), c -> c.requestedWith(c.details().withDelay(200)));
        Admission.Admitted a = admission.admit(fx.get(e.id()), null).orElseThrow();
        assertThat(log(fx.get(e.id()))).containsExactly(ExecutionStatus.REQUESTED, ExecutionStatus.DELAYED);
        assertThat(Timestamps.now()).isAfterOrEqualTo(e.startTimestamp().plusMillis(200));
        a.close();
    }

    @Test
    void aBusyConcurrencySlotDelaysTheExecutionUntilThePermitIsReleased() throws Exception {
        policy("action.concurrency", "delay", "");
        Admission.Admitted first = admission.admit(requested(), null).orElseThrow();
        Execution second = requested();
        Future<Optional<Admission.Admitted>> waiting = threads.submit(() -> admission.admit(second, null));
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.get(second.id()).status() == ExecutionStatus.DELAYED);
        assertThat(waiting.isDone()).isFalse();
        first.close();
        Admission.Admitted next = waiting.get().orElseThrow();
        assertThat(fx.get(second.id()).status()).isEqualTo(ExecutionStatus.DELAYED);
        assertThat(next.permits()).hasSize(1);
        next.close();
    }

    @Test
    void aBusySlotWithTheCancelActionCancelsTheExecution() throws Exception {
        policy("action.concurrency", "cancel", "");
        Admission.Admitted first = admission.admit(requested(), null).orElseThrow();
        Execution second = requested();
        assertThat(admission.admit(second, null)).isEmpty();
        assertThat(fx.get(second.id()).status()).isEqualTo(ExecutionStatus.CANCELED);
        first.close();
    }

    @Test
    void attributeSlotsAreCountedPerValue() throws Exception {
        policy("action.concurrency.attr", "cancel", ", \"attributes\": [\"k\"]");
        Admission.Admitted first = admission.admit(requested(), null).orElseThrow();
        Execution other = fx.execution("p.a", "noop", Json.object().put("k", "w"));
        Admission.Admitted second = admission.admit(other, null).orElseThrow();
        assertThat(second.execution().status()).isEqualTo(ExecutionStatus.REQUESTED);
        first.close();
        second.close();
    }

    @Test
    void drainingWhileWaitingHandsTheRequestBackToTheQueue() throws Exception {
        policy("action.concurrency", "delay", "");
        List<String> requeued = new CopyOnWriteArrayList<>();
        Admission.Admitted first = admission.admit(requested(), null).orElseThrow();
        Execution second = requested();
        Future<Optional<Admission.Admitted>> waiting = threads.submit(() -> admission.admit(second, null));
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.get(second.id()).status() == ExecutionStatus.DELAYED);
        drain.begin();
        assertThat(waiting.get()).isEmpty();
        try (Subscription s = fx.bus.consume(
                Channels.EXECUTIONS_REQUESTED, 8, d -> requeued.add(d.body().executionId()))) {
            await().atMost(Duration.ofSeconds(5)).until(() -> requeued.contains(second.id()));
        }
        assertThat(fx.get(second.id()).status()).isEqualTo(ExecutionStatus.DELAYED);
        first.close();
    }

    @Test
    void anExecutionCanceledWhileWaitingGivesUpItsPlace() throws Exception {
        policy("action.concurrency", "delay", "");
        Admission.Admitted first = admission.admit(requested(), null).orElseThrow();
        Execution second = requested();
        Future<Optional<Admission.Admitted>> waiting = threads.submit(() -> admission.admit(second, null));
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.get(second.id()).status() == ExecutionStatus.DELAYED);
        fx.writer.apply(second.id(), c -> c.transitionTo(ExecutionStatus.CANCELED, Timestamps.now()));
        assertThat(waiting.get()).isEmpty();
        first.close();
        Execution third = requested();
        assertThat(admission.admit(third, null))
                .as("the permit went back, not to the canceled one")
                .isPresent();
    }

    @Test
    void anActionsPoliciesAreReusedUnderTheStampARequestCarriesAndAWrittenPolicyAppliesUnderTheNext() throws Exception {
        String before = ContentStamp.current(fx.store);
        admission.admit(requested(), before).orElseThrow().close();

        policy("action.concurrency", "cancel", ""); // a write through the store renews the stamp
        try (Admission.Admitted a = admission.admit(requested(), before).orElseThrow();
                Admission.Admitted b = admission.admit(requested(), before).orElseThrow()) {
            assertThat(List.of(a.permits(), b.permits()))
                    .as("requested under the stamp read before the policy was written: loaded under it")
                    .allMatch(List::isEmpty);
        }
        String after = ContentStamp.current(fx.store);
        try (Admission.Admitted first = admission.admit(requested(), after).orElseThrow()) {
            assertThat(first.permits()).hasSize(1);
            assertThat(admission.admit(requested(), null))
                    .as("without a stamp the runner reads it: the policy cancels what is over its threshold")
                    .isEmpty();
        }
    }

    @Test
    void aCancelingExecutionNoRunnerEverClaimedIsSettledAsCanceled() {
        Execution e = fx.execution("p.a", "noop", Json.object(), ExecutionStatus.CANCELING);
        assertThat(admission.settleCanceling(e)).isTrue();
        assertThat(fx.get(e.id()).status()).isEqualTo(ExecutionStatus.CANCELED);
    }

    @Test
    void aResumedExecutionIsNotHeldBackByItsPoliciesButTakesTheFreePermitsAgain() throws Exception {
        policy("action.concurrency", "cancel", "");
        Execution chain = fx.execution(
                "p.a",
                "action-chain",
                Json.object(),
                ExecutionStatus.SCHEDULED,
                ExecutionStatus.RUNNING,
                ExecutionStatus.PAUSING,
                ExecutionStatus.PAUSED,
                ExecutionStatus.RESUMING);
        try (Admission.Admitted resumed = admission.rejoin(chain)) {
            assertThat(resumed.permits()).hasSize(1);
            assertThat(admission.admit(requested(), null))
                    .as("the resumed execution counts against the threshold")
                    .isEmpty();
        }
        Admission.Admitted other = admission.admit(requested(), null).orElseThrow();
        try (Admission.Admitted resumed = admission.rejoin(fx.get(chain.id()))) {
            assertThat(resumed.permits())
                    .as("over the threshold, still not held back")
                    .isEmpty();
            assertThat(fx.get(chain.id()).status()).isEqualTo(ExecutionStatus.RESUMING);
        }
        other.close();
    }

    @Test
    void aWorkflowThatPausedForAWaitingTaskResumesOnlyOnceNoTaskWaits() {
        Execution chain = fx.execution(
                "p.a",
                "action-chain",
                Json.object(),
                ExecutionStatus.SCHEDULED,
                ExecutionStatus.RUNNING,
                ExecutionStatus.PAUSED);
        Execution ask =
                fx.execution("p.ask", "inquirer", Json.object(), ExecutionStatus.SCHEDULED, ExecutionStatus.RUNNING);
        fx.writer.apply(
                ask.id(),
                c -> c.requestedWith(c.details().withParent(chain.id()))
                        .transitionTo(ExecutionStatus.PENDING, Timestamps.now()));
        List<String> requested = new CopyOnWriteArrayList<>();
        try (Subscription s = fx.bus.consume(
                Channels.EXECUTIONS_REQUESTED, 8, d -> requested.add(d.body().executionId()))) {
            assertThat(admission.resumeIfNothingWaits(chain.id())).isFalse();
            assertThat(fx.get(chain.id()).status()).isEqualTo(ExecutionStatus.PAUSED);

            fx.writer.apply(ask.id(), c -> c.transitionTo(ExecutionStatus.SUCCEEDED, Timestamps.now()));
            assertThat(admission.resumeIfNothingWaits(chain.id())).isTrue();
            assertThat(fx.get(chain.id()).status()).isEqualTo(ExecutionStatus.RESUMING);
            await().atMost(Duration.ofSeconds(5)).until(() -> requested.contains(chain.id()));
            assertThat(admission.resumeIfNothingWaits(chain.id()))
                    .as("only a paused execution is resumed")
                    .isFalse();
        }
    }
}
