package io.reflex.rulesengine;

import io.reflex.core.bus.PoisonMessageException;
import io.reflex.core.messages.TriggerDispatch;
import io.reflex.core.model.Rule;
import io.reflex.core.model.RuleEnforcement;
import io.reflex.core.model.TriggerInstance;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import io.reflex.core.store.Store;
import io.reflex.executions.traces.TraceRecorder;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one dispatched trigger, StackStorm's {@code TriggerInstanceDispatcher} made idempotent: the
 * trigger instance is stored with exactly the dispatch's id ({@code pending}), set {@code processing}, its
 * rules are matched and enforced, and it is set {@code processed}. It joins the trace of the dispatch's
 * tag ({@code trigger_instance-<id>} without one) before any rule is matched. An instance already {@code processed}
 * is left alone, so a redelivery does nothing. A backend failure is thrown with the instance left
 * {@code processing} (the delivery comes back and finishes the work); any other failure also marks it
 * {@code processing_failed} before it is thrown. Blocks on the store and the bus.
 */
final class TriggerInstanceProcessor {
    private static final Logger log = LoggerFactory.getLogger(TriggerInstanceProcessor.class);

    /** What handling one dispatch did: the enforcements stored (or found), or none when already processed. */
    record Handled(TriggerInstance instance, boolean alreadyProcessed, List<RuleEnforcement> enforcements) {}

    private final Store<TriggerInstance> instances;
    private final RuleCache rules;
    private final RuleMatcher matcher;
    private final RuleEnforcer enforcer;
    private final TraceRecorder traces;

    TriggerInstanceProcessor(
            StateStore store, RuleCache rules, RuleMatcher matcher, RuleEnforcer enforcer, TraceRecorder traces) {
        this.instances = store.store(Kinds.TRIGGER_INSTANCE);
        this.rules = rules;
        this.matcher = matcher;
        this.enforcer = enforcer;
        this.traces = traces;
    }

    /** @throws PoisonMessageException when the dispatch can never be stored as a trigger instance */
    Handled process(TriggerDispatch dispatch) {
        TriggerInstance stored = persist(dispatch);
        if (stored.status() == TriggerInstance.Status.PROCESSED) {
            log.debug("trigger instance already processed trigger_instance={}", stored.id());
            return new Handled(stored, true, List.of());
        }
        String traceTag = TraceRecorder.tagOf(dispatch.traceTag(), stored.id());
        traces.addTriggerInstance(traceTag, stored);
        TriggerInstance instance = withStatus(stored, TriggerInstance.Status.PROCESSING);
        try {
            List<RuleEnforcement> enforced = matchAndEnforce(instance, traceTag);
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

    private List<RuleEnforcement> matchAndEnforce(TriggerInstance instance, String traceTag) {
        TriggerRules onTrigger = rules.forTrigger(instance.trigger());
        RuleMatcher.Matching matching = matcher.match(onTrigger.rules(), instance.payload(), instance.id());
        List<RuleEnforcement> out = new ArrayList<>();
        for (RuleMatcher.CriteriaFailure f : matching.failures()) {
            out.add(enforcer.criteriaFailed(f.rule(), instance, f.reason()));
        }
        for (Rule rule : matching.matched()) {
            out.add(enforcer.enforce(rule, onTrigger, instance, traceTag));
        }
        return out;
    }

    private TriggerInstance persist(TriggerDispatch d) {
        TriggerInstance fresh;
        try {
            fresh = new TriggerInstance(
                    d.triggerInstanceId(),
                    d.trigger(),
                    d.payload(),
                    d.occurrenceTime(),
                    TriggerInstance.Status.PENDING);
        } catch (IllegalArgumentException e) {
            throw new PoisonMessageException("not a trigger instance: " + e.getMessage(), e);
        }
        TriggerInstance stored = instances.insertIfAbsent(fresh);
        if (!stored.trigger().equals(d.trigger())) {
            throw new PoisonMessageException("trigger instance " + d.triggerInstanceId()
                    + " already exists for trigger " + stored.trigger() + ", not " + d.trigger());
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
}
