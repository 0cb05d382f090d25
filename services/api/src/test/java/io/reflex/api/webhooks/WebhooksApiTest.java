package io.reflex.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.api.ApiTestServer;
import io.reflex.api.executions.ExecutionsTestSupport;
import io.reflex.core.bus.Subscription;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.TriggerDispatch;
import io.reflex.core.model.ContentStamp;
import io.reflex.core.model.Trigger;
import io.reflex.core.model.TriggerInstance;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.rabbitmq.RabbitBusConfig;
import io.reflex.rabbitmq.RabbitEventBus;
import io.reflex.runtime.config.ConfigKeys;
import io.reflex.testing.JsonHttp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Webhooks and trigger instances over HTTP; dispatches observed on the bus with the test's own connection. */
class WebhooksApiTest {
    @TempDir
    static Path dir;

    static ApiTestServer api;
    static String token;
    static RabbitEventBus bus;
    static Subscription consumer;
    static final List<TriggerDispatch> dispatched = new CopyOnWriteArrayList<>();
    static Trigger greet;

    @BeforeAll
    static void start() throws Exception {
        api = ApiTestServer.start(dir);
        token = api.token("st2admin");
        bus = RabbitEventBus.connect(
                RabbitBusConfig.defaults(api.config().get(ConfigKeys.BUS_URI).toString()));
        consumer = bus.consume(Channels.TRIGGER_INSTANCES, 10, d -> dispatched.add(d.body()));
        greet = api
                .store()
                .store(Kinds.TRIGGER)
                .find(io.reflex.core.store.Query.of(Filter.eq("type", "core.st2.webhook")))
                .stream()
                .filter(t -> t.parameters().path("url").asText().equals("greet"))
                .findFirst()
                .orElseThrow();
    }

    @AfterAll
    static void stop() {
        consumer.close();
        bus.close();
        api.close();
    }

    static TriggerDispatch dispatchTagged(String tag) {
        return await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> dispatched.stream()
                                .filter(d -> d.traceTag().equals(tag))
                                .findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
    }

    /** {@code POST /webhooks/greet} of {@code {"name": "Ada"}} as the admin, tagged {@code tag}, with {@code more} headers. */
    static io.reflex.testing.JsonHttp.Response greetAda(String tag, String... more) {
        List<String> headers = new java.util.ArrayList<>(List.of("X-Auth-Token", token, "St2-Trace-Tag", tag));
        headers.addAll(List.of(more));
        return api.send("POST", "/api/v1/webhooks/greet", "{\"name\": \"Ada\"}", headers.toArray(String[]::new));
    }

    @Test
    void registeredWebhooksAreListedAndShown() {
        var list = api.get("/api/v1/webhooks", token);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains("\"url\":\"greet\"");
        var one = api.get("/api/v1/webhooks/greet", token);
        assertThat(one.json().get("type").asText()).isEqualTo("core.st2.webhook");
        assertThat(one.json().get("ref").asText()).isEqualTo(greet.ref());
        assertThat(api.get("/api/v1/webhooks/nope", token).status()).isEqualTo(404);
    }

    @Test
    void aWebhookIsAcceptedEchoedAndDispatchedWithoutCredentials() {
        String tag = "tag-" + UUID.randomUUID();
        var r = greetAda(tag, "x-github-event", "push", "Cookie", "session=abc");
        assertThat(r.status()).isEqualTo(202);
        assertThat(r.json().get("name").asText()).isEqualTo("Ada");
        TriggerDispatch d = dispatchTagged(tag);
        assertThat(d.trigger()).isEqualTo(greet.ref());
        assertThat(d.triggerInstanceId()).matches("[0-9a-f]{24}");
        assertThat(d.payload().at("/body/name").asText()).isEqualTo("Ada");
        assertThat(d.payload().at("/headers/X-Github-Event").asText()).isEqualTo("push");
        assertThat(d.payload().at("/headers_lower/x-github-event").asText()).isEqualTo("push");
        assertThat(d.contentStamp())
                .as("the content stamp the api read for this request, for the rules engine")
                .isEqualTo(ContentStamp.current(api.store()));
        assertThat(d.payload().toString())
                .doesNotContain(token)
                .doesNotContain("session=abc")
                .doesNotContain(tag);
        assertThat(d.payload().get("headers").has("Content-Type")).isTrue();
        assertThat(api.store().store(Kinds.TRIGGER_INSTANCE).get(d.triggerInstanceId()))
                .as("the rules engine persists trigger instances, not the API")
                .isEmpty();
    }

