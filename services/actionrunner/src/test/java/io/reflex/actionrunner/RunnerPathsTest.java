package io.reflex.actionrunner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.actionrunner.ssh.LoopbackSshServer;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.Execution.StatusChange;
import io.reflex.core.execution.ExecutionContext;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.model.Action;
import io.reflex.core.model.ExecutionOutput;
import io.reflex.core.model.Inquiry;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.core.store.Sort;
import io.reflex.executions.ExecutionLauncher;
import io.reflex.executions.ExecutionResults;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every runner path through the real service on embedded backends: an execution requested the way the API
 * and rules engine request them runs to StackStorm's status and result shape.
 */
class RunnerPathsTest {
    @TempDir
    static Path dataDir;

    static RunnerTestServer server;
    static ApiStub api;
    static LoopbackSshServer ssh;

    @BeforeAll
    static void start() throws Exception {
        api = ApiStub.start(token -> server != null
                && server.store()
                        .store(Kinds.TOKEN)
                        .findOne(Filter.eq("token", token))
                        .isPresent());
        ssh = LoopbackSshServer.start(dataDir);
        server = RunnerTestServer.start(
                dataDir.resolve("reflex"),
                Map.of("api.public_url", api.url(), "actionrunner.result_inline_limit", "16384"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (ssh != null) {
            ssh.close();
        }
        if (api != null) {
            api.close();
        }
    }

    private static List<ExecutionStatus> statuses(Execution e) {
        return e.log().stream().map(StatusChange::status).toList();
    }

    private static List<ExecutionOutput> output(String id) {
        return server.store()
                .store(Kinds.EXECUTION_OUTPUT)
                .find(Query.of(Filter.eq("execution_id", id)).sorted(Sort.by("timestamp")));
    }

    @Test
    void localShellCommandSucceedsWithStackStormsResultAndStoresItsOutputLines() {
        Execution e = server.awaitCompleted(server.launch("core.local", "{\"cmd\": \"echo hello; echo oops >&2\"}")
                .id());
        assertThat(e.status()).as(e.result().toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.result())
                .isEqualTo(Json.read(
                        "{\"failed\": false, \"succeeded\": true, \"return_code\": 0, \"stdout\": \"hello\","
                                + " \"stderr\": \"oops\"}",
                        JsonNode.class));
        assertThat(statuses(e))
                .containsExactly(
                        ExecutionStatus.REQUESTED,
                        ExecutionStatus.SCHEDULED,
                        ExecutionStatus.RUNNING,
                        ExecutionStatus.SUCCEEDED);
        assertThat(e.lease()).isNull();
        assertThat(e.runnerInfo().pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(e.runnerInfo().hostname()).isNotBlank();
        assertThat(output(e.id()))
                .extracting(ExecutionOutput::outputType, ExecutionOutput::data)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("stdout", "hello\n"),
                        org.assertj.core.groups.Tuple.tuple("stderr", "oops\n"));
    }

    @Test
    void localShellScriptGetsNamedThenPositionalArgumentsTheEnvironmentAndMaskedOutput() {
        Execution e = server.awaitCompleted(
                server.launch("fixtures.script", "{\"who\": \"bob\"}").id());
        assertThat(e.status()).as(e.result().toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        String stdout = e.result().path("stdout").asText();
        assertThat(stdout).contains("--count=2", "--greeting=bonjour", "--token=hunter2-secret");
        assertThat(stdout.lines().findFirst().orElseThrow()).endsWith(" bob");
        assertThat(stdout)
                .contains("pack=fixtures execution=" + e.id() + " api=" + api.url() + "/v1 debug=False")
                .contains("has-token")
                .as("the service's own REFLEX_* settings are not passed on")
                .contains("reflex_env=none");
        assertThat(e.result().path("stderr").asText()).isEqualTo("to stderr");
        assertThat(output(e.id()).stream().map(ExecutionOutput::data))
                .anySatisfy(line -> assertThat(line).contains("--token=********"))
                .noneSatisfy(line -> assertThat(line).contains("hunter2-secret"));
        assertThat(server.store().store(Kinds.TOKEN).count(Filter.eq("metadata.execution_id", e.id())))
                .as("the temporary token is deleted afterwards")
                .isZero();
    }

    @Test
    void pythonActionUsesTheDatastoreThroughTheApiWithItsTemporaryTokenAndSeesThePackConfig() {
        Execution e = server.awaitCompleted(server.launch("fixtures.datastore", "{\"key\": \"k1\", \"value\": \"v1\"}")
                .id());
        assertThat(e.status()).as(e.result().toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.result().path("result"))
                .isEqualTo(Json.read("{\"got\": \"v1\", \"greeting\": \"bonjour\"}", JsonNode.class));
        assertThat(e.result().path("exit_code").asInt()).isZero();
        assertThat(e.result().path("stdout").asText()).contains("stored k1");
        assertThat(api.tokensSeen).isNotEmpty().allSatisfy(t -> assertThat(t).hasSize(32));
    }

    @Test
    void httpRequestReturnsStatusParsedBodyAndHeaders() {
        Execution e = server.awaitCompleted(server.launch("core.http", "{\"url\": \"" + api.url() + "/hello\"}")
                .id());
        assertThat(e.status()).as(e.result().toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.result().path("status_code").asInt()).isEqualTo(200);
        assertThat(e.result().path("body").path("hi").asText()).isEqualTo("there");
        assertThat(e.result().path("parsed").asBoolean()).isTrue();
        assertThat(e.result().path("headers").isObject()).isTrue();
    }

    @Test
    void noopSucceedsAtOnce() {
        Execution e = server.awaitCompleted(server.launch("core.noop", "{}").id());
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.result())
                .isEqualTo(Json.read("{\"failed\": false, \"succeeded\": true, \"return_code\": 0}", JsonNode.class));
    }

    @Test
    void remoteCommandAndScriptRunOverSshWithPerHostResults() {
        String host = "127.0.0.1:" + ssh.port();
        String auth = "\"hosts\": \"" + host + "\", \"username\": \"" + LoopbackSshServer.USER + "\", \"password\": \""
                + LoopbackSshServer.PASSWORD + "\"";
        Execution cmd = server.awaitCompleted(server.launch("core.remote", "{" + auth + ", \"cmd\": \"echo remote\"}")
                .id());
        assertThat(cmd.status()).as(cmd.result().toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(cmd.result().get(host).path("stdout").asText()).isEqualTo("remote");
        assertThat(cmd.result().get(host).path("return_code").asInt()).isZero();
        Execution script = server.awaitCompleted(
                server.launch("fixtures.remote_script", "{" + auth + "}").id());
        assertThat(script.status()).as(script.result().toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(script.result().get(host).path("stdout").asText()).isEqualTo("remote script ran");
    }

    @Test
    void announcementSucceedsWithItsParametersAsOutput() {
        Execution e = server.awaitCompleted(server.launch("core.announcement", "{\"message\": {\"text\": \"hi\"}}")
                .id());
        assertThat(e.status()).as(e.result().toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.result())
                .isEqualTo(Json.read(
                        "{\"output\": {\"message\": {\"text\": \"hi\"}}, \"message\": {\"text\": \"hi\"}}",
                        JsonNode.class));
    }

    @Test
    void inquirerStoresTheQuestionAndStaysPendingWithoutALease() {
        Execution e = server.awaitStatus(
                server.launch("core.ask", "{\"route\": \"ops\"}").id(),
                Duration.ofSeconds(30),
                ExecutionStatus.PENDING,
                ExecutionStatus.FAILED);
        assertThat(e.status()).as(e.result().toString()).isEqualTo(ExecutionStatus.PENDING);
        assertThat(e.result().path("route").asText()).isEqualTo("ops");
        assertThat(e.result().path("ttl").asInt()).isEqualTo(1440);
        assertThat(e.result().path("schema").path("properties").has("continue")).isTrue();
        assertThat(e.result().path("roles").isArray()).isTrue();
        assertThat(e.result().path("users").isArray()).isTrue();
        assertThat(e.lease()).isNull();
        Inquiry q = server.store().store(Kinds.INQUIRY).get(e.id()).orElseThrow();
        assertThat(q.route()).isEqualTo("ops");
        assertThat(q.ttl()).isEqualTo(1440);
    }

    @Test
    void actionChainRunsItsTasksAsChildrenPublishingVariables() {
        Execution e = server.awaitCompleted(
                server.launch("fixtures.chain", "{\"name\": \"reflex\"}").id());
        assertThat(e.status()).as(e.result().toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode tasks = e.result().path("tasks");
        assertThat(tasks).hasSize(2);
        assertThat(tasks.get(0).path("name").asText()).isEqualTo("first");
        assertThat(tasks.get(0).path("state").asText()).isEqualTo("succeeded");
        assertThat(tasks.get(0).path("result").path("stdout").asText()).isEqualTo("hello reflex");
        assertThat(tasks.get(1).path("result").path("stdout").asText()).isEqualTo("hello reflex from " + e.id());
        assertThat(e.result().path("published").path("said").asText()).isEqualTo("hello reflex");
        assertThat(e.children()).hasSize(2);
        Execution child = server.get(e.children().get(0));
        assertThat(child.parent()).isEqualTo(e.id());
        assertThat(child.context().parentExecutionId()).isEqualTo(e.id());
        assertThat(child.context().get("chain").path("name").asText()).isEqualTo("first");
        assertThat(tasks.get(0).path("execution_id").asText()).isEqualTo(child.id());
    }

    @Test
    void aFailingChainTaskFollowsOnFailureAndTheChainEndsWithTheLastTasksStatus() {
        Execution e = server.awaitCompleted(
                server.launch("fixtures.chain", "{\"fail\": true}").id());
        JsonNode tasks = e.result().path("tasks");
        assertThat(tasks).extracting(t -> t.path("name").asText()).containsExactly("first", "second", "recover");
        assertThat(tasks.get(1).path("state").asText()).isEqualTo("failed");
        assertThat(tasks.get(1).path("result").path("return_code").asInt()).isEqualTo(3);
        assertThat(e.status()).as(e.result().toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void aCommandRunningPastItsTimeoutIsKilledAndEndsInTimeout() {
        Execution e = server.awaitCompleted(server.launch("core.local", "{\"cmd\": \"sleep 20\", \"timeout\": 1}")
                .id());
        assertThat(e.status()).as(e.result().toString()).isEqualTo(ExecutionStatus.TIMEOUT);
        assertThat(e.result().path("return_code").asInt()).isEqualTo(-9);
        assertThat(e.result().path("error").asText()).isEqualTo("Action failed to complete in 1 seconds");
    }

    @Test
    void cancelingARunningExecutionKillsItAndEndsCanceled() {
        String id = server.launch("core.local", "{\"cmd\": \"echo started; sleep 30\"}")
                .id();
        server.awaitStatus(id, Duration.ofSeconds(30), ExecutionStatus.RUNNING);
        server.writer()
                .apply(
                        id,
                        c -> c.status() == ExecutionStatus.RUNNING
                                ? c.transitionTo(ExecutionStatus.CANCELING, io.reflex.core.json.Timestamps.now())
                                : c);
        Execution e = server.awaitCompleted(id);
        assertThat(e.status()).isEqualTo(ExecutionStatus.CANCELED);
        assertThat(e.result().path("return_code").asInt()).isEqualTo(-15);
    }

    @Test
    void aTemplateErrorInADefaultFailsTheExecutionWithTheReason() {
        ObjectNode parameters =
                Json.read("{\"cmd\": {\"type\": \"string\", \"default\": \"echo {{ nope }}\"}}", ObjectNode.class);
        server.store()
                .store(Kinds.ACTION)
                .insert(new Action(
                        Ids.newId(),
                        "bad_default",
                        "core",
                        "",
                        true,
                        "",
                        "local-shell-cmd",
                        parameters,
                        null,
                        null,
                        null,
                        null));
        Execution e =
                server.awaitCompleted(server.launch("core.bad_default", "{}").id());
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.result().path("error").asText()).contains("cmd").contains("nope");
        assertThat(e.result().path("traceback").asText()).isNotBlank();
    }

    @Test
    void storedParametersAreDataAndTemplateTextInThemRunsLiterally() {
        Execution e = server.awaitCompleted(
                server.launch("core.local", "{\"cmd\": \"echo '{{ 7*7 }}'\"}").id());
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.result().path("stdout").asText()).isEqualTo("{{ 7*7 }}");
    }

    @Test
    void aResultAboveTheInlineLimitIsKeptOutOfTheRecordAndReadsBackWhole() {
        Execution e = server.awaitCompleted(
                server.launch("core.local", "{\"cmd\": \"head -c 40000 /dev/zero | tr '\\\\0' a\"}")
                        .id());
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(ExecutionResults.isOutOfLine(e.result())).isTrue();
        JsonNode whole = new ExecutionResults(server.store(), 16384).whole(e);
        assertThat(whole.path("stdout").asText()).hasSize(40000).matches("a+");
        assertThat(whole.path("return_code").asInt()).isZero();
    }

    @Test
    void aRequestedDelayIsWaitedOutAsDelayed() {
        ExecutionLauncher launcher = new ExecutionLauncher(
                server.store(), server.backends().bus(), server.writer(), java.time.Clock.systemUTC(), null);
        Execution requested = launcher.launch(new ExecutionLauncher.Launch(
                null,
                launcher.resolver().resolve("core.noop"),
                Json.object(),
                "stanley",
                ExecutionContext.EMPTY,
                null,
                300,
                null));
        assertThat(requested.status()).isEqualTo(ExecutionStatus.DELAYED);
        Execution e = server.awaitCompleted(requested.id());
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(statuses(e)).startsWith(ExecutionStatus.DELAYED).contains(ExecutionStatus.SCHEDULED);
        assertThat(e.log().get(1).timestamp())
                .isAfterOrEqualTo(e.startTimestamp().plusMillis(300));
    }
}
