package io.reflex.api.executions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.api.ApiTestServer;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.model.ExecutionOutput;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cancel, status updates, re-run, output, children, attributes, raw results and filter values over HTTP. */
class ExecutionsOperationsApiTest {
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

    static String create(String body) {
        var r = api.post("/api/v1/executions", token, body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    static String noop() {
        return create("{\"action\": \"core.noop\"}");
    }

    @Test
    void deleteCancelsAQueuedExecutionAtOnceAndAgainIsHarmless() {
        String id = noop();
        var r = api.delete("/api/v1/executions/" + id, token);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("canceled");
        assertThat(r.json().at("/result/message").asText()).isEqualTo("Action canceled by user.");
        assertThat(r.json().at("/result/user").asText()).isEqualTo("st2admin");
        assertThat(r.json().at("/context/cancelled_by").asText()).isEqualTo("st2admin");
        assertThat(r.json().has("end_timestamp")).isTrue();
        var again = api.delete("/api/v1/executions/" + id, token);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("status").asText()).isEqualTo("canceled");
        assertThat(api.store().executions().get(id).orElseThrow().log())
                .extracting(c -> c.status().wire())
                .containsExactly("requested", "canceled");
    }

    @Test
    void deleteAsksTheRunnerToCancelARunningExecution() {
        String id = noop();
        ExecutionsTestSupport.advance(api.store(), id, ExecutionStatus.RUNNING, null);
        var r = api.delete("/api/v1/executions/" + id, token);
        assertThat(r.json().get("status").asText()).isEqualTo("canceling");
        var put = api.put("/api/v1/executions/" + id, token, "{\"status\": \"canceled\"}");
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().get("status").asText()).isEqualTo("canceled");
    }

