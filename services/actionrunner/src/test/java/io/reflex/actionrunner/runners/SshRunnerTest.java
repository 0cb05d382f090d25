package io.reflex.actionrunner.runners;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.actionrunner.ssh.LoopbackSshServer;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The remote runners against a real SSH server on loopback. */
class SshRunnerTest {
    @TempDir
    static Path dir;

    static LoopbackSshServer server;
    static SshRunner cmd;
    static SshRunner script;
    final RunnerFixtures fx = new RunnerFixtures();

    @BeforeAll
    static void start() throws Exception {
        server = LoopbackSshServer.start(dir);
        cmd = new SshRunner(false, "stanley");
        script = new SshRunner(true, "stanley");
    }

    @AfterAll
    static void stop() throws Exception {
        cmd.close();
        script.close();
        server.close();
    }

    private ObjectNode params(String extra) {
        return (ObjectNode) Json.read(
                "{\"hosts\": \"127.0.0.1:" + server.port() + "\", \"username\": \"" + LoopbackSshServer.USER + "\""
                        + extra + "}",
                JsonNode.class);
    }

    @Test
    void runsACommandWithPasswordAuthAndReportsPerHost() throws Exception {
        ObjectNode p = params(", \"password\": \"" + LoopbackSshServer.PASSWORD
                + "\", \"cmd\": \"echo hi $WHO; echo err >&2\"," + " \"env\": {\"WHO\": \"there\"}, \"cwd\": \"/tmp\"");
        Runner.Result r = cmd.run(fx.context(dir, "", p, Json.object(), Json.object()));
        String host = "127.0.0.1:" + server.port();
        assertThat(r.status()).as(r.result().toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(r.result().at("/" + host.replace("/", "~1") + "/stdout").asText())
                .isEqualTo("hi there");
        assertThat(r.result().get(host).get("stderr").asText()).isEqualTo("err");
        assertThat(r.result().get(host).get("return_code").asInt()).isZero();
        assertThat(fx.lines).contains("stdout:hi there\n");
    }

    @Test
    void keyAuthWorksAndWrongPasswordsFailPerHost() throws Exception {
        String key = server.clientKeyPem().replace("\n", "\\n");
        Runner.Result ok = cmd.run(fx.context(
                dir,
                "",
                params(", \"private_key\": \"" + key + "\", \"cmd\": \"exit 4\""),
                Json.object(),
                Json.object()));
        String host = "127.0.0.1:" + server.port();
        assertThat(ok.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(ok.result().get(host).get("return_code").asInt()).isEqualTo(4);

        Runner.Result bad = cmd.run(fx.context(
                dir, "", params(", \"password\": \"wrong\", \"cmd\": \"true\""), Json.object(), Json.object()));
        assertThat(bad.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(bad.result().get(host).get("error").asText()).startsWith("Failed to run on 127.0.0.1:");
    }

    @Test
    void aScriptIsUploadedRunWithArgumentsAndRemoved() throws Exception {
        Files.createDirectories(dir.resolve("actions"));
        Files.writeString(dir.resolve("actions/hello.sh"), "#!/bin/sh\necho \"args: $*\"\npwd\n");
        ObjectNode p = params(", \"password\": \"" + LoopbackSshServer.PASSWORD + "\", \"dir\": \"" + dir + "\"");
        ObjectNode actionParams = (ObjectNode) Json.read("{\"name\": \"Ada L\", \"loud\": true}", JsonNode.class);
        ObjectNode schema = (ObjectNode) Json.read("{\"name\": {\"position\": 0}}", JsonNode.class);
        Runner.Result r = script.run(fx.context(dir, "hello.sh", p, actionParams, schema));
        String host = "127.0.0.1:" + server.port();
        assertThat(r.status()).as(r.result().toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(r.result().get(host).get("stdout").asText()).isEqualTo("args: --loud Ada L\n/tmp");
        try (var left = Files.list(dir)) {
            assertThat(left.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith("reflex-"));
        }
    }
}
