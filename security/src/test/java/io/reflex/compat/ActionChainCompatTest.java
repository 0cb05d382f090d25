package io.reflex.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.store.Ids;
import io.reflex.security.SecurityStack;
import io.reflex.testing.JsonHttp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Action chains behave as StackStorm's through the API: a cancel stops the chain before its next task and
 * ends it {@code canceled}; a pause lets the running task finish, leaves the chain {@code paused} before the
 * next task, and a resume runs the rest as if it had never paused; a pause reaches a nested chain running as
 * a task, which pauses too and is resumed with its parent; a chain whose {@code core.ask} task waits for an
 * answer is {@code paused}, the answer resumes it (the outermost chain when chains are nested), and the
 * answered task exposes {@code <task>.result.response} to the tasks after it.
 */
class ActionChainCompatTest {
    private static final SecurityStack stack = SecurityStack.get();

    @BeforeAll
    static void registerFixture() {
        assertThat(stack.register("compat_chain").status()).isEqualTo(200);
    }

    @Test
    void aCanceledChainStartsNoFurtherTaskAndEndsCanceled() throws IOException {
        Path file = freshFile();
        String id = run("compat_chain.sleep_then_write", file);
        awaitStatus(Ids.derived(id, "task1", "0"), ExecutionStatus.RUNNING);

        JsonHttp.Response canceled = stack.delete("/api/v1/executions/" + id, stack.admin());
        assertThat(canceled.status()).as(canceled.toString()).isEqualTo(200);

        Execution chain = stack.awaitCompleted(id);
        assertThat(chain.status()).isEqualTo(ExecutionStatus.CANCELED);
        // as StackStorm: only a workflow task is canceled with its chain; a command task finishes
        assertThat(stack.awaitCompleted(Ids.derived(id, "task1", "0")).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(stack.execution(Ids.derived(id, "task2", "1"))).isEmpty();
        assertThat(file).doesNotExist();
    }

    @Test
    void aPausedChainStopsAfterItsTaskAndAResumeFinishesItAsIfNeverPaused() throws IOException {
        Path file = freshFile();
        String id = run("compat_chain.sleep_then_write", file);
        awaitStatus(Ids.derived(id, "task1", "0"), ExecutionStatus.RUNNING);

        JsonHttp.Response pausing = askStatus(id, "pausing");
        assertThat(pausing.json().path("status").asText()).isEqualTo("pausing");

        Execution paused = awaitStatus(id, ExecutionStatus.PAUSED);
        assertThat(stack.execution(Ids.derived(id, "task1", "0")).orElseThrow().status())
                .isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(stack.execution(Ids.derived(id, "task2", "1"))).isEmpty();
        assertThat(paused.result().path("tasks")).hasSize(1);
        assertThat(file).doesNotExist();

        askStatus(id, "resuming");

        Execution done = stack.awaitCompleted(id);
        assertThat(done.status()).as(done.result().toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(done.result().path("tasks")).hasSize(2);
        assertThat(done.result().path("tasks").get(0).path("name").asText()).isEqualTo("task1");
        assertThat(done.result().path("tasks").get(1).path("state").asText()).isEqualTo("succeeded");
        assertThat(Files.readAllLines(file)).containsExactly("task2");
    }

    @Test
    void anAnsweredInquiryIsReadableAsTheTaskResultResponseInTheNextTask() throws IOException {
        Path file = freshFile();
        String id = run("compat_chain.ask_then_write", file);
        String ask = Ids.derived(id, "ask", "0");
        awaitStatus(ask, ExecutionStatus.PENDING);
        awaitStatus(id, ExecutionStatus.PAUSED); // as StackStorm: a chain whose task waits for an answer pauses

        JsonHttp.Response answered = stack.put(
                "/api/v1/inquiries/" + ask,
                stack.admin(),
                "{\"id\": \"" + ask + "\", \"response\": {\"approved\": true, \"note\": \"fine\"}}");
        assertThat(answered.status()).as(answered.toString()).isEqualTo(200);

        Execution done = stack.awaitCompleted(id);
        assertThat(done.status()).as(done.result().toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(Files.readAllLines(file)).containsExactly("approved=yes note=fine");
        var askResult = stack.execution(ask).orElseThrow().result();
        assertThat(askResult.path("response").path("approved").asBoolean()).isTrue();
        assertThat(askResult.has("schema") && askResult.has("roles") && askResult.has("users"))
                .isTrue();
        assertThat(askResult.has("route") && askResult.has("ttl")).isTrue();
    }

    @Test
    void pausingAChainPausesTheNestedChainItRunsAndAResumeResumesBoth() throws IOException {
        Path file = freshFile();
        String id = run("compat_chain.outer", file);
        String inner = Ids.derived(id, "inner", "0");
        awaitStatus(Ids.derived(inner, "task1", "0"), ExecutionStatus.RUNNING);

        askStatus(id, "pausing");

        awaitStatus(id, ExecutionStatus.PAUSED);
        Execution innerPaused = stack.execution(inner).orElseThrow();
        assertThat(innerPaused.status()).isEqualTo(ExecutionStatus.PAUSED);
        assertThat(innerPaused.context().get("paused_by").asText()).isNotEmpty();
        assertThat(stack.execution(Ids.derived(inner, "task2", "1"))).isEmpty();
        assertThat(file).doesNotExist();

        askStatus(id, "resuming");

        Execution done = stack.awaitCompleted(id);
        assertThat(done.status()).as(done.result().toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(stack.execution(inner).orElseThrow().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(Files.readAllLines(file)).containsExactly("task2", "outer");
    }

    @Test
    void anAnswerToAnInquiryInANestedChainResumesTheOutermostChain() throws IOException {
        Path file = freshFile();
        String id = run("compat_chain.outer_ask", file);
        String inner = Ids.derived(id, "inner", "0");
        String ask = Ids.derived(inner, "ask", "0");
        awaitStatus(ask, ExecutionStatus.PENDING);
        awaitStatus(inner, ExecutionStatus.PAUSED);
        awaitStatus(id, ExecutionStatus.PAUSED);

        JsonHttp.Response answered = stack.put(
                "/api/v1/inquiries/" + ask,
                stack.admin(),
                "{\"id\": \"" + ask + "\", \"response\": {\"approved\": false, \"note\": \"later\"}}");
        assertThat(answered.status()).as(answered.toString()).isEqualTo(200);

        Execution done = stack.awaitCompleted(id);
        assertThat(done.status()).as(done.result().toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(Files.readAllLines(file)).containsExactly("approved=no note=later", "outer");
    }

    /** {@code PUT /executions/{id}} with a status, which must be accepted. */
    private static JsonHttp.Response askStatus(String id, String status) {
        JsonHttp.Response r = stack.put("/api/v1/executions/" + id, stack.admin(), "{\"status\": \"" + status + "\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r;
    }

    private static String run(String action, Path file) {
        String body = Json.write(Map.of("action", action, "parameters", Map.of("file", file.toString())));
        JsonHttp.Response r = stack.post("/api/v1/executions", stack.admin(), body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().path("id").asText();
    }

    private static Path freshFile() throws IOException {
        return Files.createTempDirectory("compat-chain-").resolve(UUID.randomUUID() + ".txt");
    }

    private static Execution awaitStatus(String id, ExecutionStatus status) {
        return stack.awaitStatus(id, status);
    }
}
