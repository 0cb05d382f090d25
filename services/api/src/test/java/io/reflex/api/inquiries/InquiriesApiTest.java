package io.reflex.api.inquiries;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.api.ApiTestServer;
import io.reflex.api.executions.ExecutionsTestSupport;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.model.Inquiry;
import io.reflex.core.store.Kinds;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /inquiries}: pending questions of inquirer executions, and answering them. */
class InquiriesApiTest {
    private static final String SCHEMA =
            "{\"type\": \"object\", \"properties\": {\"continue\": {\"type\": \"boolean\", \"required\": true},"
                    + " \"pin\": {\"type\": \"string\", \"secret\": true}}}";

    @TempDir
    static Path dir;

    static ApiTestServer api;
    static String token;

    @BeforeAll
    static void start() throws Exception {
        api = ApiTestServer.start(dir);
        token = api.token("st2admin");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    /** An inquirer execution waiting in {@code pending}, with its Inquiry record, as the inquirer runner leaves it. */
    static String ask(List<String> users, String context) {
        var r = api.send(
                "POST",
                "/api/v1/executions",
                "{\"action\": \"core.ask\"}",
                "X-Auth-Token",
                token,
                "st2-context",
                context);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().get("id").asText();
        ObjectNode result = Json.object();
        result.set("schema", Json.read(SCHEMA, ObjectNode.class));
        result.put("route", "ops").put("ttl", 60);
        result.putArray("users");
        result.putArray("roles");
        ExecutionsTestSupport.advance(api.store(), id, ExecutionStatus.PENDING, result.toString());
        api.store()
                .store(Kinds.INQUIRY)
                .insert(new Inquiry(
                        id,
                        Json.read(SCHEMA, ObjectNode.class),
                        List.of(),
                        users,
                        "ops",
                        60,
                        Timestamps.now(),
                        null,
                        null));
        return id;
    }

    @Test
    void pendingInquiriesAreListedAndShownInStackStormsShape() {
        String id = ask(List.of(), "{}");
        var list = api.get("/api/v1/inquiries", token);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.header("X-Limit")).isEqualTo("20");
        assertThat(ExecutionsTestSupport.ids(list)).contains(id);
        var one = api.get("/api/v1/inquiries/" + id, token);
        assertThat(one.json().fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder("id", "schema", "roles", "users", "route", "ttl");
        assertThat(one.json().get("route").asText()).isEqualTo("ops");
        assertThat(one.json().get("ttl").asInt()).isEqualTo(60);
        assertThat(one.json().at("/schema/properties/continue/type").asText()).isEqualTo("boolean");
    }

    @Test
    void anAnswerThatDoesNotFitTheSchemaIs400AndChangesNothing() {
        String id = ask(List.of(), "{}");
        var r = api.put(
                "/api/v1/inquiries/" + id, token, "{\"id\": \"" + id + "\", \"response\": {\"continue\": \"yes\"}}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("faultstring").asText())
                .isEqualTo("Response for inquiry \"" + id + "\" did not pass schema validation. "
                        + "'yes' is not of type 'boolean' (response field 'continue')");
        var missing = api.put("/api/v1/inquiries/" + id, token, "{}");
        assertThat(missing.json().get("faultstring").asText()).isEqualTo("'response' is a required property");
        assertThat(api.store().executions().get(id).orElseThrow().status()).isEqualTo(ExecutionStatus.PENDING);
    }

    @Test
    void st2websAnswerCarryingTheWholeInquiryIsAccepted() {
        String id = ask(List.of(), "{}");
        var shown = api.get("/api/v1/inquiries/" + id, token);
        assertThat(shown.status()).isEqualTo(200);
        ObjectNode body = (ObjectNode) shown.json().deepCopy();
        assertThat(body.fieldNames()).toIterable().contains("schema", "ttl", "roles", "users", "route");
        body.putObject("response").put("continue", true);
        var r = api.put("/api/v1/inquiries/" + id, token, body.toString());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("response").path("continue").asBoolean()).isTrue();
        assertThat(api.store().executions().get(id).orElseThrow().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void onlyListedUsersMayAnswer() {
        String id = ask(List.of("bob"), "{}");
        var r = api.put("/api/v1/inquiries/" + id, token, "{\"response\": {\"continue\": true}}");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("faultstring").asText())
                .isEqualTo("User \"st2admin\" does not have permission to respond to inquiry \"" + id + "\".");
        var bob = api.put("/api/v1/inquiries/" + id, api.token("bob"), "{\"response\": {\"continue\": true}}");
        assertThat(bob.status()).isEqualTo(200);
    }

    @Test
    void answeringSucceedsTheExecutionOnceAndResumesAPausedParent() {
        var parent = api.post("/api/v1/executions", token, "{\"action\": \"examples.echochain\"}");
        String parentId = parent.json().get("id").asText();
        Execution p = ExecutionsTestSupport.advance(api.store(), parentId, ExecutionStatus.RUNNING, null);
        for (ExecutionStatus s : List.of(ExecutionStatus.PAUSING, ExecutionStatus.PAUSED)) {
            Execution n = p.transitionTo(s, Timestamps.now());
            assertThat(api.store().executions().compareAndSet(p, n)).isTrue();
            p = n;
        }
        String id = ask(List.of(), "{\"parent\": {\"execution_id\": \"" + parentId + "\"}}");

        var r = api.put(
                "/api/v1/inquiries/" + id,
                token,
                "{\"id\": \"" + id + "\", \"response\": {\"continue\": true, \"pin\": \"1234\"}}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("id").asText()).isEqualTo(id);
        assertThat(r.json().at("/response/continue").asBoolean()).isTrue();

        Execution answered = api.store().executions().get(id).orElseThrow();
        assertThat(answered.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(answered.result().at("/response/continue").asBoolean()).isTrue();
        assertThat(answered.result().get("route").asText()).isEqualTo("ops");
        Inquiry inquiry = api.store().store(Kinds.INQUIRY).get(id).orElseThrow();
        assertThat(inquiry.response().get("continue").asBoolean()).isTrue();
        assertThat(inquiry.respondedBy()).isEqualTo("st2admin");
        assertThat(api.store().executions().get(parentId).orElseThrow().status())
                .isEqualTo(ExecutionStatus.RESUMING);
        assertThat(api.get("/api/v1/executions/" + id, token)
                        .json()
                        .at("/result/response/pin")
                        .asText())
                .isEqualTo("********");

        var again = api.put("/api/v1/inquiries/" + id, token, "{\"response\": {\"continue\": false}}");
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.json().get("faultstring").asText())
                .isEqualTo("Inquiry \"" + id + "\" has already been responded to.");
        assertThat(api.get("/api/v1/inquiries/" + id, token).status()).isEqualTo(400);
        assertThat(ExecutionsTestSupport.ids(api.get("/api/v1/inquiries", token)))
                .doesNotContain(id);
    }

    @Test
    void anExecutionThatIsNotAnInquiryCannotBeAnswered() {
        String id = api.post("/api/v1/executions", token, "{\"action\": \"core.noop\"}")
                .json()
                .get("id")
                .asText();
        var r = api.put("/api/v1/inquiries/" + id, token, "{\"response\": {}}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("faultstring").asText())
                .isEqualTo("Action execution \"" + id + "\" is not an inquiry.");
        assertThat(api.get("/api/v1/inquiries/000000000000000000000000", token).status())
                .isEqualTo(404);
    }
}