    @Test
    void completedExecutionsCannotBeCanceledOrUpdated() {
        String id = noop();
        ExecutionsTestSupport.advance(api.store(), id, ExecutionStatus.SUCCEEDED, "{\"ok\": true}");
        var r = api.delete("/api/v1/executions/" + id, token);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("faultstring").asText()).isEqualTo("Action cannot be canceled. State = succeeded.");
        var put = api.put("/api/v1/executions/" + id, token, "{\"status\": \"canceled\"}");
        assertThat(put.status()).isEqualTo(400);
        assertThat(put.json().get("faultstring").asText()).isEqualTo("Execution is already in completed state.");
        assertThat(api.store().executions().get(id).orElseThrow().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void putRefusesWhatStackStormRefuses() {
        String id = noop();
        var bad = api.put("/api/v1/executions/" + id, token, "{\"status\": \"finished\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("faultstring").asText()).startsWith("'finished' is not one of ['requested'");
        var pause = api.put("/api/v1/executions/" + id, token, "{\"status\": \"pausing\"}");
        assertThat(pause.status()).isEqualTo(400);
        assertThat(pause.json().get("faultstring").asText())
                .isEqualTo("Failed updating execution. Unable to pause liveaction \"" + id
                        + "\" because it is not supported by the \"noop\" runner.");
        var illegal = api.put("/api/v1/executions/" + id, token, "{\"status\": \"succeeded\"}");
        assertThat(illegal.status()).isEqualTo(400);
        assertThat(illegal.json().get("faultstring").asText()).startsWith("Failed updating execution.");
        assertThat(api.store().executions().get(id).orElseThrow().status()).isEqualTo(ExecutionStatus.REQUESTED);
        var running = ExecutionsTestSupport.advance(api.store(), noop(), ExecutionStatus.RUNNING, null);
        var ok = api.put(
                "/api/v1/executions/" + running.id(), token, "{\"status\": \"succeeded\", \"result\": {\"n\": 1}}");
        assertThat(ok.json().get("status").asText()).isEqualTo("succeeded");
        assertThat(ok.json().at("/result/n").asInt()).isEqualTo(1);
    }

    @Test
    void reRunMergesParametersAndRecordsTheOriginal() {
        String id = create("{\"action\": \"core.local\", \"parameters\": {\"cmd\": \"date\", \"timeout\": 5}}");
        var r = api.post("/api/v1/executions/" + id + "/re_run", token, "{\"parameters\": {\"cmd\": \"uptime\"}}");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("id").asText()).isNotEqualTo(id);
        assertThat(r.json().at("/parameters/cmd").asText()).isEqualTo("uptime");
        assertThat(r.json().at("/parameters/timeout").asInt()).isEqualTo(5);
        assertThat(r.json().at("/context/re-run/ref").asText()).isEqualTo(id);
        var fresh = api.post(
                "/api/v1/executions/" + id + "/re_run?no_merge=true", token, "{\"parameters\": {\"cmd\": \"w\"}}");
        assertThat(fresh.json().get("parameters").has("timeout")).isFalse();
        var tasks = api.post("/api/v1/executions/" + id + "/re_run", token, "{\"tasks\": [\"a\"]}");
        assertThat(tasks.status()).isEqualTo(400);
        assertThat(tasks.json().get("faultstring").asText())
                .isEqualTo("Task option is only supported for Orquesta workflows.");
    }

    @Test
    void outputIsTheStoredChunksAsTextWithSecretsMasked() {
        String id = create(
                "{\"action\": \"core.local\", \"parameters\": {\"cmd\": \"id\", \"sudo_password\": \"s3cret!\"}}");
        var outputs = api.store().store(Kinds.EXECUTION_OUTPUT);
        var t = Timestamps.now();
        outputs.insert(
                new ExecutionOutput(Ids.newId(), id, "core.local", "local-shell-cmd", t, "stdout", "line 1\n", null));
        outputs.insert(new ExecutionOutput(
                Ids.newId(), id, "core.local", "local-shell-cmd", t.plusMillis(1), "stderr", "warn s3cret!\n", null));
        outputs.insert(new ExecutionOutput(
                Ids.newId(), id, "core.local", "local-shell-cmd", t.plusMillis(2), "stdout", "line 2\n", null));
        var all = api.get("/api/v1/executions/" + id + "/output", token);
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.header("Content-Type")).startsWith("text/plain");
        assertThat(all.body()).isEqualTo("line 1\nwarn ********\nline 2\n");
        assertThat(api.get("/api/v1/executions/" + id + "/output?output_type=stdout", token)
                        .body())
                .isEqualTo("line 1\nline 2\n");
    }

    @Test
    void childrenAreRecordedFromTheSt2ContextHeaderWhichCannotChangeTheUser() {
        String parent = noop();
        var child = api.send(
                "POST",
                "/api/v1/executions",
                "{\"action\": \"core.noop\"}",
                "X-Auth-Token",
                token,
                "st2-context",
                "{\"parent\": {\"execution_id\": \"" + parent + "\"}, \"user\": \"mallory\", \"trace\": 1}");
        assertThat(child.status()).isEqualTo(201);
        String childId = child.json().get("id").asText();
        assertThat(child.json().get("parent").asText()).isEqualTo(parent);
        assertThat(child.json().at("/context/user").asText()).isEqualTo("st2admin");
        assertThat(child.json().at("/context/trace").asInt()).isEqualTo(1);
        var parentView = api.get("/api/v1/executions/" + parent, token);
        assertThat(parentView.json().get("children").get(0).asText()).isEqualTo(childId);
        var topLevel = api.get("/api/v1/executions?parent=null&id=" + parent + "," + childId, token);
        assertThat(ExecutionsTestSupport.ids(topLevel)).containsExactly(parent);
        assertThat(ExecutionsTestSupport.ids(api.get("/api/v1/executions?parent=" + parent, token)))
                .containsExactly(childId);
        var children = api.get("/api/v1/executions/" + parent + "/children?depth=-1", token);
        assertThat(ExecutionsTestSupport.ids(children)).containsExactly(childId);
        var unknownParent = api.send(
                "POST",
                "/api/v1/executions",
                "{\"action\": \"core.noop\"}",
                "X-Auth-Token",
                token,
                "st2-context",
                "{\"parent\": {\"execution_id\": \"ffffffffffffffffffffffff\"}}");
        assertThat(unknownParent.status()).isEqualTo(400);
    }

    @Test
    void attributesAreLimitedToStackStormsList() {
        String id = noop();
        var status = api.get("/api/v1/executions/" + id + "/attribute/status", token);
        assertThat(status.json().asText()).isEqualTo("requested");
        var action = api.get("/api/v1/executions/" + id + "/attribute/action", token);
        assertThat(action.status()).isEqualTo(400);
        assertThat(action.json().get("faultstring").asText())
                .isEqualTo(
                        "Invalid attribute \"action\" specified. Valid attributes are: result, trigger_instance, status");
    }

    @Test
    void theRawResultCanBeDownloadedCompressed() throws Exception {
        String id = noop();
        ExecutionsTestSupport.advance(api.store(), id, ExecutionStatus.SUCCEEDED, "{\"stdout\": \"hi\"}");
        var raw = api.get("/api/v1/executions/" + id + "/result", token);
        assertThat(raw.header("Content-Type")).isEqualTo("text/json");
        assertThat(Json.read(raw.body(), JsonNode.class).get("stdout").asText()).isEqualTo("hi");
        HttpResponse<byte[]> gz = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/executions/" + id
                                        + "/result?download=true&compress=true"))
                                .header("X-Auth-Token", token)
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(gz.headers().firstValue("Content-Disposition"))
                .contains("attachment; filename=execution_" + id + "_result.json.gz");
        assertThat(gunzip(gz.body())).isEqualTo("{\"stdout\":\"hi\"}");
        assertThat(api.get("/api/v1/executions/000000000000000000000000/result", token)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void resultsStoredOutOfLineAreServedWhole() {
        String id = noop();
        ExecutionsTestSupport.advance(api.store(), id, ExecutionStatus.SUCCEEDED, null);
        var results = new io.reflex.executions.ExecutionResults(api.store(), 64);
        String big = "x".repeat(5_000);
        JsonNode stub = results.storable(id, Json.read("{\"stdout\": \"" + big + "\"}", JsonNode.class));
        assertThat(io.reflex.executions.ExecutionResults.isOutOfLine(stub)).isTrue();
        var executions = api.store().executions();
        var stored = executions.get(id).orElseThrow();
        assertThat(executions.compareAndSet(stored, stored.withResult(stub))).isTrue();

        var one = api.get("/api/v1/executions/" + id, token);
        assertThat(one.json().at("/result/stdout").asText()).isEqualTo(big);
        assertThat(api.get("/api/v1/executions/" + id + "/attribute/result", token)
                        .json()
                        .get("stdout")
                        .asText())
                .isEqualTo(big);
        var raw = api.get("/api/v1/executions/" + id + "/result", token);
        assertThat(Json.read(raw.body(), JsonNode.class).get("stdout").asText()).isEqualTo(big);

        // Chunks gone (say, removed by hand): the record is still served, with the stub in place of the result.
        results.delete(id);
        var lost = api.get("/api/v1/executions/" + id, token);
        assertThat(lost.status()).isEqualTo(200);
        assertThat(lost.json().at("/result/reflex_result/stored").asText()).isEqualTo("out_of_line");
    }

    @Test
    void filterValuesListWhatExecutionsUse() {
        noop();
        var r = api.get("/api/v1/executions/views/filters", token);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("action").toString()).contains("core.noop");
        assertThat(r.json().get("runner").toString()).contains("noop");
        assertThat(r.json().get("user").toString()).contains("st2admin");
        var one = api.get("/api/v1/executions/views/filters?types=status", token);
        assertThat(one.json().fieldNames()).toIterable().containsExactly("status");
    }

    private static String gunzip(byte[] data) throws IOException {
        try (var in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
