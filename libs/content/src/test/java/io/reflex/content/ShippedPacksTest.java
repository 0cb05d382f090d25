package io.reflex.content;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.model.Rule;
import io.reflex.core.model.Trigger;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.testing.InMemoryStateStore;
import io.reflex.testing.StackStormTriggerTypes;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packs Reflex ships load without a single error and register completely. */
class ShippedPacksTest {
    static final Path PACKS = Path.of("../../packs");

    @TempDir
    Path configs;

    @Test
    void everyShippedPackLoadsCleanly() {
        List<LoadedPack> packs = new PackLoader(configs).loadAll(PACKS);
        assertThat(packs).extracting(LoadedPack::ref).containsExactly("chatops", "core", "examples");
        for (LoadedPack p : packs) {
            assertThat(p.errors()).as(p.ref()).isEmpty();
        }
        LoadedPack core = packs.get(1);
        assertThat(core.actions())
                .extracting(a -> a.name())
                .containsExactlyInAnyOrder(
                        "local",
                        "local_sudo",
                        "echo",
                        "error",
                        "noop",
                        "http",
                        "remote",
                        "remote_sudo",
                        "announcement",
                        "ask",
                        "inject_trigger",
                        "pause",
                        "uuid",
                        "sendmail");
        // the system trigger types are the engine's, not the pack's
        assertThat(core.triggerTypes()).isEmpty();
        assertThat(Catalogue.systemTriggerTypes())
                .extracting(t -> t.ref())
                .containsExactlyInAnyOrderElementsOf(StackStormTriggerTypes.ALL);
    }

    @Test
    void examplesHoldOneOfEachContentType() {
        LoadedPack ex = new PackLoader(configs).load(PACKS.resolve("examples"));
        assertThat(ex.actions())
                .extracting(a -> a.runnerType())
                .contains("local-shell-script", "python-script", "action-chain");
        assertThat(ex.rules())
                .extracting(r -> r.trigger().type())
                .contains("core.st2.webhook", "core.st2.IntervalTimer");
        assertThat(ex.sensors()).hasSize(1);
        assertThat(ex.triggerTypes()).extracting(t -> t.ref()).containsExactly("examples.tick");
        assertThat(ex.policies()).hasSize(1);
        assertThat(ex.aliases()).hasSize(2);
        assertThat(ex.config().get("greeting").asText()).isEqualTo("Hello");
    }

    @Test
    void registeringAllShippedPacksResolvesEveryReference() {
        InMemoryStateStore store = new InMemoryStateStore();
        List<RegistrationResult> results = new PackRegistration(store, PACKS, configs, Clock.systemUTC()).registerAll();
        for (RegistrationResult r : results) {
            assertThat(r.errors()).as(r.pack()).isEmpty();
            assertThat(r.changed()).isTrue();
        }
        assertThat(store.store(Kinds.RUNNER_TYPE).count(Filter.all()))
                .isEqualTo(Catalogue.runnerTypes().size());
        assertThat(store.store(Kinds.POLICY_TYPE).count(Filter.all())).isEqualTo(3);
        Rule hook = store.store(Kinds.RULE)
                .findOne(Filter.eq("ref", "examples.greet_on_webhook"))
                .orElseThrow();
        Trigger trigger = store.store(Kinds.TRIGGER)
                .findOne(Filter.eq("ref", hook.trigger().ref()))
                .orElseThrow();
        assertThat(trigger.type()).isEqualTo("core.st2.webhook");
        assertThat(trigger.parameters().get("url").asText()).isEqualTo("greet");
        assertThat(trigger.pack()).isEqualTo("core");
        assertThat(store.store(Kinds.TRIGGER).findOne(Filter.eq("ref", "core.st2.generic.notifytrigger")))
                .isPresent();
    }
}
