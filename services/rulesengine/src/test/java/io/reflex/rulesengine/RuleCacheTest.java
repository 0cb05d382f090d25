package io.reflex.rulesengine;

import static io.reflex.rulesengine.Fixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.model.ContentStamp;
import io.reflex.core.model.Rule;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.executions.ActionResolver;
import io.reflex.rulesengine.RuleCache.TriggerRules;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RuleCacheTest {
    final Fixture f = new Fixture();
    final AtomicLong now = new AtomicLong();
    final RuleCache cache = new RuleCache(f.store, new ActionResolver(f.store), Duration.ofSeconds(2), now::get);

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void rulesAreReusedWithinTheTtlAndReadAgainAfterIt() {
        f.rule("first", "{}", "{'cmd': 'true'}");
        assertThat(cache.forTrigger(Fixture.TRIGGER).rules())
                .extracting(Rule::name)
                .containsExactly("first");

        f.ruleBehindReflex("second", "{}", "{'cmd': 'true'}");
        now.addAndGet(Duration.ofMillis(1999).toNanos());
        assertThat(cache.forTrigger(Fixture.TRIGGER).rules()).hasSize(1);

        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(cache.forTrigger(Fixture.TRIGGER).rules())
                .extracting(Rule::name)
                .containsExactlyInAnyOrder("first", "second");
    }

    @Test
    void aRuleWrittenThroughTheStoreAppliesToTheNextLookupWithinTheTtl() {
        f.rule("first", "{}", "{'cmd': 'true'}");
        assertThat(cache.forTrigger(Fixture.TRIGGER).rules()).hasSize(1);

        f.rule("second", "{}", "{'cmd': 'true'}");
        assertThat(cache.forTrigger(Fixture.TRIGGER).rules())
                .extracting(Rule::name)
                .containsExactlyInAnyOrder("first", "second");
        f.store.store(Kinds.RULE).delete(Ids.derived("rule", "first"));
        assertThat(cache.forTrigger(Fixture.TRIGGER).rules())
                .extracting(Rule::name)
                .containsExactly("second");
    }

    @Test
    void aRenewedStampAppliesAnEditBehindReflexToTheNextLookupWithinTheTtl() {
        f.rule("first", "{}", "{'cmd': 'true'}");
        assertThat(cache.forTrigger(Fixture.TRIGGER).rules()).hasSize(1);

        f.ruleBehindReflex("second", "{}", "{'cmd': 'true'}");
        assertThat(cache.forTrigger(Fixture.TRIGGER).rules())
                .as("without a renewal the cached rules stay for the ttl")
                .hasSize(1);
        ContentStamp.renew(f.store);
        assertThat(cache.forTrigger(Fixture.TRIGGER).rules())
                .extracting(Rule::name)
                .containsExactlyInAnyOrder("first", "second");
    }

    @Test
    void rulesLoadedUnderTheStampADispatchCarriesServeItWithoutAReadAndAnyOtherStampIsRead() {
        f.rule("first", "{}", "{'cmd': 'true'}");
        String sent = cache.forTrigger(Fixture.TRIGGER).stamp();

        f.ruleBehindReflex("second", "{}", "{'cmd': 'true'}");
        ContentStamp.renew(f.store);
        assertThat(cache.forTrigger(Fixture.TRIGGER, sent).rules())
                .as("the sender read its stamp before the renewal: what was loaded under it serves")
                .extracting(Rule::name)
                .containsExactly("first");

        String renewed = ContentStamp.current(f.store);
        TriggerRules reloaded = cache.forTrigger(Fixture.TRIGGER, renewed);
        assertThat(reloaded.rules()).extracting(Rule::name).containsExactlyInAnyOrder("first", "second");
        assertThat(reloaded.stamp()).isEqualTo(renewed);
        assertThat(cache.forTrigger(Fixture.TRIGGER, sent).rules())
                .as("a stamp other than the one loaded under is read from the store")
                .hasSize(2);

        f.ruleBehindReflex("third", "{}", "{'cmd': 'true'}");
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(cache.forTrigger(Fixture.TRIGGER, renewed).rules())
                .as("the ttl bounds what a carried stamp serves too")
                .hasSize(3);
    }

    @Test
    void theActionsTheRulesRunAreResolvedWithThemAndAChangeAppliesOnceTheStampIsRenewed() {
        Rule local = f.rule("local", "{}", "{'cmd': 'true'}");
        Rule missing = f.rule("missing", "standard", Fixture.TRIGGER, "{}", "examples.gone", "{}");

        TriggerRules rules = cache.forTrigger(Fixture.TRIGGER);
        assertThat(rules.action(local)).hasValueSatisfying(a -> {
            assertThat(a.action().ref()).isEqualTo("core.local");
            assertThat(a.action().enabled()).isTrue();
            assertThat(a.runnerName()).isEqualTo("local-shell-cmd");
            assertThat(a.runner().id()).as("the runner type as registered").isNotEmpty();
            assertThat(a.parameterSchema().has("cmd")).isTrue();
        });
        assertThat(rules.action(missing)).as("not registered").isEmpty();

        f.store.behindReflex(Kinds.ACTION).replace(Fixture.localAction(false));
        assertThat(enabled(local))
                .as("an edit behind Reflex: without a renewal the cached action stays for the ttl")
                .isTrue();
        ContentStamp.renew(f.store);
        assertThat(enabled(local)).isFalse();

        f.store.store(Kinds.ACTION).replace(Fixture.localAction(true));
        assertThat(enabled(local))
                .as("a write through the store renews the stamp")
                .isTrue();
    }

    private boolean enabled(Rule rule) {
        return cache.forTrigger(Fixture.TRIGGER)
                .action(rule)
                .orElseThrow()
                .action()
                .enabled();
    }

    @Test
    void onlyEnabledRulesOfThatTriggerAreLoadedWithTheTriggerRecords() {
        f.rule("mine", "{}", "{'cmd': 'true'}");
        f.rule("other", "standard", "examples.other", "{}", "core.local", "{}");
        Rule off = f.rule("off", "{}", "{}");
        f.store
                .store(Kinds.RULE)
                .replace(new Rule(
                        off.id(),
                        off.name(),
                        off.pack(),
                        "",
                        false,
                        off.type(),
                        off.trigger(),
                        off.criteria(),
                        off.action(),
                        null,
                        null,
                        ""));

        TriggerRules rules = cache.forTrigger(Fixture.TRIGGER);

        assertThat(rules.rules()).extracting(Rule::name).containsExactly("mine");
        assertThat(rules.triggerRecord().ref()).isEqualTo(Fixture.TRIGGER);
        assertThat(rules.triggerType().ref()).isEqualTo(Fixture.TRIGGER);
    }

    @Test
    void aRuleWithoutResolvedTriggerListensToItsParameterlessTypeOnly() {
        Rule unresolved = rule(new Rule.RuleTrigger(Fixture.TRIGGER, null, null));
        Rule parameterised = rule(new Rule.RuleTrigger("core.st2.webhook", json("{'url': 'x'}"), null));
        Rule resolved = rule(new Rule.RuleTrigger("core.st2.webhook", json("{'url': 'x'}"), "core.1234"));

        assertThat(TriggerRules.listensTo(unresolved, Fixture.TRIGGER)).isTrue();
        assertThat(TriggerRules.listensTo(parameterised, "core.st2.webhook")).isFalse();
        assertThat(TriggerRules.listensTo(resolved, "core.1234")).isTrue();
        assertThat(TriggerRules.listensTo(resolved, "core.st2.webhook")).isFalse();
    }

    private static Rule rule(Rule.RuleTrigger trigger) {
        return new Rule(
                Ids.newId(),
                "r",
                "p",
                "",
                true,
                null,
                trigger,
                null,
                new Rule.RuleAction("core.local", null),
                null,
                null,
                "");
    }
}