    @Test
    void aRequestSentAgainWithItsIdempotencyKeyDispatchesTheSameTriggerInstanceIntoTheSameTrace() {
        String key = "delivery-" + UUID.randomUUID();
        List<TriggerDispatch> sent = new java.util.ArrayList<>();
        for (String tag : List.of("first-" + UUID.randomUUID(), "again-" + UUID.randomUUID())) {
            var r = greetAda(tag, "Idempotency-Key", key);
            assertThat(r.status()).isEqualTo(202);
            sent.add(dispatchTagged(tag));
        }
        assertThat(sent.get(1).triggerInstanceId())
                .as("the same trigger instance, which the rules engine acts on once")
                .isEqualTo(sent.get(0).triggerInstanceId());

        var untagged = List.of(
                api.send("POST", "/api/v1/webhooks/greet", "{}", "X-Auth-Token", token, "Idempotency-Key", key + "-x"),
                api.send("POST", "/api/v1/webhooks/greet", "{}", "X-Auth-Token", token, "Idempotency-Key", key + "-x"));
        assertThat(untagged).allSatisfy(r -> assertThat(r.status()).isEqualTo(202));
        List<TriggerDispatch> twice = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> dispatched.stream()
                                .filter(d -> d.triggerInstanceId()
                                        .equals(WebhooksController.InstanceIds.of(key + "-x", "st2admin", "greet")
                                                .forTrigger(greet.ref())))
                                .toList(),
                        l -> l.size() == 2);
        assertThat(twice.get(1).traceTag())
                .as("without a tag of its own the request sent again joins the first one's trace")
                .isEqualTo(twice.get(0).traceTag());

