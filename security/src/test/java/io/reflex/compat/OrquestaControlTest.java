package io.reflex.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Query;
import io.reflex.security.SecurityStack;
import io.reflex.testing.JsonHttp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pause, resume and cancel of orquesta workflows through the API, and inquiries inside a workflow, end to end
 * (api, action runner, workflow engine): a pause lets the running task finish and starts nothing more until
 * the resume; a cancel reaches the subworkflows; an inquiry pauses its workflow and the answer resumes it.
 */
class OrquestaControlTest {
    private static final SecurityStack stack = SecurityStack.get();

    @BeforeAll
    static void registerFixture() {
        assertThat(stack.register("compat_orquesta").status()).isEqualTo(200);
    }

    @Test
    void aPausedWorkflowWaitsForItsRunningTaskStartsNothingMoreAndAResumeFinishesIt() {
        String id = run("compat_orquesta.slow", Map.of("seconds", 2));
        Execution first = awaitChild(id, "first", ExecutionStatus.RUNNING);

        JsonHttp.Response pausing = stack.put("/api/v1/executions/" + id, stack.admin(), "{\"status\": \"pausing\"}");
        assertThat(pausing.status()).as(pausing.toString()).isEqualTo(200);
        assertThat(pausing.json().path("status").asText()).isEqualTo("pausing");

        awaitStatus(id, ExecutionStatus.PAUSED);
        assertThat(stack.execution(first.id()).orElseThrow().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(children(id)).extracting(OrquestaControlTest::task).containsExactly("first");

        JsonHttp.Response resuming = stack.put("/api/v1/executions/" + id, stack.admin(), "{\"status\": \"resuming\"}");
        assertThat(resuming.status()).as(resuming.toString()).isEqualTo(200);
        Execution done = stack.awaitCompleted(id);
        assertThat(done.status()).as(done.result().toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(done.result().path("output").path("said").asText()).contains("after");
        assertThat(children(id)).extracting(OrquestaControlTest::task).containsExactlyInAnyOrder("first", "second");
    }

    @Test
    void aCanceledWorkflowCancelsItsSubworkflowWhoseRunningCommandFinishesAndNothingMoreStarts() {
        String id = run("compat_orquesta.slow_nested", Map.of("seconds", 2));
        Execution inner = awaitChild(id, "inner", ExecutionStatus.RUNNING);
        Execution first = awaitChild(inner.id(), "first", ExecutionStatus.RUNNING);

        JsonHttp.Response canceled = stack.delete("/api/v1/executions/" + id, stack.admin());
        assertThat(canceled.status()).as(canceled.toString()).isEqualTo(200);
        assertThat(canceled.json().path("status").asText()).isEqualTo("canceling");

        Execution wf = stack.awaitCompleted(id);
        assertThat(wf.status()).as(wf.result().toString()).isEqualTo(ExecutionStatus.CANCELED);
        assertThat(wf.result().has("output")).isTrue();
        assertThat(stack.awaitCompleted(inner.id()).status()).isEqualTo(ExecutionStatus.CANCELED);
        assertThat(stack.awaitCompleted(first.id()).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(children(inner.id())).extracting(OrquestaControlTest::task).containsExactly("first");
    }

    @Test
    void pausingAWorkflowPausesItsSubworkflowAndResumingResumesBoth() {
        String id = run("compat_orquesta.slow_nested", Map.of("seconds", 2));
        Execution inner = awaitChild(id, "inner", ExecutionStatus.RUNNING);
        awaitChild(inner.id(), "first", ExecutionStatus.RUNNING);

        JsonHttp.Response pausing = stack.put("/api/v1/executions/" + id, stack.admin(), "{\"status\": \"pausing\"}");
        assertThat(pausing.status()).as(pausing.toString()).isEqualTo(200);
        awaitStatus(inner.id(), ExecutionStatus.PAUSED);
        awaitStatus(id, ExecutionStatus.PAUSED);
        assertThat(children(inner.id())).extracting(OrquestaControlTest::task).containsExactly("first");

        JsonHttp.Response resuming = stack.put("/api/v1/executions/" + id, stack.admin(), "{\"status\": \"resuming\"}");
        assertThat(resuming.status()).as(resuming.toString()).isEqualTo(200);
        Execution done = stack.awaitCompleted(id);
        assertThat(done.status()).as(done.result().toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(done.result().path("output").path("said").asText()).contains("after");
    }

    @Test
    void pauseAndResumeOfACompletedWorkflowAreRefused() {
        String id = run("compat_orquesta.slow", Map.of("seconds", 0));
        assertThat(stack.awaitCompleted(id).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonHttp.Response pausing = stack.put("/api/v1/executions/" + id, stack.admin(), "{\"status\": \"pausing\"}");
        assertThat(pausing.status()).isEqualTo(400);
        assertThat(pausing.faultstring()).isEqualTo("Execution is already in completed state.");
    }

    @Test
    void anInquiryPausesItsWorkflowOnceTheOtherTaskEndedAndTheAnswerResumesIt() {
        String id = run("compat_orquesta.asking", Map.of());
        Execution ask = awaitChild(id, "ask", ExecutionStatus.PENDING);
        awaitStatus(id, ExecutionStatus.PAUSED);
        assertThat(children(id)).extracting(OrquestaControlTest::task).containsExactlyInAnyOrder("ask", "beside");

        JsonHttp.Response answered = stack.put(
                "/api/v1/inquiries/" + ask.id(),
                stack.admin(),
                "{\"id\": \"" + ask.id() + "\", \"response\": {\"approved\": true}}");
        assertThat(answered.status()).as(answered.toString()).isEqualTo(200);

        Execution done = stack.awaitCompleted(id);
        assertThat(done.status()).as(done.result().toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(done.result().path("output").path("said").asText()).contains("approved=True");
    }

    @Test
    void aFailedWorkflowReRunFromItsFailedTaskKeepsWhatTheEarlierTasksPublishedAndRunsOnlyWhatFollows()
            throws Exception {
        java.nio.file.Path file =
                java.nio.file.Files.createTempDirectory("compat-orq-").resolve("flag");
        String id = run("compat_orquesta.rerunnable", Map.of("file", file.toString()));
        Execution failed = stack.awaitCompleted(id);
        assertThat(failed.status()).as(failed.result().toString()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(children(id)).extracting(OrquestaControlTest::task).containsExactlyInAnyOrder("first", "check");

        java.nio.file.Files.writeString(file, "now there");
        JsonHttp.Response rerun =
                stack.post("/api/v1/executions/" + id + "/re_run", stack.admin(), "{\"tasks\": [\"check\"]}");
        assertThat(rerun.status()).as(rerun.toString()).isEqualTo(201);
        String again = rerun.json().path("id").asText();
        assertThat(rerun.json()
                        .path("context")
                        .path("re-run")
                        .path("tasks")
                        .get(0)
                        .asText())
                .isEqualTo("check");

        Execution done = stack.awaitCompleted(again);
        assertThat(done.status()).as(done.result().toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(done.result().path("output").path("said").asText())
                .startsWith("one")
                .contains("and two");
        assertThat(done.result().has("errors")).isFalse();
        // the first task is not run again
        assertThat(children(again)).extracting(OrquestaControlTest::task).containsExactlyInAnyOrder("check", "last");
    }

    @Test
    void aReRunOfAWithItemsTaskRunsOnlyItsFailedItemsAndAResetRunsThemAll() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("compat-orq-items-");
        java.nio.file.Files.writeString(dir.resolve("a"), "");
        java.nio.file.Files.writeString(dir.resolve("c"), "");
        String id = run("compat_orquesta.rerun_items", Map.of("dir", dir.toString()));
        Execution failed = stack.awaitCompleted(id);
        assertThat(failed.status()).as(failed.result().toString()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(ran(dir)).containsExactlyInAnyOrder("a", "b", "c");
        java.nio.file.Files.writeString(dir.resolve("b"), "");

        JsonHttp.Response failedOnly =
                stack.post("/api/v1/executions/" + id + "/re_run", stack.admin(), "{\"tasks\": [\"each\"]}");
        assertThat(failedOnly.status()).as(failedOnly.toString()).isEqualTo(201);
        Execution again = stack.awaitCompleted(failedOnly.json().path("id").asText());
        assertThat(again.status()).as(again.result().toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(ran(dir)).containsExactlyInAnyOrder("a", "b", "c", "b");
        assertThat(children(again.id())).hasSize(1);
        assertThat(said(again)).containsExactly("a", "b", "c");

        JsonHttp.Response reset = stack.post(
                "/api/v1/executions/" + id + "/re_run",
                stack.admin(),
                "{\"tasks\": [\"each\"], \"reset\": [\"each\"]}");
        assertThat(reset.status()).as(reset.toString()).isEqualTo(201);
        assertThat(reset.json().at("/context/re-run/reset/0").asText()).isEqualTo("each");
        Execution all = stack.awaitCompleted(reset.json().path("id").asText());
        assertThat(all.status()).as(all.result().toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(ran(dir)).containsExactlyInAnyOrder("a", "b", "c", "b", "a", "b", "c");
        assertThat(children(all.id())).hasSize(3);
        assertThat(said(all)).containsExactly("a", "b", "c");
    }

    private static List<String> ran(java.nio.file.Path dir) throws java.io.IOException {
        return java.nio.file.Files.readAllLines(dir.resolve("ran"));
    }

    private static List<String> said(Execution e) {
        List<String> out = new java.util.ArrayList<>();
        e.result().at("/output/said").forEach(v -> out.add(v.asText().trim()));
        return out;
    }

    @Test
    void aReRunOfATaskTheWorkflowNeverRanFailsNamingIt() {
        String id = run("compat_orquesta.slow", Map.of("seconds", 0));
        assertThat(stack.awaitCompleted(id).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonHttp.Response rerun =
                stack.post("/api/v1/executions/" + id + "/re_run", stack.admin(), "{\"tasks\": [\"nope\"]}");
        assertThat(rerun.status()).as(rerun.toString()).isEqualTo(201);
        Execution failed = stack.awaitCompleted(rerun.json().path("id").asText());
        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.result().path("errors").get(0).path("message").asText())
                .contains("requested tasks are not found: nope");
    }

    private static String run(String action, Map<String, Object> parameters) {
        String body = Json.write(Map.of("action", action, "parameters", parameters));
        JsonHttp.Response r = stack.post("/api/v1/executions", stack.admin(), body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().path("id").asText();
    }

    private static List<Execution> children(String parent) {
        return stack.store.executions().find(Query.of(Filter.eq("parent", parent)));
    }

    private static String task(Execution e) {
        return e.context().orquesta().path("task_name").asText();
    }

    private static Execution awaitChild(String parent, String task, ExecutionStatus status) {
        Execution child = Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> children(parent).stream()
                                .filter(c -> task.equals(task(c)))
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
        return awaitStatus(child.id(), status);
    }

    private static Execution awaitStatus(String id, ExecutionStatus status) {
        return stack.awaitStatus(id, status);
    }
}
