package io.reflex.content;

import io.reflex.core.model.Rule;
import io.reflex.core.model.Trigger;
import io.reflex.core.model.TriggerType;
import io.reflex.core.store.ContentQueries;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The concrete Trigger behind a rule, as registration resolves it (see {@link TriggerResolver}): for rules
 * created or changed through the API. Writes the Trigger of a parameterised type the first time a parameter
 * set is used; idempotent. A parameterised Trigger goes with the last rule that used it ({@link #release}),
 * as in StackStorm, so the webhook of a deleted rule is gone too.
 */
public final class RuleTriggers {
    private static final Logger log = LoggerFactory.getLogger(RuleTriggers.class);

    private final StateStore store;
    private final TriggerResolver resolver;

    public RuleTriggers(StateStore store) {
        this.store = store;
        this.resolver = new TriggerResolver(store);
    }

    /**
     * Deletes each of these parameterised Triggers (by ref) that no rule names any more; parameterless
     * Triggers (one per type) stay. Call after the rules that used them were deleted or changed. Not atomic
     * with rule writes: a rule created at the same moment with the same parameters may find its Trigger
     * deleted; saving that rule again recreates it.
     *
     * @return the refs deleted
     */
    public List<String> release(Collection<String> triggerRefs) {
        List<String> deleted = new ArrayList<>();
        for (String ref : new TreeSet<>(triggerRefs)) {
            Optional<Trigger> t = store.store(Kinds.TRIGGER).findOne(ContentQueries.byRef(ref));
            if (t.isEmpty()
                    || t.get().parameters().isEmpty()
                    || store.store(Kinds.RULE).count(Filter.eq("trigger.ref", ref)) > 0) {
                continue;
            }
            store.store(Kinds.TRIGGER).delete(t.get().id());
            deleted.add(ref);
            log.info(
                    "trigger deleted with its last rule trigger={} type={}",
                    ref,
                    t.get().type());
        }
        return deleted;
    }

    /** The rule with {@code trigger.ref} set to its Trigger's ref (the Trigger is created when needed). */
    public Rule resolve(Rule rule, TriggerType type) {
        resolver.ensureSimple(type);
        return resolver.resolve(rule, type);
    }

    /** Ensures the one Trigger of a parameterless trigger type exists (after creating the type). */
    public void ensureSimple(TriggerType type) {
        resolver.ensureSimple(type);
    }
}
