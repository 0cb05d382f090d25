package io.reflex.rulesengine.timers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import io.reflex.core.model.Rule;
import io.reflex.core.model.Trigger;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Timer triggers and rules as the registrar stores them, and helpers to read schedules in tests. */
final class TimerFixtures {
    private TimerFixtures() {}

    static ObjectNode json(String text) {
        return (ObjectNode) Json.tree(Json.read(text.replace('\'', '"'), Object.class));
    }

    /** A Trigger of timer type {@code type} named by a UUID in pack core, as TriggerResolver creates them. */
    static Trigger trigger(String type, String parameters) {
        return new Trigger(Ids.newId(), UUID.randomUUID().toString(), "core", type, json(parameters), "");
    }

    static Trigger storeTrigger(StateStore store, String type, String parameters) {
        return store.store(Kinds.TRIGGER).insert(trigger(type, parameters));
    }

    /** A rule on {@code trigger} (resolved: {@code trigger.ref} set), enabled or not. */
    static Rule rule(StateStore store, Trigger trigger, boolean enabled) {
        Rule rule = new Rule(
                Ids.newId(),
                "timer_rule_" + Ids.newId(),
                "examples",
                "",
                enabled,
                null,
                new Rule.RuleTrigger(trigger.type(), trigger.parameters(), trigger.ref()),
                null,
                new Rule.RuleAction("core.local", json("{'cmd': 'date'}")),
                null,
                null,
                "");
        return store.store(Kinds.RULE).insert(rule);
    }

    static Rule withEnabled(Rule r, boolean enabled) {
        return new Rule(
                r.id(),
                r.name(),
                r.pack(),
                r.description(),
                enabled,
                r.type(),
                r.trigger(),
                r.criteria(),
                r.action(),
                r.context(),
                r.tags(),
                r.metadataFile());
    }

    static Schedule schedule(String type, String parameters) {
        return Schedules.of(type, json(parameters), ZoneId.of("UTC"));
    }

    /** The first {@code n} points strictly after {@code after}. */
    static List<Instant> points(Schedule s, Instant after, int n) {
        List<Instant> out = new ArrayList<>();
        Instant cursor = after;
        for (int i = 0; i < n; i++) {
            Optional<Instant> next = s.next(cursor);
            if (next.isEmpty()) {
                break;
            }
            cursor = next.get();
            out.add(cursor);
        }
        return out;
    }

    static Instant at(String iso) {
        return java.time.OffsetDateTime.parse(iso).toInstant();
    }
}
