package io.reflex.content;

import io.reflex.core.model.Rule;
import io.reflex.core.model.TriggerType;
import io.reflex.core.store.StateStore;

/**
 * The concrete Trigger behind a rule, as registration resolves it (see {@link TriggerResolver}): for rules
 * created or changed through the API. Writes the Trigger of a parameterised type the first time a parameter
 * set is used; idempotent.
 */
public final class RuleTriggers {
    private final TriggerResolver resolver;

    public RuleTriggers(StateStore store) {
        this.resolver = new TriggerResolver(store);
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
