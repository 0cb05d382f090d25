package io.reflex.actionrunner;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.bus.EventBus;
import io.reflex.core.coordination.Lease;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.ExecutionRequested;
import io.reflex.core.model.ContentStamp;
import io.reflex.core.model.Policy;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.core.store.StateStore;
import io.reflex.executions.ExecutionWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens between "an execution was requested" and "this runner may claim it" (StackStorm's
 * scheduler): the execution's {@code delay} is waited out (status {@code delayed}); the permits of its
 * concurrency policies are taken, waiting in line ({@code delayed}) or canceling it when none is free as
 * the policy says; then it becomes {@code scheduled}. Blocks the calling (virtual) thread while it waits.
 * Gives up when the execution is canceled meanwhile, and hands the request back to the queue when the
 * runner starts draining, so another runner continues where this one stopped.
 */
final class Admission {
    private static final Logger log = LoggerFactory.getLogger(Admission.class);
    private static final Set<ExecutionStatus> WAITING =
            Set.of(ExecutionStatus.REQUESTED, ExecutionStatus.DELAYED, ExecutionStatus.SCHEDULED);

    /**
     * How long an action's policies are reused at most while the content stamp stays: a policy written through
     * Reflex renews the stamp and applies at once; this bounds a change made behind Reflex's back.
     */
    static final Duration POLICIES_TTL = Duration.ofSeconds(2);

    static final String CONCURRENCY = "action.concurrency";
    static final String CONCURRENCY_ATTR = "action.concurrency.attr";

    private final StateStore store;
    private final EventBus bus;
    private final ExecutionWriter writer;
    private final PermitWaiter permits;
    private final RequestConsumer.Drain drain;
    private final Clock clock;
    private final Duration checkEvery;
    /** The enabled policies of each action ref, loaded under the content stamp. */
    private final ContentStamp.Cache<List<Policy>> policies;

    Admission(
            StateStore store,
            EventBus bus,
            ExecutionWriter writer,
            PermitWaiter permits,
            RequestConsumer.Drain drain,
            Clock clock,
            Duration checkEvery) {
        this.store = store;
        this.bus = bus;
        this.writer = writer;
        this.permits = permits;
        this.drain = drain;
        this.clock = clock;
        this.checkEvery = checkEvery;
        this.policies = new ContentStamp.Cache<>(store, POLICIES_TTL, System::nanoTime);
    }

    /**
     * One semaphore to hold.
     *
     * @param cancel the policy's {@code action} is {@code cancel} (else {@code delay}: wait for a permit)
     * @param policy the policy's ref, for logs
     */
    record Slot(String name, int permits, boolean cancel, String policy) {}

    /**
     * An execution that passed admission (still {@code requested} or {@code delayed} as stored: its claim
     * writes {@code scheduled} and {@code running} at once) and the permits it holds until it completes;
     * closing releases them.
     */
    record Admitted(Execution execution, List<Lease> permits) implements AutoCloseable {
        @Override
        public void close() {
            permits.forEach(Lease::release);
        }
    }

    /**
     * Delay, policies. Empty when there is nothing (more) to do for this request: the
     * execution was canceled, is no longer waiting, or was handed back because the runner drains.
     *
     * @param contentStamp the content stamp the request carries, or null ({@link ContentStamp.Cache#get})
     */
    Optional<Admitted> admit(Execution requested, String contentStamp) throws InterruptedException {
        Execution e = requested;
        if (e.delay() != null && e.delay() > 0) {
            e = awaitDelay(e);
            if (e == null) {
                return Optional.empty();
            }
        }
        List<Lease> held = new ArrayList<>();
        try {
            if (!takePermits(e, contentStamp, held)) {
                release(held);
                return Optional.empty();
            }
            // Not written here: the claim takes it to scheduled and running in one compare-and-set.
            return Optional.of(new Admitted(e, held));
        } catch (RuntimeException ex) {
            release(held);
            throw ex;
        }
    }

