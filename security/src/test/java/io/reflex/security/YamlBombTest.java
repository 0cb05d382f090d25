package io.reflex.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.testing.JsonHttp;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Pack files that would make the YAML parser run for minutes or take gigabytes (one huge scalar, deep
 * nesting, an alias bomb, one very long line) are refused quickly with located errors, and the api keeps
 * answering. The time bound below is a safety limit for the test, not a measurement.
 */
class YamlBombTest {
    private static final Duration SAFETY_LIMIT = Duration.ofSeconds(60);

    private final SecurityStack stack = SecurityStack.get();

    @Test
    void aSixtyMegabyteScalarIsRefusedUnparsed() throws Exception {
        Path pack = pack("sec_yaml_big");
        try (BufferedWriter w = Files.newBufferedWriter(pack.resolve("actions/big.yaml"))) {
            w.write("name: big\nrunner_type: local-shell-cmd\ndescription: \"");
            String chunk = "x".repeat(1024 * 1024);
            for (int i = 0; i < 60; i++) {
                w.write(chunk);
            }
            w.write("\"\n");
        }
        assertThat(registerWithinLimit("sec_yaml_big"))
                .contains(
                        "packs/sec_yaml_big/actions/big.yaml: file is larger than content.max_file_bytes (4194304 bytes)");
        assertApiAnswers();
    }

    @Test
    void deepNestingAliasBombsAndLongLinesAreRefusedWithLocatedErrors() throws Exception {
        Path pack = pack("sec_yaml_bombs");
        Files.writeString(
                pack.resolve("actions/deep.yaml"),
                "name: deep\nrunner_type: local-shell-cmd\nparameters: " + "[".repeat(10_000) + "]".repeat(10_000)
                        + "\n");
        StringBuilder bomb =
                new StringBuilder("name: bomb\nrunner_type: local-shell-cmd\nx0: &x0 \"" + "b".repeat(50_000) + "\"\n");
        for (int level = 1; level <= 6; level++) {
            bomb.append("x").append(level).append(": &x").append(level).append(" [");
            bomb.append(("*x" + (level - 1) + ", ").repeat(8)).append("]\n");
        }
        Files.writeString(pack.resolve("actions/bomb.yaml"), bomb);
        Files.writeString(
                pack.resolve("actions/line.yaml"),
                "name: line\nrunner_type: local-shell-cmd\ndescription: \"" + "l".repeat(3_000_000) + "\"\n");

        assertThat(registerWithinLimit("sec_yaml_bombs"))
                .contains("packs/sec_yaml_bombs/actions/deep.yaml: invalid YAML: Nesting Depth exceeded max 50")
                .contains("packs/sec_yaml_bombs/actions/bomb.yaml:")
                .contains("expands (through aliases) beyond the size limit")
                .contains("packs/sec_yaml_bombs/actions/line.yaml:3:1: line is longer than 65536 characters");
        assertApiAnswers();
    }

    @Test
    void anOversizedManifestIsRefusedToo() throws Exception {
        Path pack = pack("sec_yaml_manifest");
        Files.writeString(
                pack.resolve("pack.yaml"),
                "name: sec_yaml_manifest\nversion: 0.1.0\nauthor: t\ndescription: |\n"
                        + ("  " + "m".repeat(1000) + "\n").repeat(5000));
        assertThat(registerWithinLimit("sec_yaml_manifest"))
                .contains("packs/sec_yaml_manifest/pack.yaml: file is larger than content.max_file_bytes");
        assertApiAnswers();
    }

    private Path pack(String name) throws Exception {
        Path pack = Files.createDirectories(stack.packsDir.resolve(name).resolve("actions"))
                .getParent();
        Files.writeString(pack.resolve("pack.yaml"), "name: " + name + "\ndescription: d\nversion: 0.1.0\nauthor: t\n");
        return pack;
    }

    /** The faultstring of registering {@code pack}, which must be a refusal arriving within the safety limit. */
    private String registerWithinLimit(String pack) {
        CompletableFuture<JsonHttp.Response> call = CompletableFuture.supplyAsync(() -> stack.register(pack));
        Awaitility.await().atMost(SAFETY_LIMIT).until(call::isDone);
        JsonHttp.Response r = call.join();
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        return r.faultstring();
    }

    private void assertApiAnswers() {
        assertThat(stack.get("/api/v1/packs/core", stack.admin()).status()).isEqualTo(200);
    }
}
