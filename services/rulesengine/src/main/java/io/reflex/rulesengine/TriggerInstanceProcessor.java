package io.reflex.rulesengine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.bus.Delivery;
import io.reflex.core.bus.EventBus;
import io.reflex.core.bus.PoisonMessageException;
import io.reflex.core.bus.Subscription;
import io.reflex.core.execution.FailureReason;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.TriggerDispatch;
import io.reflex.core.model.Rule;
import io.reflex.core.model.RuleEnforcement;
import io.reflex.core.model.TriggerInstance;
import io.reflex.core.store.DuplicateKeyException;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import io.reflex.core.store.Store;
import io.reflex.executions.traces.TraceRecorder;
import io.reflex.rulesengine.RuleCache.TriggerRules;
import io.reflex.rulesengine.criteria.CriteriaException;
import io.reflex.rulesengine.criteria.CriteriaMatcher;
import io.reflex.runtime.lifecycle.Component;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one dispatched trigger, StackStorm's {@code TriggerInstanceDispatcher} made idempotent: the
 * trigger instance is stored with exactly the dispatch's id as {@code processing} ({@code pending} exists only
 * in the message), its rules are matched and enforced, and it is set {@code processed}. It joins the trace of
 * the dispatch's tag ({@code trigger_instance-<id>} without one), together with its matched rules in one
 * write, before any rule is enforced. An instance already {@code processed}
 * is left alone, so a redelivery does nothing. A backend failure is thrown with the instance left
 * {@code processing} (the delivery comes back and finishes the work); any other failure also marks it
 * {@code processing_failed} before it is thrown. An instance no rule acts on (the common case of the action
 * trigger every execution emits) is stored {@code processed} in one write after it joined its trace, since
 * no effect lies between its being stored and its being finished. Blocks on the store and the bus.
 *
 * <p>Rules are matched in StackStorm's two passes ({@code rules/matcher.py}): standard rules first; backstop
 * rules only when no standard rule matched. A rule whose criteria cannot be evaluated does not match and gets
 * a failed enforcement (as in StackStorm's {@code RuleFilter}); a backend outage met on the way (criteria
 * patterns may read the datastore) is thrown instead, so the trigger instance is tried again rather than
 * recorded as failed.
 */
final class TriggerInstanceProcessor {
    private static final Logger log = LoggerFactory.getLogger(TriggerInstanceProcessor.class);
    private static final String BACKSTOP = "backstop";

    /** What handling one dispatch did: the enforcements stored (or found), or none when already processed. */
    record Handled(TriggerInstance instance, boolean alreadyProcessed, List<RuleEnforcement> enforcements) {}

    private final Store<TriggerInstance> instances;
    private final RuleCache rules;
    private final CriteriaMatcher criteria;
    private final RuleEnforcer enforcer;
    private final TraceRecorder traces;

    TriggerInstanceProcessor(
            StateStore store, RuleCache rules, CriteriaMatcher criteria, RuleEnforcer enforcer, TraceRecorder traces) {
        this.instances = store.store(Kinds.TRIGGER_INSTANCE);
        this.rules = rules;
        this.criteria = criteria;
        this.enforcer = enforcer;
        this.traces = traces;
    }

    /** @throws PoisonMessageException when the dispatch can never be stored as a trigger instance */
    Handled process(TriggerDispatch dispatch) {
        TriggerInstance fresh = fresh(dispatch);
        String traceTag = TraceRecorder.tagOf(dispatch.traceTag(), fresh.id());
        Matches matches = matchBeforeStoring(fresh, dispatch.contentStamp());
        if (matches != null && matches.nothingToEnforce()) {
            Handled handled = storeProcessed(fresh, traceTag);
            if (handled != null) {
                return handled;
            }
            matches = null; // an earlier delivery stored it unfinished: finish it as below
        }
        Persisted persisted = persist(fresh);
        TriggerInstance instance = persisted.instance();
        if (instance.status() == TriggerInstance.Status.PROCESSED) {
            log.debug("trigger instance already processed trigger_instance={}", instance.id());
            return new Handled(instance, true, List.of());
        }
        instance = withStatus(instance, TriggerInstance.Status.PROCESSING);
        try {
            if (matches == null || !persisted.first()) {
                matches = match(instance, dispatch.contentStamp());
            }
            List<RuleEnforcement> enforced = enforce(instance, traceTag, matches, persisted.first());
            TriggerInstance processed = withStatus(instance, TriggerInstance.Status.PROCESSED);
            log.info(
                    "trigger instance processed trigger_instance={} trigger={} enforcements={}",
                    instance.id(),
                    instance.trigger(),
                    enforced.size());
            return new Handled(processed, false, enforced);
        } catch (RuntimeException e) {
            if (!Transient.is(e)) {
                markFailed(instance, e);
            }
            throw e;
        }
    }

