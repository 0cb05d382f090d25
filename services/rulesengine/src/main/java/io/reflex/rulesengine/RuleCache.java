package io.reflex.rulesengine;

import io.reflex.core.execution.ResolvedAction;
import io.reflex.core.model.ContentStamp;
import io.reflex.core.model.Rule;
import io.reflex.core.model.Trigger;
import io.reflex.core.model.TriggerType;
import io.reflex.core.store.ContentQueries;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.core.store.StateStore;
import io.reflex.executions.ActionResolver;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The rules of each trigger, and the actions they run, read from the store and reused while the stored {@link
 * ContentStamp} is the one they were loaded under (and for at most {@code ttl}). Every write of rules,
 * triggers, trigger types, actions, runner types and packs renews the stamp before it returns (the store's
 * rule: {@link ContentStamp#renewedOnWrite}), and the stamp is read again for every trigger instance, so a rule created, changed, enabled, disabled or deleted, or an action
 * or runner changed, through any API node (or by registration) applies to the next trigger instance on every
 * rules engine: no change feed (mongo-java-server has none) and no bus message that could arrive after the
 * trigger instance it should precede. The cost is one read by id per trigger instance at most; concurrent
 * trigger instances share one ({@link ContentStamp.Reads}: a read that began after the lookup did, so the
 * guarantee is the same). {@code ttl} bounds staleness after writes that bypass Reflex (a database edit).
 * Several threads may load the same trigger at once; that costs a query, never correctness. Blocks on the
 * store.
 */
final class RuleCache {
    private final StateStore store;
    private final ActionResolver resolver;
    private final ContentStamp.Cache<TriggerRules> cache;

    RuleCache(StateStore store, ActionResolver resolver, Duration ttl, LongSupplier nanoTime) {
        this.store = store;
        this.resolver = resolver;
        this.cache = new ContentStamp.Cache<>(store, ttl, nanoTime);
    }

    RuleCache(StateStore store, ActionResolver resolver, Duration ttl) {
        this(store, resolver, ttl, System::nanoTime);
    }

    /**
     * The rules on {@code trigger} and their actions, including every change whose write completed before this
     * call (and, for changes made behind Reflex's back, as of at most {@code ttl} ago).
     */
    TriggerRules forTrigger(String trigger) {
        return forTrigger(trigger, null);
    }

    /**
     * {@link #forTrigger(String)} for a trigger instance whose sender read the stamp after the trigger fired
     * ({@code sent}, or null when it read none): rules loaded under that very stamp include every change whose
     * write completed before the trigger fired, so they are used without reading the stamp again.
     */
    TriggerRules forTrigger(String trigger, String sent) {
        return cache.get(trigger, sent, this::load);
    }

    private TriggerRules load(String ref, String stamp) {
        List<Rule> rules = store
                .store(Kinds.RULE)
                .find(Query.of(Filter.and(
                        Filter.eq("enabled", true),
                        Filter.or(Filter.eq("trigger.ref", ref), Filter.eq("trigger.type", ref)))))
                .stream()
                .filter(r -> TriggerRules.listensTo(r, ref))
                .toList();
        Trigger trigger =
                store.store(Kinds.TRIGGER).findOne(ContentQueries.byRef(ref)).orElse(null);
        String typeRef = trigger == null ? ref : trigger.type();
        TriggerType type = store.store(Kinds.TRIGGER_TYPE)
                .findOne(ContentQueries.byRef(typeRef))
                .orElse(null);
        Map<String, ResolvedAction> actions = new HashMap<>();
        for (Rule rule : rules) {
            String action = rule.action().ref();
            if (!actions.containsKey(action)) {
                resolver.find(action).ifPresent(a -> actions.put(action, resolver.resolve(a)));
            }
        }
        return new TriggerRules(ref, rules, trigger, type, actions, stamp);
    }

    /**
     * What the rules engine needs to know about one trigger ref, read at one moment: the enabled rules on it
     * and the trigger's records (for the executions' {@code trigger}/{@code trigger_type} snapshots).
     *
     * @param trigger the ref a dispatch named (a trigger ref, or the ref of a parameterless trigger type)
     * @param rules the enabled rules on that trigger, standard and backstop alike
     * @param triggerRecord the Trigger with that ref, or null when none is registered
     * @param triggerType its trigger type, or null when none is registered
     * @param actions the actions the rules run, resolved, by ref; an action that is not registered is absent
     * @param stamp the content stamp read before these were loaded: the executions they request carry it ({@link
     *     io.reflex.core.messages.Channels.ExecutionRequested#contentStamp})
     */
    record TriggerRules(
            String trigger,
            List<Rule> rules,
            Trigger triggerRecord,
            TriggerType triggerType,
            Map<String, ResolvedAction> actions,
            String stamp) {
        TriggerRules {
            Objects.requireNonNull(trigger, "trigger");
            Objects.requireNonNull(stamp, "stamp");
            rules = List.copyOf(rules);
            actions = Map.copyOf(actions);
        }

        /** The action {@code rule} runs, resolved; empty when it is not registered. */
        Optional<ResolvedAction> action(Rule rule) {
            return Optional.ofNullable(actions.get(rule.action().ref()));
        }

        /**
         * Whether {@code rule} listens to {@code ref}: its resolved trigger is {@code ref}, or it was stored
         * without a resolved trigger and names {@code ref} as a trigger type without parameters (the one Trigger
         * of such a type has the type's ref).
         */
        static boolean listensTo(Rule rule, String ref) {
            Rule.RuleTrigger t = rule.trigger();
            if (!t.ref().isEmpty()) {
                return t.ref().equals(ref);
            }
            return t.type().equals(ref) && t.parameters().isEmpty();
        }
    }
}
