package io.reflex.rulesengine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.content.Catalogue;
import io.reflex.core.bus.Subscription;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.ExecutionCompleted;
import io.reflex.core.messages.Channels.TriggerDispatch;
import io.reflex.core.model.Action;
import io.reflex.core.model.KeyValuePair;
import io.reflex.core.model.Rule;
import io.reflex.core.model.Trigger;
import io.reflex.core.model.TriggerType;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.templates.TemplateLimits;
import io.reflex.testing.InMemoryEventBus;
import io.reflex.testing.InMemoryStateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The rules engine over in-memory fakes, with StackStorm's runner types, {@code core.local}, a
 * parameterless trigger {@code examples.sample} and the webhook trigger type registered; it records the
 * execution requests and completions the engine publishes.
 */
final class Fixture implements AutoCloseable {
    static final String TRIGGER = "examples.sample";

    final InMemoryStateStore store = new InMemoryStateStore();
    final InMemoryEventBus bus = new InMemoryEventBus();
    final List<String> requested = new CopyOnWriteArrayList<>();
    final List<Channels.ExecutionRequested> requests = new CopyOnWriteArrayList<>();
    final List<ExecutionCompleted> completed = new CopyOnWriteArrayList<>();
    final TriggerInstanceProcessor processor;
    private final List<Subscription> subscriptions;

    Fixture(Duration rulesCacheTtl) {
        Catalogue.runnerTypes().forEach(store.store(Kinds.RUNNER_TYPE)::insert);
        store.store(Kinds.ACTION).insert(localAction(true));
        TriggerType type = new TriggerType(Ids.derived("tt", TRIGGER), "sample", "examples", "", null, null, null, "");
        store.store(Kinds.TRIGGER_TYPE).insert(type);
        store.store(Kinds.TRIGGER)
                .insert(new Trigger(Ids.derived("t", TRIGGER), "sample", "examples", TRIGGER, null, "a sample"));
        processor = RulesEngine.processor(
                store,
                bus,
                Clock.systemUTC(),
                new RulesEngine.Settings(
                        "stanley",
                        rulesCacheTtl,
                        Path.of("/nonexistent/datastore_key.json"),
                        null,
                        TemplateLimits.DEFAULTS));
        subscriptions = List.of(
                bus.consume(Channels.EXECUTIONS_REQUESTED, 8, d -> {
                    requested.add(d.body().executionId());
                    requests.add(d.body());
                }),
                bus.consume(Channels.EXECUTIONS_COMPLETED, 8, d -> completed.add(d.body())));
    }

    Fixture() {
        this(Duration.ZERO);
    }

    static ObjectNode json(String text) {
        return (ObjectNode) Json.tree(Json.read(text.replace('\'', '"'), Object.class));
    }

    static Action localAction(boolean enabled) {
        return new Action(
                Ids.derived("action", "core.local"),
                "local",
                "core",
                "Run a shell command",
                enabled,
                "",
                "local-shell-cmd",
                json("{'cmd': {'type': 'string', 'required': true}, 'sudo': {'immutable': true}}"),
                null,
                null,
                null,
                "actions/local.yaml");
    }

    Rule rule(String name, String criteria, String parameters) {
        return rule(name, "standard", TRIGGER, criteria, "core.local", parameters);
    }

    Rule rule(String name, String type, String trigger, String criteria, String action, String parameters) {
        return store.store(Kinds.RULE).save(newRule(name, type, trigger, criteria, action, parameters));
    }

    /** A rule written as a database edit would write it: no content stamp renewed. */
    Rule ruleBehindReflex(String name, String criteria, String parameters) {
        return store.behindReflex(Kinds.RULE)
                .save(newRule(name, "standard", TRIGGER, criteria, "core.local", parameters));
    }

    private static Rule newRule(
            String name, String type, String trigger, String criteria, String action, String parameters) {
        return new Rule(
                Ids.derived("rule", name),
                name,
                "examples",
                "",
                true,
                new Rule.RuleTypeRef(type, null),
                new Rule.RuleTrigger(trigger, null, trigger),
                json(criteria),
                new Rule.RuleAction(action, json(parameters)),
                null,
                null,
                "");
    }

    void kv(String name, String value) {
        store.store(Kinds.KEY_VALUE_PAIR)
                .insert(new KeyValuePair(Ids.newId(), name, value, false, KeyValuePair.SYSTEM, null));
    }

    static TriggerDispatch dispatch(String trigger, String payload) {
        return new TriggerDispatch(Ids.newId(), trigger, json(payload), Timestamps.now(), "webhook-sample-1");
    }

    TriggerInstanceProcessor.Handled process(String payload) {
        return processor.process(dispatch(TRIGGER, payload));
    }

    @Override
    public void close() {
        subscriptions.forEach(Subscription::close);
        bus.close();
        store.close();
    }
}
