package io.reflex.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.reflex.core.json.Json;
import io.reflex.testing.ServiceProcess;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fixture pack and the core pack through every runner, with the API and one action runner as separate
 * processes: executions are requested and read through the API; the Python action's datastore calls go
 * from the runner's child process to the API process; http-request and SSH reach servers in this JVM over
 * loopback TCP.
 */
@ExtendWith(ClusterExtension.class)
class RunnersThroughProcessesTest {
    static Cluster cluster;
    static Executions executions;
    static ServiceProcess runner;
    static LoopbackSsh ssh;
    static HttpServer http;
    static final List<String> userAgents = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start(Cluster c) throws Exception {
        cluster = c;
        executions = new Executions(c.api());
        Path dir = Files.createDirectories(c.dir.resolve("runners-test"));
        ssh = LoopbackSsh.start(dir);
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/hello", ex -> {
            userAgents.add(String.valueOf(ex.getRequestHeaders().getFirst("User-Agent")));
            byte[] body = "{\"hi\": \"there\"}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            try (var out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        http.start();
        runner = c.startRunner("runner-paths", Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (runner != null) {
            runner.close();
        }
        if (http != null) {
            http.stop(0);
        }
        if (ssh != null) {
            ssh.close();
        }
    }

    private static JsonNode succeeded(String action, String parameters) {
        JsonNode e = executions.run(action, parameters);
        assertThat(e.path("status").asText()).as(e.toString()).isEqualTo("succeeded");
        return e;
    }

    @Test
    void localShellCommandReturnsStackStormsResultShape() {
        JsonNode e = succeeded("core.local", "{\"cmd\": \"echo hello; echo oops >&2\"}");
        assertThat(e.path("result"))
                .isEqualTo(Json.read(
                        "{\"failed\": false, \"succeeded\": true, \"return_code\": 0, \"stdout\": \"hello\","
                                + " \"stderr\": \"oops\"}",
                        JsonNode.class));
        assertThat(e.path("runner").path("name").asText()).isEqualTo("local-shell-cmd");
    }

    @Test
    void localShellScriptGetsNamedThenPositionalArgumentsAndTheApiUrl() {
        JsonNode e = succeeded("e2e.script", "{\"who\": \"bob\"}");
        String stdout = e.path("result").path("stdout").asText();
        assertThat(stdout).contains("--count=2", "--greeting=bonjour");
        assertThat(stdout.lines().findFirst().orElseThrow())
                .startsWith("args: --")
                .endsWith(" bob");
        assertThat(stdout)
                .contains("pack=e2e execution=" + e.path("id").asText() + " api="
                        + cluster.api().base() + "/v1")
                .contains("has-token");
        assertThat(e.path("result").path("stderr").asText()).isEqualTo("to stderr");
    }

    @Test
    void pythonActionReadsAndWritesTheDatastoreThroughTheApiProcess() {
        String key = "e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        JsonNode e = succeeded("e2e.datastore", "{\"key\": \"" + key + "\", \"value\": \"v-" + key + "\"}");
        assertThat(e.path("result").path("result"))
                .isEqualTo(Json.read("{\"got\": \"v-" + key + "\", \"greeting\": \"bonjour\"}", JsonNode.class));
        assertThat(e.path("result").path("stdout").asText()).contains("stored " + key);
        var stored = cluster.api().get("/api/v1/keys/" + key).requireStatus(200, "key written by the action");
        assertThat(stored.json().path("value").asText()).isEqualTo("v-" + key);
    }

    @Test
    void httpRequestReachesAServerAndReturnsStatusAndParsedBody() {
        JsonNode e = succeeded(
                "core.http", "{\"url\": \"http://127.0.0.1:" + http.getAddress().getPort() + "/hello\"}");
        assertThat(e.path("result").path("status_code").asInt()).isEqualTo(200);
        assertThat(e.path("result").path("body").path("hi").asText()).isEqualTo("there");
        assertThat(e.path("result").path("parsed").asBoolean()).isTrue();
        assertThat(userAgents).anySatisfy(ua -> assertThat(ua).startsWith("st2/v"));
    }

    @Test
    void noopAndAnnouncementSucceed() {
        assertThat(succeeded("core.noop", "{}").path("result"))
                .isEqualTo(Json.read("{\"failed\": false, \"succeeded\": true, \"return_code\": 0}", JsonNode.class));
        assertThat(succeeded("core.announcement", "{\"message\": {\"text\": \"hi\"}}")
                        .path("result"))
                .isEqualTo(Json.read(
                        "{\"output\": {\"message\": {\"text\": \"hi\"}}, \"message\": {\"text\": \"hi\"}}",
                        JsonNode.class));
    }

    @Test
    void inquirerWaitsPendingUntilAnsweredThroughTheApiThenSucceeds() {
        String id = executions.request("core.ask", "{\"route\": \"ops\"}");
        JsonNode pending = executions.awaitStatus(id, Executions.PATIENCE, Set.of("pending", "failed"));
        assertThat(pending.path("status").asText()).as(pending.toString()).isEqualTo("pending");
        assertThat(cluster.api()
                        .get("/api/v1/inquiries/" + id)
                        .requireStatus(200, "inquiry")
                        .json()
                        .path("route")
                        .asText())
                .isEqualTo("ops");

        cluster.api()
                .put("/api/v1/inquiries/" + id, "{\"response\": {\"continue\": true}}")
                .requireStatus(200, "inquiry response");

        JsonNode e = executions.awaitCompleted(id);
        assertThat(e.path("status").asText()).as(e.toString()).isEqualTo("succeeded");
        assertThat(e.path("result").path("response").path("continue").asBoolean())
                .isTrue();
    }

    @Test
    void remoteCommandRunsOverSshWithPasswordOrKeyAndAScriptIsUploaded() {
        String target = "\"hosts\": \"" + ssh.host() + "\", \"username\": \"" + LoopbackSsh.USER + "\"";
        JsonNode byPassword = succeeded(
                "core.remote",
                "{" + target + ", \"password\": \"" + LoopbackSsh.PASSWORD + "\", \"cmd\": \"echo over ssh\"}");
        assertThat(byPassword.path("result").path(ssh.host()).path("stdout").asText())
                .isEqualTo("over ssh");
        assertThat(byPassword
                        .path("result")
                        .path(ssh.host())
                        .path("return_code")
                        .asInt())
                .isZero();
        assertThat(byPassword.path("result").path(ssh.host()).path("succeeded").asBoolean())
                .isTrue();

        String key = Json.write(ssh.clientKeyPem());
        JsonNode byKey =
                succeeded("core.remote", "{" + target + ", \"private_key\": " + key + ", \"cmd\": \"echo by key\"}");
        assertThat(byKey.path("result").path(ssh.host()).path("stdout").asText())
                .isEqualTo("by key");

        JsonNode script =
                succeeded("e2e.remote_script", "{" + target + ", \"password\": \"" + LoopbackSsh.PASSWORD + "\"}");
        assertThat(script.path("result").path(ssh.host()).path("stdout").asText())
                .isEqualTo("remote script ran");
    }

    @Test
    void actionChainRunsItsTasksAsChildExecutions() {
        JsonNode e = succeeded("e2e.chain", "{\"name\": \"reflex\"}");
        JsonNode tasks = e.path("result").path("tasks");
        assertThat(tasks).hasSize(2);
        assertThat(tasks.get(0).path("result").path("stdout").asText()).isEqualTo("hello reflex");
        assertThat(tasks.get(1).path("result").path("stdout").asText())
                .isEqualTo("hello reflex from " + e.path("id").asText());
        assertThat(e.path("children")).hasSize(2);
        JsonNode child = executions.get(e.path("children").get(0).asText());
        assertThat(child.path("parent").asText()).isEqualTo(e.path("id").asText());
        assertThat(child.path("status").asText()).isEqualTo("succeeded");
    }
}
