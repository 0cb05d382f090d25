package io.reflex.content;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.json.Json;
import io.reflex.core.model.ContentStamp;
import io.reflex.core.model.Trigger;
import io.reflex.core.model.TriggerType;
import io.reflex.core.store.Kinds;
import io.reflex.testing.InMemoryStateStore;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Triggers and trigger types served from memory while the content stamp holds. */
class TriggerCatalogueTest {
    final InMemoryStateStore store = new InMemoryStateStore();
    final AtomicLong clock = new AtomicLong();
    final TriggerCatalogue catalogue = new TriggerCatalogue(store, Duration.ofSeconds(10), clock::get);

    private void type(String name) {
        store.store(Kinds.TRIGGER_TYPE).save(new TriggerType("tt-" + name, name, "core", null, null, null, null, null));
    }

    private void trigger(String name, String url) {
        store.store(Kinds.TRIGGER)
                .save(new Trigger(
                        "t-" + name,
                        name,
                        "core",
                        "core.st2.webhook",
                        Json.object().put("url", url),
                        null));
    }

    @Test
    void findsTheTriggersOfATypeByNameAndTheTypeOfATypeRefOrATriggerRef() {
        type("st2.webhook");
        trigger("b", "hook-b");
        trigger("a", "hook-a");
        assertThat(catalogue.ofType("core.st2.webhook"))
                .extracting(Trigger::name)
                .containsExactly("a", "b");
        assertThat(catalogue.typeOf("core.st2.webhook")).map(TriggerType::name).contains("st2.webhook");
        assertThat(catalogue.typeOf("core.a")).map(TriggerType::name).contains("st2.webhook");
        assertThat(catalogue.typeOf("core.missing")).isEmpty();
        assertThat(catalogue.ofType("core.other")).isEmpty();
    }

    @Test
    void aWriteThroughTheStoreIsSeenByTheNextLookup() {
        type("st2.webhook");
        trigger("a", "hook-a");
        assertThat(catalogue.ofType("core.st2.webhook")).hasSize(1);
        trigger("b", "hook-b");
        assertThat(catalogue.ofType("core.st2.webhook")).hasSize(2);
        store.store(Kinds.TRIGGER).delete("t-a");
        assertThat(catalogue.ofType("core.st2.webhook"))
                .extracting(Trigger::name)
                .containsExactly("b");
    }

    @Test
    void anEditBehindReflexIsSeenOnceTheStampIsRenewedAndNotBefore() {
        type("st2.webhook");
        trigger("a", "hook-a");
        assertThat(catalogue.ofType("core.st2.webhook")).hasSize(1);
        store.behindReflex(Kinds.TRIGGER).delete("t-a");
        assertThat(catalogue.ofType("core.st2.webhook"))
                .as("no renewal, within the ttl: the snapshot is reused")
                .hasSize(1);
        ContentStamp.renew(store);
        assertThat(catalogue.ofType("core.st2.webhook")).isEmpty();
    }

    @Test
    void aWriteBehindReflexIsSeenAfterTheTtl() {
        type("st2.webhook");
        assertThat(catalogue.ofType("core.st2.webhook")).isEmpty();
        store.behindReflex(Kinds.TRIGGER)
                .save(new Trigger(
                        "t-a", "a", "core", "core.st2.webhook", Json.object().put("url", "hook-a"), null));
        clock.addAndGet(Duration.ofSeconds(9).toNanos());
        assertThat(catalogue.ofType("core.st2.webhook")).as("within the ttl").isEmpty();
        clock.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(catalogue.ofType("core.st2.webhook")).hasSize(1);
    }
}
