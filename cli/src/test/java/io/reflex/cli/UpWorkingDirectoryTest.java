package io.reflex.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflex.runtime.config.ConfigKeys;
import io.reflex.testing.FileTrees;
import io.reflex.testing.ServiceProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reflex up} started from a source checkout with the default configuration: the shipped packs are
 * read from {@code ./packs} and never written; installs, actions created through the API and configs go
 * under {@code $HOME/.reflex}. The checkout's files are compared before and after.
 */
class UpWorkingDirectoryTest {
    private static final Pattern API = Pattern.compile("^\\s+api\\s+(http://\\S+)\\s");

    @TempDir
    Path tmp;

    @Test
    void userContentGoesUnderHomeAndTheCheckoutIsNeverWritten() throws Exception {
        Path checkout = tmp.resolve("checkout");
        Path home = tmp.resolve("home");
        Files.createDirectories(home);
        FileTrees.copy(ReflexUpTest.SHIPPED_PACKS, checkout.resolve("packs"));
        Path source = userPack(tmp.resolve("src/mypack"));
        Map<String, Long> before = snapshot(checkout);

        Map<String, String> sets = new LinkedHashMap<>();
        sets.put("auth.enable", "false");
        for (String s : ConfigKeys.services()) {
            sets.put(s + ".port", "0");
        }
        try (ServiceProcess p = ServiceProcess.start(
                "reflex-checkout",
                Reflex.class.getName(),
                ServiceProcess.defaultJvmOptions(),
                List.of("up"),
                sets,
                checkout,
                Map.of("HOME", home.toString()))) {
            String api = p.awaitLine(API, Duration.ofSeconds(180)).group(1) + "/api/v1";
            Path data = home.resolve(".reflex");
            assertThat(p.output())
                    .contains("Reflex is up. Data: " + data)
                    .containsPattern("system packs\\s+" + Pattern.quote(checkout.resolve("packs") + " (read-only)"))
                    .containsPattern("user packs\\s+"
                            + Pattern.quote(data.resolve("packs").toString()));
            assertThat(Http.get(api + "/actions/examples.greet").status()).isEqualTo(200);

            // pack install, as `st2 pack install <dir>`: an execution whose pack lands in the user directory
            Http.Reply install = Http.send(
                    "POST",
                    api + "/packs/install",
                    new JsonObject().put("packs", new JsonArray().add(source.toString())));
            assertThat(install.status()).as(install.body().encode()).isEqualTo(202);
            String execution = api + "/executions/" + install.body().getString("execution_id");
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> List.of("succeeded", "failed")
                            .contains(Http.get(execution).body().getString("status")));
            assertThat(Http.get(execution).body().getString("status"))
                    .as("%s%n%s", Http.get(execution).body().encode(), p.tail(40))
                    .isEqualTo("succeeded");
            assertThat(Http.get(api + "/packs/mypack").status()).isEqualTo(200);
            assertThat(data.resolve("packs/mypack/pack.yaml")).isRegularFile();

            // st2 action create with a data file: written into the user pack
            JsonObject action = new JsonObject()
                    .put("name", "hello")
                    .put("pack", "mypack")
                    .put("runner_type", "local-shell-script")
                    .put("entry_point", "hello.sh")
                    .put(
                            "data_files",
                            new JsonArray()
                                    .add(new JsonObject()
                                            .put("file_path", "hello.sh")
                                            .put("content", "echo hello\n")));
            Http.Reply created = Http.send("POST", api + "/actions", action);
            assertThat(created.status()).as(created.body().encode()).isEqualTo(201);
            assertThat(data.resolve("packs/mypack/actions/hello.sh")).hasContent("echo hello");

            // the same into a shipped pack is refused: system packs are read-only
            Http.Reply refused =
                    Http.send("POST", api + "/actions", action.copy().put("pack", "examples"));
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.body().getString("faultstring")).contains("read-only system pack");

            // a config of a shipped pack goes to <data_dir>/configs
            Http.Reply config = Http.send("PUT", api + "/configs/examples", new JsonObject().put("greeting", "Howdy"));
            assertThat(config.status()).as(config.body().encode()).isEqualTo(200);
            assertThat(data.resolve("configs/examples.yaml")).content().contains("Howdy");

            p.terminate(Duration.ofSeconds(60));
        }
        assertThat(snapshot(checkout)).isEqualTo(before);
    }

    private static Path userPack(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("actions"));
        Files.writeString(
                dir.resolve("pack.yaml"),
                "ref: mypack\nname: mypack\ndescription: mine\nversion: 0.1.0\nauthor: me\nemail: me@example.org\n");
        return dir;
    }

    /** Every file and directory under {@code root}: relative path → size and modification time. */
    private static Map<String, Long> snapshot(Path root) throws IOException {
        Map<String, Long> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                out.put(
                        root.relativize(p) + (a.isDirectory() ? "/" : ""),
                        a.isDirectory()
                                ? a.lastModifiedTime().toMillis()
                                : a.size() * 31 + a.lastModifiedTime().toMillis());
            }
        }
        return out;
    }
}
