package io.reflex.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Query;
import io.reflex.security.SecurityStack;
import io.reflex.testing.JsonHttp.Response;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * hubot-stackstorm's part, played over HTTP and the event stream against the whole stack: it learns the
 * aliases, matches a chat line, runs it as an alias execution with its chat addressee and the {@code hubot}
 * notification route, and posts whatever {@code st2.announcement__chatops} brings. The result comes back
 * through the shipped chatops pack: its {@code notify} rule runs the {@code post_result} Orquesta workflow,
 * which formats the result and announces it with {@code post_message}.
 */
class ChatOpsClientTest {
    static final Duration PATIENCE = Duration.ofSeconds(90);

    final SecurityStack stack = SecurityStack.get();
    final String room = "#ops-" + UUID.randomUUID();
    final ObjectNode sourceContext =
            Json.object().put("id", "1700000000.000100").put("room", room);

    /** What the bot's stream listener receives for {@code room}: the announcement's payload. */
    JsonNode announcementFor(SseEvents stream) throws InterruptedException {
        SseEvents.Event event = stream.await(
                        "st2.announcement__chatops",
                        data -> room.equals(Json.read(data, JsonNode.class)
                                .at("/payload/channel")
                                .asText()),
                        PATIENCE)
                .orElseThrow(() -> new AssertionError("no st2.announcement__chatops for " + room));
        JsonNode body = Json.read(event.data(), JsonNode.class);
        assertThat(body.has("trace_context")).isTrue();
        return body.get("payload");
    }

    /** The bot's {@code POST /aliasexecution} for a matched chat line. */
    JsonNode execute(String alias, String format, String command) {
        ObjectNode request = Json.object()
                .put("name", alias)
                .put("format", format)
                .put("command", command)
                .put("user", "ada")
                .put("source_channel", room)
                .put("notification_route", "hubot");
        request.set("source_context", sourceContext);
        Response r = stack.post("/api/v1/aliasexecution", stack.admin(), request.toString());
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json();
    }

    @Test
    void localDateComesBackToTheRoomFormattedByTheDefaultTemplate() throws Exception {
        Response aliases = stack.get("/api/v1/actionalias?limit=-1", stack.admin());
        assertThat(aliases.status()).as(aliases.toString()).isEqualTo(200);
        JsonNode local = null;
        for (JsonNode a : aliases.json()) {
            if (a.path("ref").asText().equals("examples.local")) {
                local = a;
            }
        }
        assertThat(local).as("examples.local among " + aliases.body()).isNotNull();
        assertThat(local.path("enabled").asBoolean()).isTrue();
        assertThat(local.at("/formats/0/display").asText()).isEqualTo("local <cmd>");
        String format = local.at("/formats/0/representation/0").asText();
        assertThat(format).isEqualTo("local {{ cmd }}");

        Response match = stack.post("/api/v1/actionalias/match", stack.admin(), "{\"command\": \"local date -u\"}");
        assertThat(match.status()).as(match.toString()).isEqualTo(200);
        assertThat(match.json().at("/actionalias/ref").asText()).isEqualTo("examples.local");
        assertThat(match.json().path("representation").asText()).isEqualTo(format);

        try (SseEvents stream = new SseEvents(stack.streamUrl(), stack.admin())) {
            JsonNode created = execute("local", format, "local date -u");
            String id = created.at("/execution/id").asText();
            assertThat(created.at("/actionalias/ref").asText()).isEqualTo("examples.local");

            JsonNode payload = announcementFor(stream);
            Execution ran = stack.awaitCompleted(id);
            assertThat(ran.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            String stdout = ran.result().path("stdout").asText().trim();
            assertThat(stdout).contains("UTC");

            assertThat(payload.path("channel").asText()).isEqualTo(room);
            assertThat(payload.path("user").asText()).isEqualTo("ada");
            assertThat(payload.path("whisper").isBoolean()).isTrue();
            assertThat(payload.path("whisper").asBoolean()).isFalse();
            assertThat(payload.path("context")).isEqualTo(sourceContext);
            assertThat(payload.path("extra")).isEqualTo(Json.object());
            assertThat(payload.path("message").asText())
                    .startsWith("Action core.local completed.\nstatus : succeeded\nexecution: " + id + "\n")
                    .contains("result :\n--------\nstdout : " + stdout)
                    .doesNotContain("return_code");
            assertPostedThroughTheWorkflow(id, "Execution result has been posted.");
        }
    }

    @Test
    void anAliasResultFormatIsWhatThePostSays() throws Exception {
        try (SseEvents stream = new SseEvents(stack.streamUrl(), stack.admin())) {
            JsonNode created = execute("greet", "greet {{ name }} {{ times=1 }} times", "greet Ada 2 times");
            assertThat(created.path("message").asText()).isEqualTo("Greeting Ada...");
            String id = created.at("/execution/id").asText();

            JsonNode payload = announcementFor(stream);
            Execution ran = stack.awaitCompleted(id);
            assertThat(ran.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(payload.path("message").asText())
                    .isEqualTo(ran.result().path("stdout").asText())
                    .contains("Ada");
            assertThat(payload.path("channel").asText()).isEqualTo(room);
            assertThat(payload.path("user").asText()).isEqualTo("ada");
            assertPostedThroughTheWorkflow(id, "Execution result has been posted.");
        }
    }

    @Test
    void anAliasWithItsResultDisabledPostsNothing() throws Exception {
        String name = "quiet_" + UUID.randomUUID().toString().replace("-", "");
        ObjectNode alias = Json.object()
                .put("name", name)
                .put("pack", "examples")
                .put("action_ref", "core.noop")
                .put("enabled", true);
        alias.putArray("formats").add(name);
        alias.putObject("result").put("enabled", false);
        Response created = stack.post("/api/v1/actionalias", stack.admin(), alias.toString());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);

        try (SseEvents stream = new SseEvents(stack.streamUrl(), stack.admin())) {
            String id = execute(name, name, name).at("/execution/id").asText();
            assertPostedThroughTheWorkflow(id, "Execution result is disabled.");
            assertThat(stream.await("st2.announcement__chatops", data -> data.contains(room), Duration.ofSeconds(2)))
                    .isEmpty();
        } finally {
            stack.delete("/api/v1/actionalias/examples." + name, stack.admin());
        }
    }

    /** The {@code chatops.post_result} workflow the execution's notification started, once it succeeded. */
    void assertPostedThroughTheWorkflow(String executionId, String note) {
        Execution post = org.awaitility.Awaitility.await()
                .atMost(PATIENCE)
                .until(
                        () -> stack.store
                                .executions()
                                .find(Query.of(Filter.and(
                                        Filter.eq("action.ref", "chatops.post_result"),
                                        Filter.eq("parameters.execution_id", executionId)))),
                        l -> l.size() == 1 && l.get(0).status().completed())
                .get(0);
        assertThat(post.status()).as(post.result().toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(post.runner().name()).isEqualTo("orquesta");
        assertThat(post.result().at("/output/note").asText()).isEqualTo(note);
    }
}