    /**
     * A {@code resuming} execution (a paused workflow asked to go on) as StackStorm's scheduler treats it: its
     * policies were applied when it was first requested and are not applied again, so it is neither delayed
     * nor canceled by them; but it counts against its concurrency policies again while it runs, so it takes
     * every permit that is free (a permit another execution took while it was paused is not waited for).
     */
    Admitted rejoin(Execution resuming) {
        List<Lease> held = new ArrayList<>();
        for (Slot slot : slots(policies(resuming.actionRef(), null), resuming)) {
            Optional<Lease> free = permits.tryAcquire(slot.name(), slot.permits());
            free.ifPresent(held::add);
            if (free.isEmpty()) {
                log.info(
                        "resumed execution over its concurrency threshold execution={} policy={}",
                        resuming.id(),
                        slot.policy());
            }
        }
        return new Admitted(resuming, held);
    }

    /**
     * After a workflow paused itself because a task waits (an inquiry, a paused workflow task): when no task
     * of it waits any more (the inquiry was answered while it was pausing, so nobody saw it paused to resume
     * it), it is resumed at once. True when it was.
     */
    boolean resumeIfNothingWaits(String id) {
        List<Execution> tasks = store.executions().find(Query.of(Filter.eq("parent", id)));
        boolean waiting = tasks.stream()
                .anyMatch(t -> t.status() == ExecutionStatus.PENDING
                        || t.status() == ExecutionStatus.PAUSED
                        || t.status() == ExecutionStatus.PAUSING);
        if (waiting) {
            return false;
        }
        AtomicBoolean resumed = new AtomicBoolean();
        writer.apply(id, c -> {
            resumed.set(c.status() == ExecutionStatus.PAUSED);
            return resumed.get() ? c.transitionTo(ExecutionStatus.RESUMING, Timestamps.now(clock)) : c;
        });
        if (!resumed.get()) {
            return false;
        }
        bus.publish(Channels.EXECUTIONS_REQUESTED, id, new ExecutionRequested(id));
        log.info("execution resumed, no task of it waits any more execution={}", id);
        return true;
    }

    /** Takes a permit of every concurrency slot into {@code held}; false when one could not be had. */
    private boolean takePermits(Execution e, String contentStamp, List<Lease> held) {
        for (Slot slot : slots(policies(e.actionRef(), contentStamp), e)) {
            Optional<Lease> permit = permit(e, slot);
            if (permit.isEmpty()) {
                return false;
            }
            held.add(permit.get());
        }
        return true;
    }

    private Optional<Lease> permit(Execution e, Slot slot) {
        Optional<Lease> free = permits.tryAcquire(slot.name(), slot.permits());
        if (free.isPresent()) {
            return free;
        }
        if (slot.cancel()) {
            Execution after = writer.apply(
                    e.id(),
                    c -> WAITING.contains(c.status())
                            ? c.transitionTo(ExecutionStatus.CANCELED, Timestamps.now(clock))
                            : c);
            log.info(
                    "execution canceled by policy execution={} policy={} status={}",
                    e.id(),
                    slot.policy(),
                    after.status());
            return Optional.empty();
        }
        markDelayed(e.id());
        log.info("execution delayed by policy execution={} policy={} slot={}", e.id(), slot.policy(), slot.name());
        Optional<Lease> got = permits.await(slot.name(), slot.permits(), () -> drain.draining() || !waiting(e.id()));
        if (got.isEmpty()) {
            gaveUp(e.id());
        }
        return got;
    }

    /** Waits until {@code start_timestamp + delay}; null when it gave up. */
    private Execution awaitDelay(Execution e) throws InterruptedException {
        Instant due = e.startTimestamp().plusMillis(e.delay());
        if (!Timestamps.now(clock).isBefore(due)) {
            return e;
        }
        markDelayed(e.id());
        log.info("execution delayed execution={} delay_ms={} due={}", e.id(), e.delay(), due);
        long checks = 0;
        while (Timestamps.now(clock).isBefore(due)) {
            long left = Duration.between(Timestamps.now(clock), due).toMillis();
            Thread.sleep(Math.max(1, Math.min(left, checkEvery.toMillis())));
            if (drain.draining() || ++checks % 5 == 0 && !waiting(e.id())) {
                gaveUp(e.id());
                return null;
            }
        }
        Execution fresh = store.executions().get(e.id()).orElse(null);
        if (fresh == null || !WAITING.contains(fresh.status())) {
            settleCanceling(fresh);
            return null;
        }
        return fresh;
    }

