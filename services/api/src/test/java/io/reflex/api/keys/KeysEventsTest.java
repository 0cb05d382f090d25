package io.reflex.api.keys;

import static io.reflex.api.keys.KeysApiTest.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.api.ApiTestServer;
import io.reflex.core.bus.Subscription;
import io.reflex.core.coordination.Lease;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.TriggerDispatch;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.runtime.backend.Backends;
import io.reflex.testing.JsonHttp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What key writes do beyond the store: the datastore triggers on the bus, StackStorm's coordinator lock, and
 * the {@code user=} rule when RBAC is off. Talks to the api's own broker and coordinator.
 */
class KeysEventsTest {
    @TempDir
    static Path dir;

    static ApiTestServer api;
    static Backends backends;
    static String token;
    static final ConcurrentLinkedQueue<TriggerDispatch> dispatched = new ConcurrentLinkedQueue<>();
    static Subscription consumer;

    @BeforeAll
    static void start() throws Exception {
        api = ApiTestServer.start(dir);
        token = api.token("st2admin");
        backends = Backends.open(api.config(), "keys-events-test");
        consumer = backends.bus().consume(Channels.TRIGGER_INSTANCES, 16, d -> dispatched.add(d.body()));
    }

    @AfterAll
    static void stop() {
        consumer.close();
        backends.close();
        api.close();
    }

    /** The dispatches about {@code key} (other tests write other keys), in arrival order. */
    static List<TriggerDispatch> about(String key) {
        return dispatched.stream()
                .filter(d -> d.payload().toString().contains("\"" + key + "\""))
                .toList();
    }

    @Test
    void writesAndDeletesFireTheDatastoreTriggers() {
        api.put("/api/v1/keys/ev.k", token, body("ev.k", "one"));
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> about("ev.k").size() == 1);
        TriggerDispatch created = about("ev.k").get(0);
        assertThat(created.trigger()).isEqualTo("core.st2.key_value_pair.create");
        assertThat(created.triggerInstanceId()).hasSize(24);
        JsonNode object = created.payload().get("object");
        assertThat(object.get("name").asText()).isEqualTo("ev.k");
        assertThat(object.get("value").asText()).isEqualTo("one");
        assertThat(object.get("uid").asText()).isEqualTo("key_value_pair:st2kv.system:ev.k");

        api.put("/api/v1/keys/ev.k", token, body("ev.k", "two"));
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> about("ev.k").size() == 3);
        assertThat(about("ev.k").get(1).trigger()).isEqualTo("core.st2.key_value_pair.update");
        TriggerDispatch change = about("ev.k").get(2);
        assertThat(change.trigger()).isEqualTo("core.st2.key_value_pair.value_change");
        assertThat(change.payload().get("old_object").get("value").asText()).isEqualTo("one");
        assertThat(change.payload().get("new_object").get("value").asText()).isEqualTo("two");

        api.put("/api/v1/keys/ev.k", token, body("ev.k", "two"));
        api.delete("/api/v1/keys/ev.k", token);
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> about("ev.k").size() == 5);
        assertThat(about("ev.k").subList(3, 5))
                .extracting(TriggerDispatch::trigger)
                .as("the same value again is an update without a value change")
                .containsExactly("core.st2.key_value_pair.update", "core.st2.key_value_pair.delete");
    }

    @Test
    void triggerPayloadsNeverCarryASecretsPlaintext() {
        api.put("/api/v1/keys/ev.secret", token, body("ev.secret", "plaintext-xyz", "secret", true));
        api.put("/api/v1/keys/ev.secret", token, body("ev.secret", "plaintext-abc", "secret", true));
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> about("ev.secret").size() == 3);
        for (TriggerDispatch d : about("ev.secret")) {
            assertThat(d.payload().toString()).doesNotContain("plaintext-");
        }
        JsonNode created = about("ev.secret").get(0).payload().get("object");
        assertThat(created.get("secret").asBoolean()).isTrue();
        assertThat(created.get("encrypted").asBoolean()).isTrue();
    }

    @Test
    void userScopedTriggersShowTheOwner() {
        api.put("/api/v1/keys/ev.user", token, body("ev.user", "u", "scope", "user"));
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> about("ev.user").size() == 1);
        JsonNode object = about("ev.user").get(0).payload().get("object");
        assertThat(object.get("user").asText()).isEqualTo("st2admin");
        assertThat(object.get("scope").asText()).isEqualTo("st2kv.user");
    }

    @Test
    void writesWaitForStackStormsKeyLock() {
        Lease held = backends.coordinator()
                .lock("kvp-crud-st2kv.system.ev.locked", Duration.ofSeconds(10))
                .orElseThrow();
        CompletableFuture<JsonHttp.Response> put =
                CompletableFuture.supplyAsync(() -> api.put("/api/v1/keys/ev.locked", token, body("ev.locked", "v")));
        try {
            Awaitility.await()
                    .during(Duration.ofSeconds(1))
                    .atMost(Duration.ofSeconds(3))
                    .until(() -> !put.isDone() && !stored("ev.locked"));
        } finally {
            held.release();
        }
        assertThat(put.join().status()).isEqualTo(200);
        assertThat(stored("ev.locked")).isTrue();
    }

    @Test
    void withRbacOffNobodyMayNameAnotherUser() {
        var r = api.get("/api/v1/keys?user=someone", token);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("faultstring").asText())
                .isEqualTo("\"user\" attribute can only be provided by admins when RBAC is enabled");
        assertThat(api.get("/api/v1/keys?user=st2admin", token).status()).isEqualTo(200);
    }

    static boolean stored(String name) {
        return api.store().store(Kinds.KEY_VALUE_PAIR).count(Filter.eq("name", name)) > 0;
    }
}
