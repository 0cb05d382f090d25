package io.reflex.actionrunner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.actionrunner.runners.Runner;
import io.reflex.core.bus.Delivery;
import io.reflex.core.bus.EventBus;
import io.reflex.core.bus.MessageHandler;
import io.reflex.core.bus.Subscription;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.execution.FailureReason;
import io.reflex.core.json.Json;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.ExecutionRequested;
import io.reflex.core.store.ExecutionStore;
import io.reflex.runtime.lifecycle.Component;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner's intake of {@link Channels#EXECUTIONS_REQUESTED}: it consumes requests with {@code concurrency}
 * messages in flight and handles each one, and drains on close.
 *
 * <p>Handling one {@link ExecutionRequested}: the record is the truth, the message only says where to look
 * (and may carry the record as its launcher stored it, which the claim's compare-and-set checks). An execution that is not waiting to run (already running elsewhere, completed, canceled) is acknowledged
 * and left alone; one that is goes through admission (delay, policies), is claimed with a lease, prepared,
 * run and finished. The message is acknowledged only once that is over and written (or handed back), so a
 * runner that dies mid-way leaves either a request that comes back or a lease the reaper will see expire.
 * Runner failures (exceptions) end the execution {@code failed} with a one-line {@code {error, traceback}}.
 * A {@code resuming} execution (a paused workflow asked to go on) was admitted when it first ran: it is
 * claimed again at once, holding the concurrency permits that are free ({@link Admission#rejoin}), and its
 * runner runs it anew, finding the tasks it already ran.
 *
 * <p>Draining on close (docs/architecture.md, rule 4): nothing new is claimed, requests not started yet go
 * back to the queue, executions in flight get {@code shutdown.grace} to finish; those still running then are
 * stopped and written {@code abandoned} with the reason in their result, and their permits released. Leaving
 * the runner group and closing the backends happen after this, in the lifecycle's reverse order.
 */
final class RequestConsumer implements Component, MessageHandler<ExecutionRequested> {
    private static final Logger log = LoggerFactory.getLogger(RequestConsumer.class);
    /** How long stopped runs get to write their abandoned outcome before it is written for them. */
    static final Duration ABANDON_WAIT = Duration.ofSeconds(10);

    private static final Set<ExecutionStatus> ADMISSIBLE = Set.of(
            ExecutionStatus.REQUESTED, ExecutionStatus.DELAYED, ExecutionStatus.SCHEDULED, ExecutionStatus.RESUMING);

    private final EventBus bus;
    private final ExecutionStore executions;
    private final Admission admission;
    private final Preparation preparation;
    private final Attempt.Parts parts;
    private final Drain drain;
    private final RunnerSettings settings;
    private Subscription subscription;

    RequestConsumer(
            EventBus bus,
            ExecutionStore executions,
            Admission admission,
            Preparation preparation,
            Attempt.Parts parts,
            Drain drain,
            RunnerSettings settings) {
        this.bus = bus;
        this.executions = executions;
        this.admission = admission;
        this.preparation = preparation;
        this.parts = parts;
        this.drain = drain;
        this.settings = settings;
    }

    @Override
    public void start() {
        subscription = bus.consume(Channels.EXECUTIONS_REQUESTED, settings.concurrency(), this);
        log.info(
                "action runner consuming owner={} concurrency={} lease_ttl_ms={}",
                settings.owner(),
                settings.concurrency(),
                settings.leaseTtl().toMillis());
    }

    @Override
    public void close() throws InterruptedException {
        if (subscription == null) {
            return;
        }
        drain.begin();
        log.info(
                "action runner draining owner={} in_flight={} grace_ms={}",
                settings.owner(),
                drain.active().size(),
                settings.grace().toMillis());
        // Closing the subscription stops deliveries and waits for every handler; it runs beside the drain
        // so that the grace period, not the slowest action, bounds the shutdown.
        Subscription s = subscription;
        subscription = null;
        Thread closing = Thread.ofVirtual().name("actionrunner-unsubscribe").start(s::close);
        if (!drain.awaitIdle(settings.grace())) {
            abandonRemaining();
        }
        closing.join(ABANDON_WAIT.plusSeconds(5));
        log.info(
                "action runner drained owner={} left={}",
                settings.owner(),
                drain.active().size());
    }

    private void abandonRemaining() throws InterruptedException {
        String reason = "Action runner " + settings.owner() + " shut down before the execution completed"
                + " (shutdown.grace of " + settings.grace().toSeconds() + "s exceeded).";
        drain.active().forEach(a -> {
            log.warn("execution abandoned by shutdown execution={} owner={}", a.id(), settings.owner());
            a.abandon(reason);
        });
        if (!drain.awaitIdle(ABANDON_WAIT)) {
            for (Attempt a : drain.active()) {
                try {
                    a.abandonNow(reason);
                } catch (RuntimeException e) {
                    log.warn("execution left to the reaper execution={} error={}", a.id(), e.toString());
                }
            }
        }
    }

    @Override
    public void handle(Delivery<ExecutionRequested> delivery) throws InterruptedException {
        ExecutionRequested request = delivery.body();
        String id = request.executionId();
        // the record the launcher stored, when the request carries it: a change since fails the claim, which
        // then reads the record and decides again
        Optional<Execution> found = request.execution() != null ? Optional.of(request.execution()) : executions.get(id);
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
                work(a.execution(), List.of());
            }
            return;
        }
        Optional<Admission.Admitted> admitted = admission.admit(e, request.contentStamp());
        if (admitted.isEmpty()) {
            return;
        }
        try (Admission.Admitted a = admitted.get()) {
            work(a.execution(), request.published());
        }
    }

    /** @param published versions whose announcements the request says were published: the claim clears them */
    private void work(Execution admitted, List<Long> published) {
        Optional<Attempt> claimed = Attempt.claim(parts, admitted, published);
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

    /**
     * This runner's executions in flight and whether it is shutting down. Once draining, nothing new is
     * claimed: work that has not started goes back to the queue, work that runs may finish. Thread-safe.
     */
    static final class Drain {
        private final Set<Attempt> active = ConcurrentHashMap.newKeySet();
        private final Object changed = new Object();
        private volatile boolean draining;

        boolean draining() {
            return draining;
        }

        void begin() {
            draining = true;
        }

        void add(Attempt a) {
            active.add(a);
        }

        void remove(Attempt a) {
            active.remove(a);
            synchronized (changed) {
                changed.notifyAll();
            }
        }

        List<Attempt> active() {
            return List.copyOf(active);
        }

        /** Waits up to {@code max} until no execution is in flight; true when none is. */
        boolean awaitIdle(Duration max) throws InterruptedException {
            long deadline = System.nanoTime() + max.toNanos();
            synchronized (changed) {
                while (!active.isEmpty()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    changed.wait(Math.max(1, left / 1_000_000));
                }
            }
            return true;
        }
    }
}
