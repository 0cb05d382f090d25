package io.reflex.rulesengine;

import io.reflex.core.model.Rule;
import io.reflex.core.model.Trigger;
import io.reflex.core.model.TriggerType;
import java.util.List;
import java.util.Objects;

/**
 * What the rules engine needs to know about one trigger ref, read at one moment: the enabled rules on it
 * and the trigger's records (for the executions' {@code trigger}/{@code trigger_type} snapshots).
 *
 * @param trigger the ref a dispatch named (a trigger ref, or the ref of a parameterless trigger type)
 * @param rules the enabled rules on that trigger, standard and backstop alike
 * @param triggerRecord the Trigger with that ref, or null when none is registered
 * @param triggerType its trigger type, or null when none is registered
 */
record TriggerRules(String trigger, List<Rule> rules, Trigger triggerRecord, TriggerType triggerType) {
    TriggerRules {
        Objects.requireNonNull(trigger, "trigger");
        rules = List.copyOf(rules);
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
