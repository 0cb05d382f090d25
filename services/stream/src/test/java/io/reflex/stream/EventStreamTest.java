package io.reflex.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.model.ApiKey;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.web.auth.ApiKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /stream/v1/stream} over real HTTP: framing, keep-alives, filters, auth and routes. */
class EventStreamTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    StreamTestServer server;
    String token;

    @BeforeEach
    void start() throws Exception {
        server = StreamTestServer.start(dir, Map.of("stream.heartbeat", "300ms"));
        token = server.token("st2admin");
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    static ObjectNode execution(String id, String actionRef, String status) {
        ObjectNode o = Json.object().put("id", id).put("status", status);
        o.putObject("action").put("ref", actionRef);
        return o;
    }

    static ObjectNode liveaction(String id, String actionRef, String status) {
        return Json.object().put("id", id).put("status", status).put("action", actionRef);
    }

    static ObjectNode output(String id, String executionId, String actionRef, String type, String data) {
        return Json.object()
                .put("id", id)
                .put("execution_id", executionId)
                .put("action_ref", actionRef)
                .put("output_type", type)
                .put("data", data);
    }

    SseClient connect(String pathAndQuery) throws Exception {
        return SseClient.get(server.base(), pathAndQuery, "X-Auth-Token", token);
    }

    @Test
    void eventsAreFramedAsStackStormDoesWithAnIdLineAndTheSseHeaders() throws Exception {
        try (SseClient c = connect("/stream/v1/stream")) {
            assertThat(c.status()).isEqualTo(200);
            assertThat(c.header("Content-Type")).isEqualTo("text/event-stream; charset=UTF-8");
            assertThat(c.header("Cache-Control")).isEqualTo("no-cache");
            assertThat(c.header("X-Accel-Buffering")).isEqualTo("no");
            assertThat(c.next(WAIT)).as("keep-alive at connect").isInstanceOf(SseClient.Heartbeat.class);
            long id = server.append("st2.execution__create", execution("e1", "core.local", "requested"));
            SseClient.Event e = c.nextEvent(WAIT);
            assertThat(e.id()).isEqualTo(Long.toString(id));
            assertThat(e.name()).isEqualTo("st2.execution__create");
            assertThat(c.rawText())
                    .startsWith("\n")
                    .contains("id: " + id + "\nevent: st2.execution__create\n"
                            + "data: {\"id\":\"e1\",\"status\":\"requested\",\"action\":{\"ref\":\"core.local\"}}\n\n")
                    .doesNotContain("retry:");
        }
    }

    @Test
    void aBareNewlineGoesOutAfterEveryHeartbeatIntervalOfSilence() throws Exception {
        try (SseClient c = connect("/stream/v1/stream")) {
            for (int i = 0; i < 3; i++) {
                assertThat(c.next(WAIT)).isInstanceOf(SseClient.Heartbeat.class);
            }
            assertThat(c.rawText()).isEqualTo("\n\n\n");
        }
    }

    @Test
    void theDefaultWhitelistSendsAnnouncementsExecutionsAndLiveactionsOnly() throws Exception {
        try (SseClient c = connect("/stream/v1/stream")) {
            c.next(WAIT);
            server.append("st2.actionalias__create", Json.object().put("name", "a"));
            server.append("st2.execution.output__create", output("o1", "e1", "core.local", "stdout", "x\n"));
            server.append("st2.announcement__chatops", Json.object().put("payload", "hi"));
            server.append("st2.execution__update", execution("e1", "core.local", "running"));
            server.append("st2.liveaction__update", liveaction("e1", "core.local", "running"));
            server.append("st2.trigger__create", Json.object());
            server.append("st2.liveaction__delete", liveaction("e1", "core.local", "running"));
            assertThat(names(c, 4))
                    .containsExactly(
                            "st2.announcement__chatops",
                            "st2.execution__update",
                            "st2.liveaction__update",
                            "st2.liveaction__delete");
        }
    }

    @Test
    void eventsParameterTakesFnmatchGlobs() throws Exception {
        try (SseClient c = connect("/stream/v1/stream?events=st2.actionalias__*,st2.execution.output__creat?")) {
            c.next(WAIT);
            server.append("st2.execution__update", execution("e1", "core.local", "running"));
            server.append("st2.actionalias__create", Json.object().put("name", "a"));
            server.append("st2.execution.output__create", output("o1", "e1", "core.local", "stdout", "x\n"));
            server.append("st2.actionalias__delete", Json.object().put("name", "a"));
            assertThat(names(c, 3))
                    .containsExactly(
                            "st2.actionalias__create", "st2.execution.output__create", "st2.actionalias__delete");
        }
    }

    @Test
    void actionRefsMatchExecutionLiveactionAndOutputBodiesAndDropEverythingElse() throws Exception {
        try (SseClient c = connect("/stream/v1/stream?action_refs=core.local&events=st2.execution__*,st2.liveaction__*,"
                + "st2.execution.output__*,st2.announcement__*")) {
            c.next(WAIT);
            server.append("st2.announcement__chatops", Json.object().put("payload", "hi"));
            server.append("st2.execution__create", execution("e1", "core.remote", "requested"));
            long a = server.append("st2.execution__create", execution("e2", "core.local", "requested"));
            long b = server.append("st2.liveaction__create", liveaction("e2", "core.local", "requested"));
            server.append("st2.liveaction__create", liveaction("e1", "core.remote", "requested"));
            long d = server.append("st2.execution.output__create", output("o", "e2", "core.local", "stdout", "x"));
            long last = server.append("st2.execution__update", execution("e2", "core.local", "running"));
            assertThat(ids(c, 4)).containsExactly(a, b, d, last);
        }
    }

    @Test
    void executionIdsMatchExecutionsAndOutputButNeverLiveactions() throws Exception {
        try (SseClient c =
                connect("/stream/v1/stream?execution_ids=e2&execution_ids=e3&events=st2.execution__*,st2.liveaction__*,"
                        + "st2.execution.output__create")) {
            c.next(WAIT);
            server.append("st2.execution__create", execution("e1", "core.local", "requested"));
            long a = server.append("st2.execution__create", execution("e2", "core.local", "requested"));
            server.append("st2.liveaction__create", liveaction("e2", "core.local", "requested"));
            long b = server.append("st2.execution.output__create", output("o", "e3", "core.local", "stdout", "x"));
            long last = server.append("st2.execution__update", execution("e3", "core.local", "running"));
            assertThat(ids(c, 3)).containsExactly(a, b, last);
        }
    }

    @Test
    void theStreamClosesAfterDeliveringTheEndEventOfTheExecutionOnceItCompleted() throws Exception {
        try (SseClient c = connect("/stream/v1/stream?end_event=st2.execution__update&end_execution_id=e1")) {
            c.next(WAIT);
            server.append("st2.execution__update", execution("e1", "core.local", "running"));
            server.append("st2.execution__update", execution("e2", "core.local", "succeeded"));
            server.append("st2.liveaction__update", liveaction("e1", "core.local", "succeeded"));
            long end = server.append("st2.execution__update", execution("e1", "core.local", "succeeded"));
            server.append("st2.execution__update", execution("e3", "core.local", "running"));
            List<SseClient.Event> got = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                got.add(c.nextEvent(WAIT));
            }
            assertThat(got.get(3).offset()).isEqualTo(end);
            assertThat(nextNonHeartbeat(c)).isInstanceOf(SseClient.Closed.class);
        }
    }

    @Test
    void requestsWithoutValidCredentialsAre401WithAFaultstring() throws Exception {
        SseClient none = SseClient.get(server.base(), "/stream/v1/stream");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.bodyJson().path("faultstring").asText())
                .isEqualTo("Unauthorized - One of Token or API key required.");
        SseClient bad = SseClient.get(server.base(), "/stream/v1/stream", "X-Auth-Token", "nope");
        assertThat(bad.status()).isEqualTo(401);
        assertThat(bad.bodyJson().path("faultstring").asText()).isEqualTo("Unauthorized - Token not found.");
        SseClient badQuery = SseClient.get(server.base(), "/stream/v1/stream?x-auth-token=nope");
        assertThat(badQuery.status()).isEqualTo(401);
    }

    @Test
    void eventSourceClientsAuthenticateWithQueryParameters() throws Exception {
        String key = ApiKeys.newKey();
        server.store()
                .store(Kinds.API_KEY)
                .insert(new ApiKey(Ids.newId(), "st2admin", ApiKeys.hash(key), null, Timestamps.now(), true));
        try (SseClient byToken = SseClient.get(server.base(), "/stream/v1/stream?x-auth-token=" + token);
                SseClient byKey = SseClient.get(server.base(), "/stream/v1/stream?st2-api-key=" + key)) {
            assertThat(byToken.status()).isEqualTo(200);
            assertThat(byKey.status()).isEqualTo(200);
            byToken.next(WAIT);
            byKey.next(WAIT);
            long id = server.append("st2.announcement__x", Json.object());
            assertThat(byToken.nextEvent(WAIT).offset()).isEqualTo(id);
            assertThat(byKey.nextEvent(WAIT).offset()).isEqualTo(id);
        }
    }

    @Test
    void theStreamIsAlsoServedAtV1StreamAndStream() throws Exception {
        try (SseClient v1 = connect("/v1/stream");
                SseClient bare = connect("/stream")) {
            v1.next(WAIT);
            bare.next(WAIT);
            long id = server.append("st2.announcement__x", Json.object());
            assertThat(v1.nextEvent(WAIT).offset()).isEqualTo(id);
            assertThat(bare.nextEvent(WAIT).offset()).isEqualTo(id);
        }
    }

    @Test
    void aLastEventIdThatIsNotAnOffsetIs400() throws Exception {
        SseClient c = SseClient.get(server.base(), "/stream/v1/stream", "X-Auth-Token", token, "Last-Event-ID", "x1");
        assertThat(c.status()).isEqualTo(400);
        assertThat(c.bodyJson().path("faultstring").asText()).contains("Last-Event-ID");
    }

    @Test
    void withRbacOnlyUsersHoldingStreamViewMayListen() throws Exception {
        server.close();
        Path rbac = dir.resolve("rbac");
        Files.createDirectories(rbac.resolve("roles"));
        Files.createDirectories(rbac.resolve("assignments"));
        Files.writeString(rbac.resolve("assignments/obs.yaml"), "username: obs\nroles: [observer]\n");
        server = StreamTestServer.start(dir, Map.of("rbac.enable", "true"));
        SseClient denied = SseClient.get(server.base(), "/stream/v1/stream", "X-Auth-Token", server.token("nora"));
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.bodyJson().path("faultstring").asText())
                .isEqualTo("User \"nora\" doesn't have required permission \"stream_view\"");
        try (SseClient allowed =
                SseClient.get(server.base(), "/stream/v1/stream", "X-Auth-Token", server.token("obs"))) {
            assertThat(allowed.status()).isEqualTo(200);
        }
    }

    static List<String> names(SseClient c, int n) throws InterruptedException {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(c.nextEvent(WAIT).name());
        }
        return out;
    }

    static List<Long> ids(SseClient c, int n) throws InterruptedException {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(c.nextEvent(WAIT).offset());
        }
        return out;
    }

    static SseClient.Item nextNonHeartbeat(SseClient c) throws InterruptedException {
        SseClient.Item item = c.next(WAIT);
        while (item instanceof SseClient.Heartbeat) {
            item = c.next(WAIT);
        }
        return item;
    }
}
