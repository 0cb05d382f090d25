package io.reflex.actionrunner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.actionrunner.runners.Runner;
import io.reflex.core.bus.Delivery;
import io.reflex.core.bus.MessageHandler;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.execution.FailureReason;
import io.reflex.core.json.Json;
import io.reflex.core.messages.ExecutionRequested;
import io.reflex.core.store.ExecutionStore;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one {@link ExecutionRequested}: the record is the truth, the message only says where to look. An
 * execution that is not waiting to run (already running elsewhere, completed, canceled) is acknowledged
 * and left alone; one that is goes through admission (delay, policies), is claimed with a lease, prepared,
 * run and finished. The message is acknowledged only once that is over and written (or handed back), so a
 * runner that dies mid-way leaves either a request that comes back or a lease the reaper will see expire.
 * Runner failures (exceptions) end the execution {@code failed} with a one-line {@code {error, traceback}}.
 * A {@code resuming} execution (a paused workflow asked to go on) was admitted when it first ran: it is
 * claimed again at once, holding the concurrency permits that are free ({@link Admission#rejoin}), and its
 * runner runs it anew, finding the tasks it already ran.
 */
final class ExecutionHandler implements MessageHandler<ExecutionRequested> {
    private static final Logger log = LoggerFactory.getLogger(ExecutionHandler.class);
    private static final Set<ExecutionStatus> ADMISSIBLE = Set.of(
            ExecutionStatus.REQUESTED, ExecutionStatus.DELAYED, ExecutionStatus.SCHEDULED, ExecutionStatus.RESUMING);

    private final ExecutionStore executions;
    private final Admission admission;
    private final Preparation preparation;
    private final RunnerParts parts;
    private final Drain drain;

    ExecutionHandler(
            ExecutionStore executions, Admission admission, Preparation preparation, RunnerParts parts, Drain drain) {
        this.executions = executions;
        this.admission = admission;
        this.preparation = preparation;
        this.parts = parts;
        this.drain = drain;
    }

    @Override
    public void handle(Delivery<ExecutionRequested> delivery) throws InterruptedException {
        String id = delivery.body().executionId();
        Optional<Execution> found = executions.get(id);
        if (found.isEmpty()) {
            log.warn("execution request for a missing execution execution={}", id);
            return;
        }
        Execution e = found.get();
        if (admission.settleCanceling(e) || !ADMISSIBLE.contains(e.status())) {
            log.debug("execution request ignored execution={} status={}", id, e.status());
            return;
        }
        if (drain.draining()) {
            admission.handBack(id);
            return;
        }
        if (e.status() == ExecutionStatus.RESUMING) {
            try (Admission.Admitted a = admission.rejoin(e)) {
                work(a.execution());
            }
            return;
        }
        Optional<Admission.Admitted> admitted = admission.admit(e);
        if (admitted.isEmpty()) {
            return;
        }
        try (Admission.Admitted a = admitted.get()) {
            work(a.execution());
        }
    }

    private void work(Execution admitted) {
        Optional<Attempt> claimed = Attempt.claim(parts, admitted);
        if (claimed.isEmpty()) {
            Execution now = executions.get(admitted.id()).orElse(null);
            log.info(
                    "execution not claimed execution={} status={}",
                    admitted.id(),
                    now == null ? "missing" : now.status());
            admission.settleCanceling(now);
            return;
        }
        Attempt attempt = claimed.get();
        drain.add(attempt);
        try {
            attempt.startHeartbeat();
            attempt.finish(run(attempt));
        } finally {
            attempt.stopHeartbeat();
            drain.remove(attempt);
        }
        if (attempt.pausedItself()) {
            try {
                admission.resumeIfNothingWaits(attempt.id());
            } catch (RuntimeException ex) {
                log.warn(
                        "paused execution not checked for a resume execution={} error={}", attempt.id(), ex.toString());
            }
        }
    }

    private Runner.Result run(Attempt attempt) {
        Execution e = attempt.execution();
        try (Preparation.Prepared p = preparation.prepare(e, attempt::stopRequested, attempt.supervision())) {
            log.info(
                    "execution running execution={} action={} runner={}",
                    e.id(),
                    e.actionRef(),
                    p.runner().name());
            return p.runner().run(p.context());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return failure(e, ex);
        } catch (Preparation.RenderTimedOut ex) {
            log.warn("execution timed out rendering its parameters execution={} action={}", e.id(), e.actionRef());
            ObjectNode result = Json.object();
            result.put("error", ex.getMessage());
            return new Runner.Result(ExecutionStatus.TIMEOUT, result);
        } catch (Exception ex) {
            return failure(e, ex);
        }
    }

    /**
     * StackStorm's {@code {error, traceback}} for a runner that threw: both are one line a user can act on;
     * the stack trace goes to this service's log with the execution id, never into the stored result.
     */
    static Runner.Result failure(Execution e, Exception ex) {
        String reason = FailureReason.of(ex);
        log.warn("execution failed in runner execution={} action={} error={}", e.id(), e.actionRef(), reason, ex);
        ObjectNode result = Json.object();
        result.put("error", reason);
        result.put("traceback", "the action runner log has the details of execution " + e.id());
        return new Runner.Result(ExecutionStatus.FAILED, result);
    }
}
