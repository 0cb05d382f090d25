package io.reflex.rulesengine.timers;

import io.reflex.core.model.Rule;
import io.reflex.core.model.Trigger;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.core.store.StateStore;
import io.reflex.core.store.Store;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The timers in force: the Triggers of the three timer types that at least one enabled rule uses (StackStorm
 * schedules every timer Trigger; a Trigger no enabled rule uses would only fire into nothing). Read from the
 * store on every call, so rule changes made through any API node apply at the next read. Blocks on the store
 * and throws its {@code StoreException}s (never an empty answer in place of an error).
 */
final class TimerCatalog {
    private final Store<Rule> rules;
    private final Store<Trigger> triggers;

    TimerCatalog(StateStore store) {
        this.rules = store.store(Kinds.RULE);
        this.triggers = store.store(Kinds.TRIGGER);
    }

    /** The active timer Triggers by ref, in ref order. */
    Map<String, Trigger> active() {
        Set<String> used = rules
                .find(Query.of(Filter.and(Filter.eq("enabled", true), Filter.in("trigger.type", TimerTypes.ALL))))
                .stream()
                .map(r -> r.trigger().ref())
                .filter(ref -> !ref.isEmpty())
                .collect(Collectors.toSet());
        if (used.isEmpty()) {
            return Map.of();
        }
        return triggers.find(Query.of(Filter.in("type", TimerTypes.ALL))).stream()
                .filter(t -> used.contains(t.ref()))
                .collect(Collectors.toMap(Trigger::ref, t -> t, (a, b) -> a, TreeMap::new));
    }
}
