package io.reflex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.actionrunner.ActionRunnerService;
import io.reflex.api.ApiService;
import io.reflex.auth.AuthService;
import io.reflex.cli.client.AuthClient;
import io.reflex.cli.client.ExitCodes;
import io.reflex.cli.client.Transport;
import io.reflex.cli.output.Terminal;
import io.reflex.runtime.config.ConfigLoader;
import io.reflex.runtime.service.ServiceRunner;
import io.reflex.stream.StreamService;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code reflex run} against auth, api, stream and a real action runner on embedded backends: commands run. */
class RunEndToEndTest {
    static ServiceRunner.Running running;
    static Map<String, String> env;

    @TempDir
    Path home;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> flags = new HashMap<>();
        flags.put("data_dir", Files.createTempDirectory("reflex-cli-e2e").toString());
        for (String s : List.of("api", "auth", "stream", "actionrunner")) {
            flags.put(s + ".port", "0");
        }
        flags.put("content.packs_dir", ReflexUpTest.SHIPPED_PACKS.toString());
        flags.put("content.watch", "false");
        flags.put("auth.admin_password", CliStack.PASSWORD);
        AuthService auth = new AuthService(Map.of(), new PrintStream(new ByteArrayOutputStream(), true));
        running = ServiceRunner.start(
                List.of(auth, new ApiService(), new StreamService(), new ActionRunnerService()),
                ConfigLoader.load(null, Map.of(), flags));
        env = new HashMap<>();
        env.put("REFLEX_API_URL", url("api"));
        env.put("REFLEX_AUTH_URL", url("auth"));
        env.put("REFLEX_STREAM_URL", url("stream"));
        env.put(
                "REFLEX_AUTH_TOKEN",
                new AuthClient(new Transport(), URI.create(url("auth")))
                        .login(CliStack.ADMIN, CliStack.PASSWORD, null)
                        .token());
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    static String url(String service) {
        return running.url(service);
    }

    CliStack.Run reflex(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Reflex.commandLine(
                new CliEnv(env, home, home, InputStream.nullInputStream(), Terminal.none(env), Clock.systemUTC()));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new CliStack.Run(cl.execute(args), out.toString(), err.toString());
    }

    @Test
    void aSucceedingCommandPrintsItsOutputAndExitsZero() {
        CliStack.Run r = reflex("run", "core.local", "cmd=echo hello from reflex");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("status: succeeded").contains("stdout: hello from reflex");
    }

    @Test
    void aFailingCommandExitsOne() {
        CliStack.Run r = reflex("run", "core.local", "cmd=echo broken >&2; exit 3", "--json");

        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.out()).contains("\"return_code\" : 3").contains("broken");
    }

    @Test
    void aCommandPastItsTimeoutExitsTwo() {
        CliStack.Run r = reflex("run", "core.local", "cmd=sleep 30", "timeout=1");

        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.TIMEOUT);
        assertThat(r.out()).contains("status: timeout");
    }

    @Test
    void tailPrintsEachLineOfOutputThenTheResult() {
        CliStack.Run r = reflex("run", "core.local", "--tail", "--", "echo one; sleep 1; echo two");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).containsSubsequence("one\n", "two\n", "status: succeeded");
    }
}
