package io.reflex.rulesengine;

import io.reflex.content.Catalogue;
import io.reflex.core.model.Rule;
import io.reflex.core.model.Trigger;
import io.reflex.core.model.TriggerType;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;

/** Content the rules engine needs in a real store: runner types, {@code core.local}, a trigger and a rule. */
final class Seeds {
    private Seeds() {}

    /** Registers the runner types and {@code core.local}, and a parameterless trigger {@code <pack>.<name>}. */
    static void content(StateStore store, String pack, String name) {
        Catalogue.runnerTypes().forEach(store.store(Kinds.RUNNER_TYPE)::insertIfAbsent);
        store.store(Kinds.ACTION).insertIfAbsent(Fixture.localAction(true));
        store.store(Kinds.TRIGGER_TYPE)
                .insert(new TriggerType(Ids.newId(), name, pack, "a test trigger", null, null, null, ""));
        store.store(Kinds.TRIGGER)
                .insert(new Trigger(Ids.newId(), name, pack, pack + "." + name, null, "a test trigger"));
    }

    /** A standard rule on {@code trigger} running {@code core.local} with {@code cmd}. */
    static Rule rule(StateStore store, String pack, String trigger, String criteria, String cmd) {
        Rule rule = new Rule(
                Ids.newId(),
                "on_" + trigger.replace('.', '_'),
                pack,
                "",
                true,
                null,
                new Rule.RuleTrigger(trigger, null, trigger),
                Fixture.json(criteria),
                new Rule.RuleAction("core.local", Fixture.json("{'cmd': '" + cmd + "'}")),
                null,
                null,
                "");
        return store.store(Kinds.RULE).insert(rule);
    }
}
