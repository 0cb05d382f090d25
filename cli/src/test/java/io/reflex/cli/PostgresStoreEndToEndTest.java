package io.reflex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.actionrunner.ActionRunnerService;
import io.reflex.api.ApiService;
import io.reflex.auth.AuthService;
import io.reflex.cli.client.AuthClient;
import io.reflex.cli.client.Transport;
import io.reflex.cli.output.Terminal;
import io.reflex.runtime.config.ConfigKeys;
import io.reflex.runtime.config.ConfigLoader;
import io.reflex.runtime.service.ServiceRunner;
import io.reflex.stream.StreamService;
import io.reflex.testing.PostgresDatabase;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * auth, api, stream and a real action runner assembled as in production on {@code store.uri=postgresql://…} (a
 * database of the test's own on {@code REFLEX_IT_POSTGRES_URI}): {@code reflex run} goes through
 * registration, request, scheduling and the runner, and the execution lands in PostgreSQL.
 */
class PostgresStoreEndToEndTest {
    @TempDir
    Path home;

    @Test
    void anExecutionRunsEndToEndOnThePostgresStore() throws Exception {
        try (PostgresDatabase database = PostgresDatabase.create()) {
            Map<String, String> flags = new HashMap<>();
            flags.put("data_dir", Files.createTempDirectory("reflex-cli-pg").toString());
            flags.put("store.uri", database.uri(""));
            for (String s : List.of("api", "auth", "stream", "actionrunner")) {
                flags.put(s + ".port", "0");
            }
            flags.put("content.packs_dir", ReflexUpTest.SHIPPED_PACKS.toString());
            flags.put("content.watch", "false");
            flags.put("auth.admin_password", CliStack.PASSWORD);
            AuthService auth = new AuthService(Map.of(), new PrintStream(new ByteArrayOutputStream(), true));
            try (ServiceRunner.Running running = ServiceRunner.start(
                    List.of(auth, new ApiService(), new StreamService(), new ActionRunnerService()),
                    ConfigLoader.load(null, Map.of(), flags))) {
                assertThat(running.config().get(ConfigKeys.STORE_URI).getScheme())
                        .isEqualTo("postgresql");
                Map<String, String> env = new HashMap<>();
                env.put("REFLEX_API_URL", running.url("api"));
                env.put("REFLEX_AUTH_URL", running.url("auth"));
                env.put("REFLEX_STREAM_URL", running.url("stream"));
                env.put(
                        "REFLEX_AUTH_TOKEN",
                        new AuthClient(new Transport(), URI.create(running.url("auth")))
                                .login(CliStack.ADMIN, CliStack.PASSWORD, null)
                                .token());

                CliStack.Run r = reflex(env, "run", "core.local", "cmd=echo hello from postgres");

                assertThat(r.code()).as(r.toString()).isZero();
                assertThat(r.out()).contains("status: succeeded").contains("stdout: hello from postgres");
            }
            try (Connection c = database.connection();
                    Statement s = c.createStatement();
                    ResultSet rows = s.executeQuery("SELECT doc->>'status', doc->'action'->>'ref' FROM execution")) {
                assertThat(rows.next()).as("one execution stored in PostgreSQL").isTrue();
                assertThat(rows.getString(1)).isEqualTo("succeeded");
                assertThat(rows.getString(2)).isEqualTo("core.local");
                assertThat(rows.next()).isFalse();
            }
        }
    }

    private CliStack.Run reflex(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Reflex.commandLine(
                new CliEnv(env, home, home, InputStream.nullInputStream(), Terminal.none(env), Clock.systemUTC()));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new CliStack.Run(cl.execute(args), out.toString(), err.toString());
    }
}