        var other = api.send(
                "POST", "/api/v1/webhooks/greet", "{}", "X-Auth-Token", token, "Idempotency-Key", key + "-other");
        assertThat(other.status()).isEqualTo(202);
        String otherId = WebhooksController.InstanceIds.of(key + "-other", "st2admin", "greet")
                .forTrigger(greet.ref());
        assertThat(otherId).isNotEqualTo(sent.get(0).triggerInstanceId());
        assertThat(WebhooksController.InstanceIds.of(key, "someone-else", "greet")
                        .forTrigger(greet.ref()))
                .as("keys are scoped to the user")
                .isNotEqualTo(sent.get(0).triggerInstanceId());
    }

    @Test
    void aBadIdempotencyKeyIsRefusedAndDispatchesNothing() {
        // an empty header is no header (a fresh trigger instance), and HTTP clients refuse control characters
        for (String bad : List.of("k".repeat(256), "k".repeat(1_000))) {
            var r = api.send("POST", "/api/v1/webhooks/greet", "{}", "X-Auth-Token", token, "Idempotency-Key", bad);
            assertThat(r.status()).as("key of %d characters", bad.length()).isEqualTo(400);
            assertThat(r.json().get("faultstring").asText())
                    .isEqualTo("Header 'Idempotency-Key' must be 1 to 255 characters without control characters");
        }
    }

    @Test
    void formBodiesBecomeListsOfValues() {
        String tag = "form-" + UUID.randomUUID();
        var r = api.send(
                "POST",
                "/api/v1/webhooks/greet",
                "name=Ada&name=Bob&x=1",
                "X-Auth-Token",
                token,
                "St2-Trace-Tag",
                tag,
                "Content-Type",
                "application/x-www-form-urlencoded");
        assertThat(r.status()).isEqualTo(202);
        assertThat(r.json().get("name").toString()).isEqualTo("[\"Ada\",\"Bob\"]");
        assertThat(dispatchTagged(tag).payload().at("/body/x/0").asText()).isEqualTo("1");
        String multipart = "--XyZ\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nAda\r\n--XyZ--\r\n";
        var m = api.send(
                "POST",
                "/api/v1/webhooks/greet",
                multipart,
                "X-Auth-Token",
                token,
                "Content-Type",
                "multipart/form-data; boundary=XyZ");
        assertThat(m.status()).isEqualTo(202);
        assertThat(m.json().get("name").get(0).asText()).isEqualTo("Ada");
    }

    @Test
    void badWebhookRequestsAre4xxAndDispatchNothing() {
        String bad = "bad-" + UUID.randomUUID();
        var unknown = post("/api/v1/webhooks/nope", "{}", bad, "application/json");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("faultstring").asText()).isEqualTo("Webhook nope not registered with st2");
        assertThat(post("/api/v1/webhooks/greet", "42", bad, "application/json")
                        .json()
                        .get("faultstring")
                        .asText())
                .isEqualTo("42 is not of type 'object', 'array'");
        assertThat(post("/api/v1/webhooks/greet", "{\"a\": ", bad, "application/json")
                        .status())
                .isEqualTo(400);
        var xml = post("/api/v1/webhooks/greet", "<a/>", bad, "application/xml");
        assertThat(xml.status()).isEqualTo(415);
        assertThat(xml.json().get("faultstring").asText()).startsWith("Unsupported Content-Type: \"application/xml\"");
        assertThat(post("/api/v1/webhooks/greet", "{}", bad, "text/plain").status())
                .as("text/plain is never read as JSON")
                .isEqualTo(415);
        assertThat(api.send("POST", "/api/v1/webhooks/greet", "{}", "St2-Trace-Tag", bad)
                        .status())
                .isEqualTo(401);
        var noTrigger = post("/api/v1/webhooks/st2", "{\"payload\": {}}", bad, "application/json");
        assertThat(noTrigger.json().get("faultstring").asText()).isEqualTo("Trigger not specified.");
        var unknownType = post("/api/v1/webhooks/st2", "{\"trigger\": \"nope.nothing\"}", bad, "application/json");
        assertThat(unknownType.status()).isEqualTo(400);
        assertThat(unknownType.json().get("faultstring").asText())
                .contains("Trigger type with reference \"nope.nothing\" doesn't exist in the database");
        var badPayload = post(
                "/api/v1/webhooks/st2",
                "{\"trigger\": \"core.st2.generic.inquiry\", \"payload\": {\"id\": 5, \"route\": \"r\"}}",
                bad,
                "application/json");
        assertThat(badPayload.status()).isEqualTo(400);
        assertThat(badPayload.json().get("faultstring").asText())
                .startsWith("Trigger payload validation failed and validation is enabled, not dispatching a trigger")
                .contains("5 is not of type 'string' (payload field 'id')");
        String control = "ctl-" + UUID.randomUUID();
        assertThat(post("/api/v1/webhooks/greet", "{}", control, "application/json")
                        .status())
                .isEqualTo(202);
        dispatchTagged(control);
        assertThat(dispatched).noneMatch(d -> d.traceTag().equals(bad));
    }

    private static JsonHttp.Response post(String path, String body, String tag, String contentType) {
        return api.send("POST", path, body, "X-Auth-Token", token, "St2-Trace-Tag", tag, "Content-Type", contentType);
    }

    @Test
    void theSt2HookFiresAnyTrigger() {
        String tag = "st2-" + UUID.randomUUID();
        var r = api.post(
                "/api/v1/webhooks/st2",
                token,
                "{\"trigger\": \"core.st2.sensor.process_spawn\", \"payload\": {\"pid\": 42}, \"trace_tag\": \"" + tag
                        + "\"}");
        assertThat(r.status()).isEqualTo(202);
        TriggerDispatch d = dispatchTagged(tag);
        assertThat(d.trigger()).isEqualTo("core.st2.sensor.process_spawn");
        assertThat(d.payload().get("pid").asInt()).isEqualTo(42);
    }

    @Test
    void triggerInstancesAreListedNewestFirstAndCanBeReEmitted() {
        var store = api.store().store(Kinds.TRIGGER_INSTANCE);
        var t0 = Timestamps.now();
        ObjectNode payload = Json.read("{\"body\": {\"name\": \"Ada\"}}", ObjectNode.class);
        TriggerInstance older = store.insert(new TriggerInstance(
                Ids.newId(), greet.ref(), payload, t0.minusSeconds(60), TriggerInstance.Status.PROCESSED));
        TriggerInstance newer =
                store.insert(new TriggerInstance(Ids.newId(), "core.st2.sensor.process_spawn", null, t0, null));
        var list = api.get("/api/v1/triggerinstances", token);
        assertThat(list.status()).isEqualTo(200);
        assertThat(ExecutionsTestSupport.ids(list)).containsSubsequence(newer.id(), older.id());
        assertThat(list.header("X-Total-Count")).isNotNull();
        assertThat(ExecutionsTestSupport.ids(api.get("/api/v1/triggerinstances?trigger_type=core.st2.webhook", token)))
                .containsExactly(older.id());
        assertThat(ExecutionsTestSupport.ids(
                        api.get("/api/v1/triggerinstances?timestamp_gt=" + t0.minusSeconds(1), token)))
                .containsExactly(newer.id());
        JsonNode one = api.get("/api/v1/triggerinstances/" + older.id(), token).json();
        assertThat(one.get("trigger").asText()).isEqualTo(greet.ref());
        assertThat(one.get("status").asText()).isEqualTo("processed");
        assertThat(one.get("occurrence_time").asText()).endsWith("Z");
        assertThat(api.get("/api/v1/triggerinstances/000000000000000000000000", token)
                        .status())
                .isEqualTo(404);

        var r = api.post("/api/v1/triggerinstances/" + older.id() + "/re_emit", token, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("message").asText())
                .isEqualTo("Trigger instance " + older.id() + " succesfully re-sent.");
        assertThat(r.json().at("/payload/__context/original_id").asText()).isEqualTo(older.id());
        TriggerDispatch d = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> dispatched.stream()
                                .filter(x -> x.payload()
                                        .at("/__context/original_id")
                                        .asText()
                                        .equals(older.id()))
                                .findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
        assertThat(d.triggerInstanceId()).isNotEqualTo(older.id());
        assertThat(d.trigger()).isEqualTo(greet.ref());
        assertThat(d.payload().at("/body/name").asText()).isEqualTo("Ada");
    }
}
