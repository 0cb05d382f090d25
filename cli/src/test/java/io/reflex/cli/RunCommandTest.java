package io.reflex.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.cli.client.ExitCodes;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.store.Query;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code reflex run} and {@code reflex execution ...} against a running auth + api + stream. No action runner
 * runs here: the test plays the runner, moving the requested execution to its final status in the store
 * while the command waits.
 */
class RunCommandTest {
    static CliStack stack;

    @TempDir
    Path home;

    @BeforeAll
    static void start() throws Exception {
        stack = CliStack.get();
    }

    CliStack.Run reflex(String... args) {
        return stack.reflex(home, stack.adminEnv(), "", args);
    }

    /** Runs a command on its own (virtual, so never keeping the JVM alive) thread. */
    CompletableFuture<CliStack.Run> inBackground(String... args) {
        CompletableFuture<CliStack.Run> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> result.complete(reflex(args)));
        return result;
    }

    /** The execution whose cmd parameter is {@code marker}, once the API stored it. */
    Execution requested(String marker) {
        return await().atMost(Duration.ofSeconds(20))
                .until(() -> find(marker), Optional::isPresent)
                .orElseThrow();
    }

    Optional<Execution> find(String marker) {
        return stack.store.executions().find(Query.all()).stream()
                .filter(e -> e.parameters().path("cmd").asText().equals(marker))
                .findFirst();
    }

    static String marker() {
        return "echo " + UUID.randomUUID();
    }

    @Test
    void asyncPrintsTheIdAndSendsParametersCastToTheirTypes() throws Exception {
        CliStack.Run r =
                reflex("run", "--async", "core.local", "cmd=date", "timeout=5", "env={\"A\": \"1\"}", "cwd=/tmp");

        assertThat(r.code()).as(r.toString()).isZero();
        String id = r.out().strip();
        assertThat(id).matches("[0-9a-f]{24}");
        Execution e = stack.store.executions().get(id).orElseThrow();
        assertThat(e.status()).isEqualTo(ExecutionStatus.REQUESTED);
        assertThat(e.parameters().get("timeout").isIntegralNumber()).isTrue();
        assertThat(e.parameters().get("timeout").asInt()).isEqualTo(5);
        assertThat(e.parameters().get("env")).isEqualTo(Json.mapper().readTree("{\"A\": \"1\"}"));
        assertThat(e.parameters().get("cwd").asText()).isEqualTo("/tmp");
    }

    @Test
    void runWaitsForTheExecutionThenPrintsItsResultAndExitsZero() throws Exception {
        String cmd = marker();
        CompletableFuture<CliStack.Run> run = inBackground("run", "core.local", "cmd=" + cmd);
        Execution e = requested(cmd);
        assertThat(run).isNotDone();

        stack.complete(e.id(), ExecutionStatus.SUCCEEDED, Json.mapper().readTree("""
                {"succeeded": true, "failed": false, "return_code": 0, "stdout": "the-answer-42", "stderr": ""}"""));

        CliStack.Run r = run.get(30, TimeUnit.SECONDS);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out())
                .contains("id: " + e.id())
                .contains("action.ref: core.local")
                .containsPattern("status: succeeded \\(1\\.\\ds elapsed\\)")
                .contains("stdout: the-answer-42");
        assertThat(r.err()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"FAILED, 1", "TIMEOUT, 2", "ABANDONED, 4"})
    void theExitCodeReflectsTheFinalStatus(ExecutionStatus status, int exitCode) throws Exception {
        String cmd = marker();
        CompletableFuture<CliStack.Run> run = inBackground("run", "core.local", "cmd=" + cmd, "--json");
        Execution e = requested(cmd);

        stack.complete(e.id(), status, Json.mapper().readTree("{\"return_code\": 1}"));

        CliStack.Run r = run.get(30, TimeUnit.SECONDS);
        assertThat(r.code()).as(r.toString()).isEqualTo(exitCode);
        assertThat(Json.mapper().readTree(r.out()).path("status").asText()).isEqualTo(status.wire());
    }

    @Test
    void cancelingAWaitedExecutionEndsTheWaitWithTheCanceledExitCode() throws Exception {
        String cmd = marker();
        CompletableFuture<CliStack.Run> run = inBackground("run", "core.local", "cmd=" + cmd);
        Execution e = requested(cmd);

        CliStack.Run cancel = reflex("execution", "cancel", e.id());
        assertThat(cancel.code()).as(cancel.toString()).isZero();
        assertThat(cancel.out()).contains("Execution " + e.id());

        CliStack.Run r = run.get(30, TimeUnit.SECONDS);
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.CANCELED);
        assertThat(r.out()).contains("status: canceled");
    }

    @Test
    void tailPrintsTheOutputWhileTheExecutionRunsThenTheResult() throws Exception {
        // no stream service: the output is followed by polling the API
        Map<String, String> env = stack.adminEnv();
        env.put("REFLEX_STREAM_URL", "http://127.0.0.1:1");
        StringWriter out = new StringWriter();
        String cmd = marker();
        CompletableFuture<CliStack.Run> run = new CompletableFuture<>();
        Thread.ofVirtual()
                .start(() ->
                        run.complete(stack.reflex(home, env, "", out, "run", "core.local", "cmd=" + cmd, "--tail")));
        Execution e = requested(cmd);
        stack.change(e.id(), x -> x.transitionTo(ExecutionStatus.SCHEDULED, java.time.Instant.now()));
        stack.change(e.id(), x -> x.transitionTo(ExecutionStatus.RUNNING, java.time.Instant.now()));

        stack.output(e.id(), "stdout", "first line\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> out.toString().contains("first line\n"));
        stack.output(e.id(), "stderr", "second line\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> out.toString().contains("second line\n"));
        assertThat(run).isNotDone();
        stack.change(e.id(), x -> x.withResult(Json.object().put("stdout", "done-marker")));
        stack.change(e.id(), x -> x.transitionTo(ExecutionStatus.SUCCEEDED, java.time.Instant.now()));

        CliStack.Run r = run.get(30, TimeUnit.SECONDS);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).containsSubsequence("first line\n", "second line\n", "status: succeeded", "done-marker");
        assertThat(r.out()).containsOnlyOnce("first line");
    }

    @Test
    void tailGetsOutputTheStreamDidNotDeliverFromTheStore() throws Exception {
        // here the stream service runs but does not share the test's event log (embedded broker): the
        // stored output is printed when the execution ends
        String cmd = marker();
        CompletableFuture<CliStack.Run> run = inBackground("run", "core.local", "cmd=" + cmd, "--tail");
        Execution e = requested(cmd);
        stack.output(e.id(), "stdout", "late line\n");

        stack.complete(e.id(), ExecutionStatus.SUCCEEDED, Json.object());

        CliStack.Run r = run.get(30, TimeUnit.SECONDS);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).containsSubsequence("late line\n", "status: succeeded");
        assertThat(r.out()).containsOnlyOnce("late line");
    }

    @Test
    void anUnknownActionIsRefusedInOneLine() {
        CliStack.Run r = reflex("run", "nope.missing", "x=1");

        assertThat(r.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(r.err()).isEqualTo("reflex: Action \"nope.missing\" cannot be found.\n");
    }

    @Test
    void helpWithAnActionListsItsParametersAsSt2Does() {
        CliStack.Run r = reflex("run", "core.local", "--help");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out())
                .startsWith("Run a shell command on the runner's host.\n\nRequired Parameters:\n    cmd\n")
                .contains("        Type: string\n")
                .contains("\nOptional Parameters:\n")
                .contains("    timeout\n", "        Type: integer\n", "        Default: 60\n")
                .doesNotContain("    sudo\n")
                .endsWith("Run it: reflex run core.local cmd=...\n");
        assertThat(r.out().indexOf("    cwd\n")).isLessThan(r.out().indexOf("    timeout\n"));
    }

    @Test
    void helpForAnUnknownActionIsRefusedAndHelpWithoutOneIsTheUsage() {
        CliStack.Run unknown = reflex("run", "nope.missing", "-h");
        CliStack.Run usage = reflex("run", "-h");

        assertThat(unknown.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(unknown.err()).isEqualTo("reflex: Action \"nope.missing\" cannot be found.\n");
        assertThat(usage.code()).isZero();
        assertThat(usage.out()).startsWith("Usage: reflex run").contains("the action's parameters");
    }

    @Test
    void aValueThatDoesNotFitItsTypeIsAUsageError() {
        CliStack.Run r = reflex("run", "core.local", "cmd=date", "timeout=soon");

        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("reflex: parameter 'timeout': 'soon' is not an integer\n");
    }

    @Test
    void aParameterTheApiRejectsIsRefusedWithItsFaultstring() {
        CliStack.Run r = reflex("run", "core.echo");

        assertThat(r.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(r.err()).startsWith("reflex: ").contains("message").contains("(HTTP 400, POST /v1/executions)");
        assertThat(r.err().lines()).hasSize(1);
    }

    @Test
    void executionListGetAndTailShowStoredExecutions() throws Exception {
        String cmd = marker();
        String id = reflex("run", "--async", "core.local", "cmd=" + cmd).out().strip();
        stack.output(id, "stdout", "stored output line\n");
        stack.complete(id, ExecutionStatus.SUCCEEDED, Json.mapper().readTree("{\"stdout\": \"stored output line\"}"));

        Map<String, String> wide = stack.adminEnv();
        wide.put("COLUMNS", "200");
        CliStack.Run list = stack.reflex(home, wide, "", "execution", "list", "-n", "50", "--action", "core.local");
        assertThat(list.code()).as(list.toString()).isZero();
        assertThat(list.out()).contains("| id ").contains(id).containsPattern("succeeded \\(\\d\\.\\ds elapsed\\)");
        // at 80 columns cells wrap, but ids stay whole to be copied
        CliStack.Run narrow = reflex("execution", "list", "-n", "50");
        assertThat(narrow.out()).contains(id);
        assertThat(narrow.out().lines()).allSatisfy(l -> assertThat(l).hasSizeLessThanOrEqualTo(80));

        JsonNode listed = Json.mapper()
                .readTree(reflex("execution", "list", "-n", "1", "--json").out());
        assertThat(listed).hasSize(1);

        CliStack.Run get = reflex("execution", "get", id, "--yaml");
        assertThat(get.code()).isZero();
        assertThat(get.out()).contains("id: " + id).contains("status: succeeded");

        CliStack.Run tail = reflex("execution", "tail", id);
        assertThat(tail.code()).as(tail.toString()).isZero();
        assertThat(tail.out())
                .containsSubsequence("stored output line\n", "Execution " + id + " has completed (status=succeeded).");
    }

    @Test
    void tailOfAWorkflowFollowsEachChildInTurn() throws Exception {
        String parent = reflex("run", "--async", "examples.echochain", "name=" + UUID.randomUUID())
                .out()
                .strip();
        stack.change(parent, x -> x.transitionTo(ExecutionStatus.SCHEDULED, java.time.Instant.now()));
        stack.change(parent, x -> x.transitionTo(ExecutionStatus.RUNNING, java.time.Instant.now()));
        StringWriter out = new StringWriter();
        CompletableFuture<CliStack.Run> tail = new CompletableFuture<>();
        Thread.ofVirtual()
                .start(() -> tail.complete(stack.reflex(home, stack.adminEnv(), "", out, "execution", "tail", parent)));

        String greet = child(parent, "greet");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> out.toString().contains("Child execution (task=greet) " + greet + " has started."));
        stack.output(greet, "stdout", "hello from greet\n");
        stack.complete(greet, ExecutionStatus.SUCCEEDED, Json.object());
        await().atMost(Duration.ofSeconds(20))
                .until(() -> out.toString().contains("(task=greet) " + greet + " has finished (status=succeeded)."));
        String check = child(parent, "check");
        stack.output(check, "stderr", "not a number\n");
        stack.complete(check, ExecutionStatus.FAILED, Json.object());
        await().atMost(Duration.ofSeconds(20))
                .until(() -> out.toString().contains("(task=check) " + check + " has finished (status=failed)."));
        assertThat(tail).isNotDone();
        stack.change(parent, x -> x.transitionTo(ExecutionStatus.FAILED, java.time.Instant.now()));

        CliStack.Run r = tail.get(30, TimeUnit.SECONDS);
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.out())
                .containsSubsequence(
                        "Child execution (task=greet) " + greet + " has started.\n\n",
                        "hello from greet\n",
                        "\nChild execution (task=greet) " + greet + " has finished (status=succeeded).\n",
                        "Child execution (task=check) " + check + " has started.\n\n",
                        "not a number\n",
                        "Child execution (task=check) " + check + " has finished (status=failed).\n",
                        "Execution " + parent + " has completed (status=failed).")
                .containsOnlyOnce("hello from greet");
    }

    @Test
    void getOfAWorkflowListsItsTasksAndListHidesThemUnlessShowAll() throws Exception {
        String parent = reflex("run", "--async", "examples.echochain", "name=" + UUID.randomUUID())
                .out()
                .strip();
        String greet = child(parent, "greet");
        String check = child(parent, "check");
        Map<String, String> wide = stack.adminEnv();
        wide.put("COLUMNS", "220");

        CliStack.Run get = stack.reflex(home, wide, "", "execution", "get", parent);
        assertThat(get.code()).as(get.toString()).isZero();
        assertThat(get.out())
                .contains("| id ", "| task ", "| action ")
                .containsPattern("\\| " + greet + " +\\| requested +\\| greet +\\| core.local ")
                .containsPattern("\\| " + check + " +\\| requested +\\| check +\\| core.local ");
        assertThat(get.out().indexOf(greet)).isLessThan(get.out().indexOf(check));
        assertThat(stack.reflex(home, wide, "", "execution", "get", parent, "--raw")
                        .out())
                .doesNotContain(greet);
        assertThat(stack.reflex(home, wide, "", "execution", "get", parent, "--show-tasks", "--depth", "0")
                        .out())
                .doesNotContain(greet);

        CliStack.Run notWorkflow = reflex("execution", "get", greet, "--show-tasks");
        assertThat(notWorkflow.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(notWorkflow.err()).contains("--show-tasks can only be used with workflow actions");

        assertThat(stack.reflex(home, wide, "", "execution", "list", "-n", "100")
                        .out())
                .contains(parent)
                .doesNotContain(greet);
        assertThat(stack.reflex(home, wide, "", "execution", "list", "-n", "100", "--showall")
                        .out())
                .contains(parent, greet, check);
        assertThat(stack.reflex(home, wide, "", "execution", "list", "--parent", parent)
                        .out())
                .contains(greet, check)
                .doesNotContain("| " + parent);
    }

    @Test
    void runOfAWorkflowEndsWithItsTasks() throws Exception {
        String name = UUID.randomUUID().toString();
        CompletableFuture<CliStack.Run> run = inBackground("run", "examples.echochain", "name=" + name);
        String parent = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> stack.store.executions().find(Query.all()).stream()
                                .filter(e ->
                                        e.parameters().path("name").asText().equals(name))
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow()
                .id();
        String greet = child(parent, "greet");
        stack.complete(greet, ExecutionStatus.SUCCEEDED, Json.object());
        stack.complete(parent, ExecutionStatus.SUCCEEDED, Json.object());

        CliStack.Run r = run.get(60, TimeUnit.SECONDS);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).containsSubsequence("status: succeeded", "| task ", greet, "greet", "core.local");
    }

    @Test
    void pauseAndResumeAskTheWorkflowAndShowItsStatus() throws Exception {
        String parent = reflex("run", "--async", "examples.echochain", "name=" + UUID.randomUUID())
                .out()
                .strip();
        stack.change(parent, x -> x.transitionTo(ExecutionStatus.SCHEDULED, java.time.Instant.now()));
        stack.change(parent, x -> x.transitionTo(ExecutionStatus.RUNNING, java.time.Instant.now()));

        CliStack.Run pause = reflex("execution", "pause", parent);
        assertThat(pause.code()).as(pause.toString()).isZero();
        assertThat(pause.out()).contains("id: " + parent).contains("status: pausing");
        assertThat(stack.store.executions().get(parent).orElseThrow().status()).isEqualTo(ExecutionStatus.PAUSING);

        stack.change(parent, x -> x.transitionTo(ExecutionStatus.PAUSED, java.time.Instant.now()));
        CliStack.Run resume = reflex("execution", "resume", parent);
        assertThat(resume.code()).as(resume.toString()).isZero();
        assertThat(resume.out()).contains("status: resuming");

        String plain =
                reflex("run", "--async", "core.local", "cmd=" + marker()).out().strip();
        CliStack.Run refused = reflex("execution", "pause", plain);
        assertThat(refused.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(refused.err())
                .contains("not supported by the \"local-shell-cmd\" runner")
                .contains("HTTP 400");
    }

    /** Requests a child execution of workflow {@code parent} for its task {@code task}, as a chain runner does. */
    private static String child(String parent, String task) throws Exception {
        String body = Json.object()
                .put("action", "core.local")
                .<com.fasterxml.jackson.databind.node.ObjectNode>set(
                        "parameters", Json.object().put("cmd", "echo " + task))
                .set(
                        "context",
                        Json.object()
                                .<com.fasterxml.jackson.databind.node.ObjectNode>set(
                                        "parent", Json.object().put("execution_id", parent))
                                .set("chain", Json.object().put("name", task)))
                .toString();
        var response = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(stack.apiUrl + "/api/v1/executions"))
                                .header("X-Auth-Token", stack.adminToken())
                                .header("Content-Type", "application/json")
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return Json.mapper().readTree(response.body()).path("id").asText();
    }

    @Test
    void reRunMergesTheGivenParametersOverTheOriginalOnes() {
        String id = reflex("run", "--async", "core.local", "cmd=date", "timeout=7")
                .out()
                .strip();

        CliStack.Run r = reflex("execution", "re-run", id, "cmd=uptime", "--async");

        assertThat(r.code()).as(r.toString()).isZero();
        Execution again = stack.store.executions().get(r.out().strip()).orElseThrow();
        assertThat(again.parameters().path("cmd").asText()).isEqualTo("uptime");
        assertThat(again.parameters().path("timeout").asInt()).isEqualTo(7);
    }

    @Test
    void gettingAnUnknownExecutionIsRefused() {
        CliStack.Run r = reflex("execution", "get", "000000000000000000000000");

        assertThat(r.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(r.err()).startsWith("reflex: ").contains("(HTTP 404");
    }
}
