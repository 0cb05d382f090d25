package io.reflex.content;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.model.Rule;
import io.reflex.core.model.TriggerType;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.testing.InMemoryStateStore;
import io.reflex.testing.StackStormTriggerTypes;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemTriggerTypesTest {
    @TempDir
    Path root;

    PackFixture fx;
    InMemoryStateStore store;
    PackRegistration registration;

    @BeforeEach
    void setUp() {
        fx = new PackFixture(root);
        store = new InMemoryStateStore();
        registration = new PackRegistration(store, fx.packs, root.resolve("configs"), Clock.systemUTC());
        fx.manifest("core").action("core", "local", "uptime");
    }

    private TriggerType type(String ref) {
        return store.store(Kinds.TRIGGER_TYPE).findOne(Filter.eq("ref", ref)).orElseThrow();
    }

    private RegistrationResult register(String pack) {
        return registration.register(List.of(pack)).get(0);
    }

    @Test
    void theCatalogueRegistersEverySystemTriggerTypeWithoutAnyPack() {
        new PackRegistration(store, root.resolve("missing"), root.resolve("configs"), Clock.systemUTC())
                .registerCatalogue();

        assertThat(Catalogue.systemTriggerTypes()).hasSize(14);
        for (TriggerType t : Catalogue.systemTriggerTypes()) {
            assertThat(type(t.ref())).isEqualTo(t);
            assertThat(t.pack()).isEqualTo("core");
            assertThat(t.metadataFile()).isEmpty();
        }
        for (String ref : StackStormTriggerTypes.PARAMETERLESS) {
            assertThat(store.store(Kinds.TRIGGER).findOne(Filter.eq("ref", ref)))
                    .as(ref)
                    .isPresent();
        }
        assertThat(type("core.st2.webhook")
                        .parametersSchema()
                        .at("/properties/url/required")
                        .asBoolean())
                .isTrue();
        assertThat(type("core.st2.IntervalTimer")
                        .payloadSchema()
                        .at("/properties/executed_at/default")
                        .asText())
                .isEqualTo("2014-07-30 05:04:24.578325");
    }

    @Test
    void aCorePackWithoutTriggersKeepsTheSystemTypesAcrossRegistrations() {
        assertThat(register("core").errors()).isEmpty();
        fx.action("core", "noop", "true");
        assertThat(register("core").changed()).isTrue();

        for (TriggerType t : Catalogue.systemTriggerTypes()) {
            assertThat(type(t.ref())).isEqualTo(t);
        }
    }

    @Test
    void aCorePackFileDefiningASystemTypeIsIgnoredWithAWarning() {
        fx.file("core/triggers/webhook.yaml", """
                name: st2.webhook
                description: an older definition
                payload_schema: {type: object, properties: {body: {type: string}}}
                """);

        RegistrationResult r = register("core");

        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings())
                .extracting(ContentError::message)
                .anySatisfy(m -> assertThat(m).contains("'core.st2.webhook' is built into the engine"));
        assertThat(type("core.st2.webhook"))
                .isEqualTo(Catalogue.systemTriggerType("core.st2.webhook").orElseThrow());

        fx.delete("core/triggers/webhook.yaml");
        register("core");
        assertThat(type("core.st2.webhook").description()).startsWith("Trigger type for registering webhooks");
    }

    @Test
    void anOlderStoredDefinitionIsReplacedInPlace() {
        TriggerType system = Catalogue.systemTriggerType("core.st2.webhook").orElseThrow();
        store.store(Kinds.TRIGGER_TYPE)
                .insert(new TriggerType(
                        "older-id", system.name(), "core", "older", null, null, null, "triggers/webhook.yaml"));

        registration.registerCatalogue();

        TriggerType stored = type("core.st2.webhook");
        assertThat(stored.id()).isEqualTo("older-id");
        assertThat(stored.description()).isEqualTo(system.description());
        assertThat(stored.metadataFile()).isEmpty();
    }

    @Test
    void rulesOnSystemTypesResolveAndTheirParametersAreCheckedAsStackStormDoes() {
        register("core");
        fx.manifest("demo")
                .action("demo", "a", "uptime")
                .file("demo/rules/hook.yaml", """
                name: hook
                trigger: {type: core.st2.webhook, parameters: {url: demo}}
                action: {ref: demo.a}
                """)
                .file("demo/rules/nourl.yaml", """
                name: nourl
                trigger: {type: core.st2.webhook, parameters: {}}
                action: {ref: demo.a}
                """)
                .file("demo/rules/once.yaml", """
                name: once
                trigger: {type: core.st2.DateTimer, parameters: {date: "2014-12-31 23:59:59"}}
                action: {ref: demo.a}
                """)
                .file("demo/rules/done.yaml", """
                name: done
                trigger: {type: core.st2.generic.actiontrigger}
                action: {ref: demo.a}
                """);

        RegistrationResult r = register("demo");

        assertThat(r.errors())
                .singleElement()
                .satisfies(e ->
                        assertThat(e.message()).contains("rule 'demo.nourl'").contains("'url'"));
        Rule hook =
                store.store(Kinds.RULE).findOne(Filter.eq("ref", "demo.hook")).orElseThrow();
        assertThat(store.store(Kinds.TRIGGER)
                        .findOne(Filter.eq("ref", hook.trigger().ref())))
                .get()
                .satisfies(t -> assertThat(t.type()).isEqualTo("core.st2.webhook"));
        assertThat(store.store(Kinds.RULE).findOne(Filter.eq("ref", "demo.once")))
                .isPresent();
        assertThat(store.store(Kinds.RULE).findOne(Filter.eq("ref", "demo.done")))
                .get()
                .satisfies(rule -> assertThat(rule.trigger().ref()).isEqualTo("core.st2.generic.actiontrigger"));
    }

    @Test
    void unregisteringCoreKeepsTheBuiltInTypesAndTheirTriggers() {
        fx.file("core/triggers/own.yaml", "name: own\n");
        register("core");
        fx.manifest("demo").action("demo", "a", "uptime").file("demo/rules/hook.yaml", """
                name: hook
                trigger: {type: core.st2.webhook, parameters: {url: demo}}
                action: {ref: demo.a}
                """);
        register("demo");
        Rule hook =
                store.store(Kinds.RULE).findOne(Filter.eq("ref", "demo.hook")).orElseThrow();

        PackRemoval.unregister(store, "core");

        assertThat(store.store(Kinds.TRIGGER_TYPE).findOne(Filter.eq("ref", "core.own")))
                .isEmpty();
        assertThat(store.store(Kinds.TRIGGER).findOne(Filter.eq("ref", "core.own")))
                .isEmpty();
        for (TriggerType t : Catalogue.systemTriggerTypes()) {
            assertThat(type(t.ref())).isEqualTo(t);
        }
        assertThat(store.store(Kinds.TRIGGER)
                        .findOne(Filter.eq("ref", hook.trigger().ref())))
                .isPresent();
        assertThat(store.store(Kinds.TRIGGER).findOne(Filter.eq("ref", "core.st2.generic.inquiry")))
                .isPresent();
    }
}
