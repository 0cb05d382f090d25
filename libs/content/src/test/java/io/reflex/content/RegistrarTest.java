package io.reflex.content;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.model.Action;
import io.reflex.core.model.Pack;
import io.reflex.core.model.Rule;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.testing.InMemoryStateStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistrarTest {
    @TempDir
    Path root;

    PackFixture fx;
    InMemoryStateStore store;
    PackRegistration registration;

    @BeforeEach
    void setUp() {
        fx = new PackFixture(root);
        store = new InMemoryStateStore();
        registration = fx.registrationOverShippedCore(store);
        fx.manifest("demo")
                .action("demo", "a", "uptime")
                .action("demo", "b", "date")
                .file("demo/rules/r.yaml", """
                name: r
                enabled: true
                trigger:
                  type: core.st2.IntervalTimer
                  parameters: {unit: seconds, delta: 5}
                action:
                  ref: demo.a
                """);
    }

    private RegistrationResult register() {
        return registration.register(List.of("demo")).get(0);
    }

    private List<Action> actions() {
        return store.store(Kinds.ACTION).find(Query.of(Filter.eq("pack", "demo")));
    }

    @Test
    void registeringTheSameContentTwiceChangesNothing() {
        RegistrationResult first = register();
        List<Action> before = actions();
        long triggers = store.store(Kinds.TRIGGER).count(Filter.all());

        RegistrationResult second = register();

        assertThat(first.changed()).isTrue();
        assertThat(second.changed()).isFalse();
        assertThat(second.contentHash()).isEqualTo(first.contentHash());
        assertThat(actions()).containsExactlyInAnyOrderElementsOf(before);
        assertThat(store.store(Kinds.TRIGGER).count(Filter.all())).isEqualTo(triggers);
    }

    private Rule rule() {
        return store.store(Kinds.RULE).findOne(Filter.eq("name", "r")).orElseThrow();
    }

    private void operatorSets(boolean enabled) {
        store.store(Kinds.RULE).replace(rule().withEnabled(enabled));
    }

    @Test
    void anOperatorsRuleDisableSurvivesReRegistrationOfTheChangedPack() {
        register();
        operatorSets(false);

        fx.action("demo", "a", "hostname"); // another file of the pack changes: the pack is written again
        RegistrationResult r = register();

        assertThat(r.changed()).isTrue();
        assertThat(rule().enabled()).isFalse();
    }

    @Test
    void aRuleFileWhoseOwnEnabledChangedWinsOverTheOperator() {
        fx.file("demo/rules/r.yaml", """
                name: r
                enabled: false
                trigger:
                  type: core.st2.IntervalTimer
                  parameters: {unit: seconds, delta: 5}
                action:
                  ref: demo.a
                """);
        register();
        operatorSets(true);
        fx.action("demo", "a", "hostname");
        register();
        assertThat(rule().enabled())
                .as("file unchanged: the operator's enable stays")
                .isTrue();

        operatorSets(false);
        fx.file("demo/rules/r.yaml", """
                name: r
                enabled: true
                description: now on
                trigger:
                  type: core.st2.IntervalTimer
                  parameters: {unit: seconds, delta: 5}
                action:
                  ref: demo.a
                """);
        register();
        assertThat(rule().enabled())
                .as("the file's own enabled changed: the file wins")
                .isTrue();
    }

    @Test
    void changedItemsAreUpdatedInPlaceAndKeepTheirIds() {
        register();
        Action a = store.store(Kinds.ACTION).findOne(Filter.eq("ref", "demo.a")).orElseThrow();

        fx.action("demo", "a", "hostname");
        RegistrationResult r = register();

        Action after =
                store.store(Kinds.ACTION).findOne(Filter.eq("ref", "demo.a")).orElseThrow();
        assertThat(r.changed()).isTrue();
        assertThat(after.id()).isEqualTo(a.id());
        assertThat(after.parameters().at("/cmd/default").asText()).isEqualTo("hostname");
        Pack pack = store.store(Kinds.PACK).findOne(Filter.eq("ref", "demo")).orElseThrow();
        assertThat(pack.contentHash()).isEqualTo(r.contentHash());
    }

    @Test
    void itemsRemovedFromThePackAreUnregistered() {
        register();
        fx.delete("demo/actions/b.yaml");
        register();
        assertThat(actions()).extracting(Action::name).containsExactly("a");
    }

    @Test
    void anInvalidItemKeepsItsPreviousVersionWhileTheValidItemsUpdate() {
        RegistrationResult good = register();
        fx.file("demo/actions/b.yaml", "name: b\nrunner_type: nope\n");
        fx.action("demo", "a", "whoami");

        RegistrationResult bad = register();

        assertThat(bad.rejected()).isFalse();
        assertThat(bad.errors())
                .extracting(ContentError::toString)
                .singleElement()
                .asString()
                .startsWith("packs/demo/actions/b.yaml:2:14: unknown runner type 'nope'");
        assertThat(bad.contentHash()).isNotEqualTo(good.contentHash());
        assertThat(actions()).extracting(Action::name).containsExactlyInAnyOrder("a", "b");
        assertThat(store.store(Kinds.ACTION)
                        .findOne(Filter.eq("ref", "demo.b"))
                        .orElseThrow()
                        .runnerType())
                .isEqualTo("local-shell-cmd");
        assertThat(store.store(Kinds.ACTION)
                        .findOne(Filter.eq("ref", "demo.a"))
                        .orElseThrow()
                        .parameters()
                        .at("/cmd/default")
                        .asText())
                .isEqualTo("whoami");
    }

    @Test
    void theErrorsOfAnInvalidItemAreReportedOnEveryRegistrationAndKeptOnThePack() {
        register();
        fx.file("demo/actions/b.yaml", "name: b\nrunner_type: nope\n");
        register();

        RegistrationResult again = register();

        assertThat(again.errors())
                .extracting(ContentError::toString)
                .singleElement()
                .asString()
                .startsWith("packs/demo/actions/b.yaml:2:14: unknown runner type 'nope'");
        assertThat(store.store(Kinds.PACK)
                        .findOne(Filter.eq("ref", "demo"))
                        .orElseThrow()
                        .errors())
                .singleElement()
                .asString()
                .startsWith("packs/demo/actions/b.yaml:2:14:");

        fx.file("demo/actions/b.yaml", "name: b\nrunner_type: noop\n");
        RegistrationResult fixed = register();

        assertThat(fixed.errors()).isEmpty();
        assertThat(store.store(Kinds.PACK)
                        .findOne(Filter.eq("ref", "demo"))
                        .orElseThrow()
                        .errors())
                .isEmpty();
    }

    @Test
    void parameterisedTriggersAreCreatedOncePerParameterSet() {
        fx.file("demo/rules/r2.yaml", """
                name: r2
                trigger:
                  type: core.st2.IntervalTimer
                  parameters: {delta: 5, unit: seconds}
                action:
                  ref: demo.b
                """).file("demo/rules/r3.yaml", """
                name: r3
                trigger:
                  type: core.st2.IntervalTimer
                  parameters: {unit: minutes, delta: 1}
                action:
                  ref: demo.b
                """);
        register();
        List<Rule> rules = store.store(Kinds.RULE).find(Query.of(Filter.eq("pack", "demo")));
        Rule r = rules.stream().filter(x -> x.name().equals("r")).findFirst().orElseThrow();
        Rule r2 = rules.stream().filter(x -> x.name().equals("r2")).findFirst().orElseThrow();
        Rule r3 = rules.stream().filter(x -> x.name().equals("r3")).findFirst().orElseThrow();
        assertThat(r.trigger().ref())
                .startsWith("core.")
                .isEqualTo(r2.trigger().ref())
                .isNotEqualTo(r3.trigger().ref());
        assertThat(store.store(Kinds.TRIGGER).count(Filter.eq("type", "core.st2.IntervalTimer")))
                .isEqualTo(2);
    }

    @Test
    void packConfigIsValidatedAndDefaultsApplied() {
        fx.file("demo/config.schema.yaml", """
                region: {type: string, default: us-east-1}
                api_key: {type: string, required: true, secret: true}
                retries: {type: integer, default: 3}
                """);
        fx.file("../configs/demo.yaml", "api_key: abc\nretries: many\n");
        RegistrationResult r = register();
        assertThat(r.errors())
                .extracting(ContentError::toString)
                .singleElement()
                .asString()
                .startsWith(root.resolve("configs/demo.yaml") + ":2:10: config key 'retries':");

        fx.file("../configs/demo.yaml", "api_key: abc\n");
        register();
        var config = store.store(Kinds.PACK_CONFIG)
                .findOne(Filter.eq("pack", "demo"))
                .orElseThrow();
        assertThat(config.values().get("region").asText()).isEqualTo("us-east-1");
        assertThat(config.values().get("retries").asInt()).isEqualTo(3);
        assertThat(config.values().get("api_key").asText()).isEqualTo("abc");
    }

    @Test
    void overridesChangeOnlyEnabled() {
        fx.file(
                "overrides/demo.yaml",
                "actions:\n  defaults: {enabled: false}\n  exceptions:\n    a: {enabled: true}\n");
        register();
        assertThat(actions())
                .extracting(Action::name, Action::enabled)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("a", true),
                        org.assertj.core.groups.Tuple.tuple("b", false));
    }
}
