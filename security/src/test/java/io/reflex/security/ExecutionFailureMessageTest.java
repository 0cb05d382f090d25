package io.reflex.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An action that fails inside Java (a runner exception, a refused connection, a missing directory) tells the
 * user why in one line; no Java stack trace or exception class dump reaches a client through the execution
 * (get, list or stream). A Python action's own traceback is its output and stays in its result.
 */
class ExecutionFailureMessageTest {
    private static final SecurityStack stack = SecurityStack.get();

    @BeforeAll
    static void registerFixture() {
        assertThat(stack.register("sec_input").status()).isEqualTo(200);
    }

    @Test
    void aLocalCommandWithAMissingCwdFailsSayingSoWithoutAJavaTrace() {
        JsonNode result = failedResult("core.local", Map.of("cmd", "true", "cwd", "/nope/sec_input"));

        assertThat(result.path("error").asText()).contains("cwd '/nope/sec_input' does not exist");
    }

    @Test
    void anActionWhosePackDirectoryIsMissingFailsSayingSoWithoutAJavaTrace() {
        String action = """
                {"name": "sec_input_nodir", "pack": "default", "runner_type": "local-shell-cmd",
                 "entry_point": "", "parameters": {"cmd": {"type": "string", "default": "true"}}}""";
        var created = stack.post("/api/v1/actions", stack.admin(), action);
        assertThat(created.status()).as(created.toString()).isIn(201, 409);

        JsonNode result = failedResult("default.sec_input_nodir", Map.of());

        assertThat(result.path("error").asText()).contains("pack directory").contains("does not exist");
    }

    @Test
    void anHttpRequestToARefusedPortFailsSayingSoWithoutAJavaTrace() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }

        JsonNode result = failedResult("core.http", Map.of("url", "http://127.0.0.1:" + port + "/x"));

        assertThat(result.path("error").asText()).contains("127.0.0.1:" + port).contains("refused");
    }

    @Test
    void aPythonActionThatRaisesKeepsItsPythonTraceback() {
        String id = run("sec_input.py_boom", Map.of());
        var e = stack.awaitCompleted(id);

        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        String shown = stack.get("/api/v1/executions/" + id, stack.admin()).body();
        assertThat(shown).contains("Traceback (most recent call last)").contains("sec_input python failure");
        assertThat(shown).doesNotContain("\\n\\tat ").doesNotContain("java.");
    }

    /** Runs {@code ref} and returns its result as a client sees it, after checking every view of it. */
    private static JsonNode failedResult(String ref, Map<String, String> parameters) {
        String id = run(ref, parameters);
        assertThat(stack.awaitCompleted(id).status()).isEqualTo(ExecutionStatus.FAILED);
        var one = stack.get("/api/v1/executions/" + id, stack.admin());
        var list = stack.get("/api/v1/executions?action=" + ref + "&limit=5", stack.admin());
        var stream = stack.send(
                "GET",
                stack.streamUrl + "/stream/v1/stream?events=st2.execution__update&execution_ids=" + id
                        + "&end_event=st2.execution__update&end_execution_id=" + id,
                stack.admin(),
                null,
                "Last-Event-ID",
                "0");
        for (String shown : new String[] {one.body(), list.body(), stream.body()}) {
            assertNoJavaTrace(shown);
        }
        assertThat(stream.body()).contains(id);
        JsonNode result = one.json().path("result");
        assertThat(result.path("error").asText()).doesNotContain("\n").isNotBlank();
        assertThat(result.path("traceback").asText()).doesNotContain("\n");
        return result;
    }

    private static void assertNoJavaTrace(String shown) {
        assertThat(shown)
                .doesNotContain("\\n\\tat ")
                .doesNotContain("\tat ")
                .doesNotContain("Exception:")
                .doesNotContain("java.")
                .doesNotContain("Cannot run program");
    }

    private static String run(String ref, Map<String, String> parameters) {
        String body = Json.write(Map.of("action", ref, "parameters", parameters));
        var r = stack.post("/api/v1/executions", stack.admin(), body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().path("id").asText();
    }
}
