package io.reflex.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.content.ContentStore;
import io.reflex.core.json.Json;
import io.reflex.core.model.Pack;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.testing.JsonHttp;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Nothing follows a link out of a pack: links (and hard links, and entry points with {@code ..}) that reach
 * outside are refused at registration with located errors, never served by the view endpoints, never put
 * into the stored content archive, and a pack source holding one is not installed.
 */
class PackContentEscapeTest {
    private final SecurityStack stack = SecurityStack.get();

    @Test
    void linksOutOfAPackAreRefusedAtRegistrationAndNeitherServedNorArchived() throws Exception {
        Path pack = pack("sec_links");
        Path outside = Files.createDirectories(stack.packsDir.resolveSibling("sec-links-outside"));
        Path secret = Files.writeString(outside.resolve("secret.txt"), "SEC-LINKS-OUTSIDE-SECRET");
        Files.createSymbolicLink(pack.resolve("passwd"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(pack.resolve("dskey.json"), keyFile());
        Files.createSymbolicLink(pack.resolve("outdir"), outside);
        Files.createLink(pack.resolve("hard.txt"), secret);
        Files.createSymbolicLink(pack.resolve("actions/keylink.sh"), keyFile());
        action(pack, "keylink", "keylink.sh");
        action(pack, "up", "../../../../../../../../etc/passwd");

        JsonHttp.Response strict = stack.register("sec_links");
        assertThat(strict.status()).isEqualTo(400);
        assertThat(strict.faultstring())
                .contains("packs/sec_links/passwd: symbolic link to a target outside the pack")
                .contains("packs/sec_links/dskey.json: symbolic link to a target outside the pack")
                .contains("packs/sec_links/outdir: symbolic link to a target outside the pack")
                .contains("packs/sec_links/hard.txt: has 2 hard links")
                .contains("packs/sec_links/actions/keylink.sh: symbolic link to a target outside the pack")
                .contains("packs/sec_links/actions/up.yaml:")
                .contains("points outside the pack");
        assertThat(lenient("sec_links").status()).isEqualTo(200);

        String token = stack.admin();
        for (String path : List.of("passwd", "dskey.json", "outdir/secret.txt", "hard.txt", "actions/keylink.sh")) {
            JsonHttp.Response r = stack.get("/api/v1/packs/views/file/sec_links/" + path, token);
            assertThat(r.status()).as(path).isIn(400, 404);
            assertThat(r.faultstring()).as(path).isNotBlank();
            assertNoSecret(r.body());
        }
        JsonHttp.Response all = stack.get("/api/v1/packs/views/files/sec_links", token);
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.body()).contains("actions/ok.sh");
        assertNoSecret(all.body());
        for (String action : List.of("sec_links.keylink", "sec_links.up")) {
            JsonHttp.Response r = stack.get("/api/v1/actions/views/entry_point/" + action, token);
            assertThat(r.status()).as(action).isEqualTo(404);
            assertNoSecret(r.body());
        }
        assertNoSecret(archived("sec_links"));
    }

    @Test
    void aLinkSwappedInAfterRegistrationIsNeverFollowed() throws Exception {
        Path pack = pack("sec_swap");
        assertThat(stack.register("sec_swap").status()).isEqualTo(200);
        assertThat(stack.get("/api/v1/actions/views/entry_point/sec_swap.ok", stack.admin())
                        .body())
                .isEqualTo("echo safe\n");

        Path entry = pack.resolve("actions/ok.sh");
        Files.delete(entry);
        Files.createSymbolicLink(entry, keyFile());
        assertThat(stack.register("sec_swap").faultstring())
                .contains("packs/sec_swap/actions/ok.sh: symbolic link to a target outside the pack");
        // Registration is per item: the refused file is left out of the pack's new content, never followed.
        assertNoSecret(stack.get("/api/v1/actions/views/entry_point/sec_swap.ok", stack.admin())
                .body());
        Files.delete(entry);
        Files.writeString(entry, "echo safe\n");
        assertThat(stack.register("sec_swap").status()).isEqualTo(200);
        assertNoSecret(archived("sec_swap"));

        Path cached = cachedVersion("sec_swap").resolve("actions/ok.sh");
        Files.delete(cached);
        Files.createSymbolicLink(cached, keyFile());
        JsonHttp.Response view = stack.get("/api/v1/actions/views/entry_point/sec_swap.ok", stack.admin());
        assertThat(view.status()).isEqualTo(404);
        assertNoSecret(view.body());
        JsonHttp.Response file = stack.get("/api/v1/packs/views/file/sec_swap/actions/ok.sh", stack.admin());
        assertThat(file.status()).isEqualTo(404);
        assertNoSecret(file.body());
        assertNoSecret(
                stack.get("/api/v1/packs/views/files/sec_swap", stack.admin()).body());
    }

    @Test
    void aPackSourceWithALinkOutIsNotInstalled() throws Exception {
        Path repo = Files.createDirectories(stack.packsDir.resolveSibling("sec-gitlink-src/sec_gitlink"));
        Files.writeString(repo.resolve("pack.yaml"), "name: sec_gitlink\ndescription: d\nversion: 0.1.0\nauthor: t\n");
        Files.createSymbolicLink(repo.resolve("key.json"), keyFile());
        git(repo, "init", "--quiet", "-b", "main");
        git(repo, "add", ".");
        git(repo, "commit", "--quiet", "-m", "link");

        for (String source : List.of("file://" + repo, repo.toString())) {
            JsonHttp.Response r =
                    stack.post("/api/v1/packs/install", stack.admin(), Json.write(Map.of("packs", List.of(source))));
            assertThat(r.status()).as(source).isEqualTo(202);
            stack.awaitCompleted(r.json().path("execution_id").asText());
            JsonHttp.Response execution = stack.get(
                    "/api/v1/executions/" + r.json().path("execution_id").asText(), stack.admin());
            assertThat(execution.json().path("status").asText()).as(source).isEqualTo("failed");
            assertThat(execution.json().at("/result/errors/0/message").asText())
                    .as(source)
                    .contains("key.json: symbolic link to a target outside the pack");
            assertThat(stack.packsDir.resolve("sec_gitlink")).as(source).doesNotExist();
        }
    }

    @Test
    void dataFilesAreNeverWrittenThroughALinkOutOfThePack() throws Exception {
        Path pack = pack("sec_write");
        Path outside = Files.createDirectories(stack.packsDir.resolveSibling("sec-write-outside"));
        Path victim = Files.writeString(outside.resolve("victim.sh"), "ORIGINAL");
        Files.createSymbolicLink(pack.resolve("actions/out.sh"), victim);
        Files.createSymbolicLink(pack.resolve("actions/sub"), outside);
        // content is only created in registered packs; the links are refused files of the registered pack
        JsonHttp.Response registered = stack.post(
                "/api/v1/packs/register", stack.admin(), "{\"packs\": [\"sec_write\"], \"fail_on_failure\": false}");
        assertThat(registered.status()).as(registered.toString()).isEqualTo(200);

        for (String path : List.of("out.sh", "sub/planted.sh")) {
            String body = Json.write(Map.of(
                    "name",
                    "w_" + path.length(),
                    "pack",
                    "sec_write",
                    "runner_type",
                    "local-shell-script",
                    "entry_point",
                    path,
                    "data_files",
                    List.of(Map.of("file_path", path, "content", "PWNED"))));
            JsonHttp.Response r = stack.post("/api/v1/actions", stack.admin(), body);
            assertThat(r.status()).as(path).isEqualTo(400);
            assertThat(r.faultstring()).as(path).contains("resolves outside the pack directory");
        }
        assertThat(victim).hasContent("ORIGINAL");
        assertThat(outside.resolve("planted.sh")).doesNotExist();
    }

    private Path pack(String name) throws Exception {
        Path pack = Files.createDirectories(stack.packsDir.resolve(name).resolve("actions"))
                .getParent();
        Files.writeString(pack.resolve("pack.yaml"), "name: " + name + "\ndescription: d\nversion: 0.1.0\nauthor: t\n");
        Files.writeString(pack.resolve("actions/ok.sh"), "echo safe\n");
        action(pack, "ok", "ok.sh");
        return pack;
    }

    private static void action(Path pack, String name, String entryPoint) throws Exception {
        Files.writeString(
                pack.resolve("actions/" + name + ".yaml"),
                "name: " + name + "\nrunner_type: local-shell-script\nentry_point: \"" + entryPoint + "\"\n");
    }

    private JsonHttp.Response lenient(String pack) {
        return stack.post(
                "/api/v1/packs/register",
                stack.admin(),
                Json.write(Map.of("packs", List.of(pack), "fail_on_failure", false)));
    }

    private Path keyFile() {
        Path key = stack.dataDir.resolve("keys/datastore_key.json");
        assertThat(key).exists();
        return key;
    }

    /** Distinctive pieces of the files that must never be served: the key's material, passwd's first line. */
    private void assertNoSecret(String text) throws Exception {
        assertThat(text).doesNotContain("SEC-LINKS-OUTSIDE-SECRET");
        assertThat(text)
                .doesNotContain(Files.readAllLines(Path.of("/etc/passwd")).get(0));
        Matcher m = Pattern.compile("[A-Za-z0-9+/_-]{20,}").matcher(Files.readString(keyFile()));
        assertThat(m.find()).isTrue();
        assertThat(text).doesNotContain(m.group());
    }

    /** Every entry name and byte of the pack's registered archive, as stored. */
    private String archived(String ref) throws Exception {
        Pack pack = stack.store.store(Kinds.PACK).findOne(Filter.eq("ref", ref)).orElseThrow();
        byte[] zip = new ContentStore(stack.store, Clock.systemUTC())
                .get(pack.contentHash())
                .orElseThrow();
        StringBuilder all = new StringBuilder();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                all.append(e.getName())
                        .append('\n')
                        .append(new String(in.readAllBytes()))
                        .append('\n');
            }
        }
        assertThat(all).contains("actions/ok.sh");
        return all.toString();
    }

    private Path cachedVersion(String ref) {
        Pack pack = stack.store.store(Kinds.PACK).findOne(Filter.eq("ref", ref)).orElseThrow();
        return Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> stack.dataDir.resolve("content").resolve(ref).resolve(pack.contentHash()),
                        Files::isDirectory);
    }

    private static void git(Path dir, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("git", "-c", "user.name=t", "-c", "user.email=t@t"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue())
                .as(new String(p.getInputStream().readAllBytes()))
                .isZero();
    }
}