    /**
     * The rules matched on the dispatch before anything is stored, or null when matching failed in a way the
     * stored path must record ({@code processing_failed}) or retry: it is matched again there.
     */
    private Matches matchBeforeStoring(TriggerInstance fresh, String sentStamp) {
        try {
            return match(fresh, sentStamp);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * A trigger instance no rule acts on (none matched, none failed its criteria) is stored {@code processed}
     * in one write, after it joined its trace: there is nothing in between that a crash could leave half done,
     * so the {@code processing} step has nothing to protect. A redelivery meets the stored instance.
     *
     * @return what was done, or null when an earlier delivery stored the instance and left it unfinished
     */
    private Handled storeProcessed(TriggerInstance fresh, String traceTag) {
        traces.addTriggerInstance(traceTag, fresh);
        TriggerInstance processed = fresh.withStatus(TriggerInstance.Status.PROCESSED);
        try {
            instances.insert(processed);
        } catch (DuplicateKeyException redelivered) {
            TriggerInstance stored = stored(fresh, redelivered);
            if (stored.status() != TriggerInstance.Status.PROCESSED) {
                return null;
            }
            log.debug("trigger instance already processed trigger_instance={}", stored.id());
            return new Handled(stored, true, List.of());
        }
        log.info(
                "trigger instance processed trigger_instance={} trigger={} enforcements=0",
                processed.id(),
                processed.trigger());
        return new Handled(processed, false, List.of());
    }

    /** The rules on an instance's trigger and what they make of it. */
    private record Matches(TriggerRules onTrigger, List<Rule> matched, List<CriteriaFailure> failures) {
        boolean nothingToEnforce() {
            return matched.isEmpty() && failures.isEmpty();
        }
    }

    /**
     * Matches the rules in two passes: standard rules, then backstop rules when no standard rule matched.
     *
     * @param sentStamp the content stamp the dispatch carries, or null ({@link RuleCache#forTrigger(String,
     *     String)})
     */
    private Matches match(TriggerInstance instance, String sentStamp) {
        TriggerRules onTrigger = rules.forTrigger(instance.trigger(), sentStamp);
        List<Rule> matched = new ArrayList<>();
        List<CriteriaFailure> failures = new ArrayList<>();
        pass(onTrigger.rules(), false, instance.payload(), instance.id(), matched, failures);
        if (matched.isEmpty()) {
            pass(onTrigger.rules(), true, instance.payload(), instance.id(), matched, failures);
        }
        return new Matches(onTrigger, matched, failures);
    }

    /**
     * Enforces the matched rules; the instance, its matched rules and the executions they will start join the
     * trace in one write before any is enforced, so every execution they start finds its rule, and itself, there.
     * A rule whose action is registered always stores an execution under the id listed (a failed one when the
     * launch is refused or its parameters do not render); one whose action is not stores none and lists none.
     *
     * @param first whether this delivery stored the instance: nothing was enforced for it before
     */
    private List<RuleEnforcement> enforce(TriggerInstance instance, String traceTag, Matches matches, boolean first) {
        List<TraceRecorder.RuleExecution> starting = new ArrayList<>();
        for (Rule rule : matches.matched()) {
            matches.onTrigger()
                    .action(rule)
                    .ifPresent(a -> starting.add(new TraceRecorder.RuleExecution(
                            rule,
                            RuleEnforcer.executionId(rule, instance),
                            a.action().ref())));
        }
        traces.addTriggerInstance(traceTag, instance, matches.matched(), starting);
        List<RuleEnforcement> out = new ArrayList<>();
        for (CriteriaFailure f : matches.failures()) {
            out.add(enforcer.criteriaFailed(f.rule(), instance, f.reason()));
        }
        for (Rule rule : matches.matched()) {
            out.add(enforcer.enforce(rule, matches.onTrigger(), instance, traceTag, first));
        }
        return out;
    }

    /** A rule that could not be evaluated against a trigger instance, and why. */
    private record CriteriaFailure(Rule rule, String reason) {}

    private void pass(
            List<Rule> rules,
            boolean backstop,
            ObjectNode payload,
            String triggerInstanceId,
            List<Rule> matched,
            List<CriteriaFailure> failures) {
        for (Rule rule : rules) {
            if (BACKSTOP.equals(rule.type().ref()) != backstop) {
                continue;
            }
            try {
                if (criteria.matches(rule.criteria(), payload)) {
                    matched.add(rule);
                }
            } catch (CriteriaException e) {
                failures.add(new CriteriaFailure(rule, failureReason(rule, triggerInstanceId, e.getMessage())));
            } catch (RuntimeException e) {
                if (Transient.is(e)) {
                    throw e;
                }
                log.warn("rule criteria failed rule={} trigger_instance={}", rule.ref(), triggerInstanceId, e);
                failures.add(new CriteriaFailure(rule, failureReason(rule, triggerInstanceId, FailureReason.of(e))));
            }
        }
    }

    /** StackStorm's wording of a criteria failure ({@code RuleFilter._create_rule_enforcement}). */
    private static String failureReason(Rule rule, String triggerInstanceId, String why) {
        return "Failed to match rule \"" + rule.ref() + "\" against trigger instance \"" + triggerInstanceId + "\": "
                + why;
    }

    /** The stored instance, and whether this delivery stored it (the first to reach the store). */
    private record Persisted(TriggerInstance instance, boolean first) {}

    /** The dispatch as a trigger instance in {@code processing} ({@code pending} exists only in the message). */
    private static TriggerInstance fresh(TriggerDispatch d) {
        try {
            return new TriggerInstance(
                    d.triggerInstanceId(),
                    d.trigger(),
                    d.payload(),
                    d.occurrenceTime(),
                    TriggerInstance.Status.PROCESSING);
        } catch (IllegalArgumentException e) {
            throw new PoisonMessageException("not a trigger instance: " + e.getMessage(), e);
        }
    }

    /** Stores the instance, or reads the one an earlier delivery stored. */
    private Persisted persist(TriggerInstance fresh) {
        try {
            return new Persisted(instances.insert(fresh), true);
        } catch (DuplicateKeyException redelivered) {
            return new Persisted(stored(fresh, redelivered), false);
        }
    }

    /** The instance an earlier delivery stored under the same id; it must be of the same trigger. */
    private TriggerInstance stored(TriggerInstance fresh, DuplicateKeyException redelivered) {
        TriggerInstance stored = instances.get(fresh.id()).orElseThrow(() -> redelivered);
        if (!stored.trigger().equals(fresh.trigger())) {
            throw new PoisonMessageException("trigger instance " + fresh.id() + " already exists for trigger "
                    + stored.trigger() + ", not " + fresh.trigger());
        }
        return stored;
    }

    private TriggerInstance withStatus(TriggerInstance instance, TriggerInstance.Status status) {
        TriggerInstance next = instance.withStatus(status);
        if (next.status() != instance.status()) {
            instances.replace(next);
        }
        return next;
    }

    private void markFailed(TriggerInstance instance, RuntimeException cause) {
        log.error(
                "trigger instance processing failed trigger_instance={} trigger={} error={}",
                instance.id(),
                instance.trigger(),
                cause.toString(),
                cause);
        try {
            withStatus(instance, TriggerInstance.Status.PROCESSING_FAILED);
        } catch (RuntimeException e) {
            log.warn("trigger instance status not recorded trigger_instance={} error={}", instance.id(), e.toString());
        }
    }

    /**
     * The consumer of {@link Channels#TRIGGER_INSTANCES} that feeds this processor, up to {@code prefetch} at
     * once (each handler on its own virtual thread, as the bus runs them); a dispatch is acknowledged only
     * once all its effects are stored. While a backend is down a handler keeps its message and tries again
     * with backoff instead of burning the bus's delivery limit, so an outage ends in recovery, not in the
     * dead-letter queue. Closing drains: no new deliveries, retries give up (their messages return to the
     * queue) and handlers in flight finish.
     */
    Consumer consumer(EventBus bus, int prefetch) {
        return new Consumer(bus, prefetch);
    }

    final class Consumer implements Component {
        private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
        private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

        private final EventBus bus;
        private final int prefetch;
        private final CountDownLatch stopping = new CountDownLatch(1);
        private volatile Subscription subscription;

        Consumer(EventBus bus, int prefetch) {
            this.bus = bus;
            this.prefetch = prefetch;
        }

        @Override
        public void start() {
            subscription = bus.consume(Channels.TRIGGER_INSTANCES, prefetch, this::handle);
            log.info("rules engine consuming queue={} prefetch={}", Channels.TRIGGER_INSTANCES.name(), prefetch);
        }

        private void handle(Delivery<TriggerDispatch> delivery) throws InterruptedException {
            Duration backoff = FIRST_BACKOFF;
            for (int attempt = 1; ; attempt++) {
                try {
                    process(delivery.body());
                    return;
                } catch (RuntimeException e) {
                    if (!Transient.is(e) || stopping.getCount() == 0) {
                        throw e;
                    }
                    log.warn(
                            "trigger instance waiting for backends trigger_instance={} attempt={} retry_in_ms={} error={}",
                            delivery.body().triggerInstanceId(),
                            attempt,
                            backoff.toMillis(),
                            e.toString());
                    if (stopping.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
                        throw e;
                    }
                    backoff =
                            backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                }
            }
        }

        @Override
        public void close() {
            stopping.countDown();
            Subscription s = subscription;
            if (s != null) {
                s.close();
                log.info("rules engine stopped consuming queue={}", Channels.TRIGGER_INSTANCES.name());
            }
        }
    }
}
