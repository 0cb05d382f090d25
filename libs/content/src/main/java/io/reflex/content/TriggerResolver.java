package io.reflex.content;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.model.Rule;
import io.reflex.core.model.Trigger;
import io.reflex.core.model.TriggerType;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.core.store.StateStore;
import io.reflex.core.store.Store;
import java.util.Optional;
import java.util.UUID;

/**
 * Concrete triggers behind rules (StackStorm's model): a trigger type without parameters has one Trigger
 * with its own ref; a parameterised type gets one Trigger per distinct parameter set, named by a random
 * UUID in the type's pack, created the first time a rule uses that set and reused afterwards.
 */
final class TriggerResolver {
    private final Store<Trigger> triggers;

    TriggerResolver(StateStore store) {
        this.triggers = store.store(Kinds.TRIGGER);
    }

    /** Ensures the one Trigger of a parameterless trigger type exists. */
    void ensureSimple(TriggerType type) {
        if (type.parameterised()) {
            return;
        }
        triggers.insertIfAbsent(new Trigger(
                Ids.derived("trigger", type.pack(), type.name()),
                type.name(),
                type.pack(),
                type.ref(),
                null,
                type.description()));
    }

    /** The rule with {@code trigger.ref} set to its concrete Trigger (created when needed). */
    Rule resolve(Rule rule, TriggerType type) {
        String ref = type.parameterised()
                ? parameterised(type, rule.trigger().parameters()).ref()
                : type.ref();
        if (ref.equals(rule.trigger().ref())) {
            return rule;
        }
        return new Rule(
                rule.id(),
                rule.name(),
                rule.pack(),
                rule.description(),
                rule.enabled(),
                rule.type(),
                new Rule.RuleTrigger(rule.trigger().type(), rule.trigger().parameters(), ref),
                rule.criteria(),
                rule.action(),
                rule.context(),
                rule.tags(),
                rule.metadataFile());
    }

    private Trigger parameterised(TriggerType type, ObjectNode parameters) {
        Optional<Trigger> existing = triggers.find(Query.of(Filter.eq("type", type.ref()))).stream()
                .filter(t -> t.parameters().equals(parameters))
                .findFirst();
        if (existing.isPresent()) {
            return existing.get();
        }
        // Deterministic id: two registrars racing on the same parameter set create one Trigger.
        String id = Ids.derived("trigger", type.ref(), parameters.toString());
        return triggers.insertIfAbsent(
                new Trigger(id, UUID.randomUUID().toString(), type.pack(), type.ref(), parameters, ""));
    }
}