    private void markDelayed(String id) {
        writer.apply(
                id,
                c -> c.status() == ExecutionStatus.REQUESTED || c.status() == ExecutionStatus.SCHEDULED
                        ? c.transitionTo(ExecutionStatus.DELAYED, Timestamps.now(clock))
                        : c);
    }

    private boolean waiting(String id) {
        return store.executions().get(id).map(c -> WAITING.contains(c.status())).orElse(false);
    }

    /** After a wait ended without a permit: hand the request back when draining, else settle the record. */
    private void gaveUp(String id) {
        if (drain.draining()) {
            handBack(id);
        } else {
            settleCanceling(store.executions().get(id).orElse(null));
        }
    }

    /** Requests the execution again (for another runner), then this delivery can be acknowledged. */
    void handBack(String id) {
        bus.publish(Channels.EXECUTIONS_REQUESTED, id, new ExecutionRequested(id));
        log.info("execution request handed back execution={} reason=draining", id);
    }

    /**
     * A {@code canceling} execution nobody ever claimed (no lease: a cancel before it ran, by the API or
     * a workflow) has no runner to finish the cancel; this does. True when the record was such a case.
     */
    boolean settleCanceling(Execution e) {
        if (e == null || e.status() != ExecutionStatus.CANCELING || e.lease() != null) {
            return false;
        }
        writer.apply(
                e.id(),
                c -> c.status() == ExecutionStatus.CANCELING && c.lease() == null
                        ? c.transitionTo(ExecutionStatus.CANCELED, Timestamps.now(clock))
                        : c);
        log.info("execution canceled before it ran execution={}", e.id());
        return true;
    }

    private List<Policy> policies(String actionRef, String contentStamp) {
        return policies.get(
                actionRef,
                contentStamp,
                (ref, stamp) -> store.store(Kinds.POLICY)
                        .find(Query.of(Filter.and(Filter.eq("resource_ref", ref), Filter.eq("enabled", true)))));
    }

    private static void release(List<Lease> held) {
        held.forEach(Lease::release);
        held.clear();
    }

    /**
     * The coordinator semaphores an execution needs before it may run, from its action's enabled
     * {@code action.concurrency} and {@code action.concurrency.attr} policies: one semaphore per policy, named
     * after the action ref (plus the values of the policy's attributes in the execution's parameters for
     * {@code .attr}), with {@code threshold} permits. Holding a permit from before {@code scheduled} until the
     * execution completed is what StackStorm's "count of scheduled + running below threshold" means, across
     * every runner process at once. Sorted by name, so two executions needing the same two semaphores take
     * them in the same order. Pure.
     */
    static List<Slot> slots(List<Policy> policies, Execution e) {
        List<Slot> slots = new ArrayList<>();
        for (Policy p : policies) {
            if (!p.enabled() || !p.resourceRef().equals(e.actionRef())) {
                continue;
            }
            String name;
            if (p.policyType().equals(CONCURRENCY)) {
                name = e.actionRef();
            } else if (p.policyType().equals(CONCURRENCY_ATTR)) {
                name = e.actionRef() + "?" + slotAttributes(p.parameters().path("attributes"), e);
            } else {
                continue;
            }
            // A threshold of 0 would admit nothing ever; StackStorm's schema allows it, we read it as 1.
            int permits = Math.max(1, p.parameters().path("threshold").asInt(1));
            boolean cancel = "cancel".equals(p.parameters().path("action").asText("delay"));
            slots.add(new Slot(name, permits, cancel, p.pack() + "." + p.name()));
        }
        slots.sort(Comparator.comparing(Slot::name));
        return slots;
    }

    /** {@code a=<json>&b=<json>} over the listed attributes, in the policy's order. */
    private static String slotAttributes(JsonNode names, Execution e) {
        List<String> parts = new ArrayList<>();
        for (JsonNode n : names) {
            JsonNode value = e.parameters().get(n.asText());
            parts.add(n.asText() + "=" + (value == null ? "null" : Json.write(value)));
        }
        return String.join("&", parts);
    }
}
