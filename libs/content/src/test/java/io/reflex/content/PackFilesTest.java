package io.reflex.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackFilesTest {
    @TempDir
    Path root;

    private Path secret() throws Exception {
        Path s = root.resolve("outside/secret.json");
        Files.createDirectories(s.getParent());
        Files.writeString(s, "TOP-SECRET-KEY");
        return s;
    }

    private PackFixture pack() {
        return new PackFixture(root)
                .manifest("p")
                .file("p/actions/run.yaml", "name: run\nrunner_type: local-shell-script\nentry_point: run.sh\n")
                .file("p/actions/run.sh", "echo hi\n");
    }

    @Test
    void refusesLinksOutHardLinksAndDanglingLinksWithLocatedErrors() throws Exception {
        PackFixture fx = pack();
        Path p = fx.dir("p");
        Files.createSymbolicLink(p.resolve("passwd"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(p.resolve("actions/key.yaml"), secret());
        Files.createSymbolicLink(p.resolve("outdir"), secret().getParent());
        Files.createLink(p.resolve("hard.txt"), secret());
        Files.createSymbolicLink(p.resolve("dangling"), p.resolve("nothing-here"));

        PackFiles.Scan scan = PackFiles.scan(p, "packs/p");

        assertThat(scan.files()).containsExactly("actions/run.sh", "actions/run.yaml", "pack.yaml");
        assertThat(scan.refused())
                .extracting(ContentError::file)
                .containsExactlyInAnyOrder(
                        "packs/p/passwd",
                        "packs/p/actions/key.yaml",
                        "packs/p/outdir",
                        "packs/p/hard.txt",
                        "packs/p/dangling");
        assertThat(scan.refused())
                .filteredOn(e -> e.file().endsWith("passwd"))
                .singleElement()
                .satisfies(e -> assertThat(e.message()).contains("outside the pack"));
        assertThat(scan.refused())
                .filteredOn(e -> e.file().endsWith("hard.txt"))
                .singleElement()
                .satisfies(e -> assertThat(e.message()).contains("hard links"));
    }

    @Test
    void loaderReportsRefusalsAndTheArchiveNeverHoldsTheTarget() throws Exception {
        PackFixture fx = pack();
        Path p = fx.dir("p");
        Files.createSymbolicLink(p.resolve("actions/key.sh"), secret());
        Files.createSymbolicLink(p.resolve("actions/stolen.yaml"), secret());
        fx.file("p/actions/leak.yaml", "name: leak\nrunner_type: local-shell-script\nentry_point: key.sh\n");
        fx.file("p/actions/up.yaml", "name: up\nrunner_type: local-shell-script\nentry_point: ../../../etc/passwd\n");

        LoadedPack loaded = new PackLoader(root.resolve("configs")).load(p);

        assertThat(loaded.errors())
                .extracting(ContentError::toString)
                .anySatisfy(e -> assertThat(e).startsWith("packs/p/actions/key.sh: symbolic link to a target outside"))
                .anySatisfy(e -> assertThat(e).startsWith("packs/p/actions/stolen.yaml: symbolic link"))
                .anySatisfy(
                        e -> assertThat(e).contains("packs/p/actions/leak.yaml").contains("outside the pack"))
                .anySatisfy(
                        e -> assertThat(e).contains("packs/p/actions/up.yaml").contains("points outside the pack"));
        assertThat(loaded.actions()).extracting(a -> a.name()).containsExactly("run");
        assertThat(loaded.archive().files()).doesNotContain("actions/key.sh", "actions/stolen.yaml");
        assertThat(unzipped(loaded.archive().zip())).doesNotContain("TOP-SECRET-KEY");
    }

    @Test
    void aLinkInsideThePackIsArchivedAsTheFileItPointsTo() throws Exception {
        PackFixture fx = pack();
        Path p = fx.dir("p");
        Files.createSymbolicLink(p.resolve("actions/alias.sh"), Path.of("run.sh"));

        PackArchive archive = new PackLoader(root.resolve("configs")).load(p).archive();

        assertThat(archive.files()).contains("actions/alias.sh");
        Path out = root.resolve("cache/v1");
        PackArchive.extract(archive.zip(), archive.hash(), out);
        assertThat(Files.isSymbolicLink(out.resolve("actions/alias.sh"))).isFalse();
        assertThat(out.resolve("actions/alias.sh")).hasContent("echo hi");
    }

    @Test
    void aLinkSwappedInAfterTheScanIsNotFollowedWhenReading() throws Exception {
        Path p = pack().dir("p");
        PackFiles.Scan scan = PackFiles.scan(p, "packs/p");
        Files.delete(p.resolve("actions/run.sh"));
        Files.createSymbolicLink(p.resolve("actions/run.sh"), secret());

        assertThatThrownBy(() -> PackArchive.of(scan))
                .isInstanceOf(ContentException.class)
                .hasMessageContaining("actions/run.sh")
                .hasMessageContaining("outside the pack");
    }

    @Test
    void aLinkOutIsNotReadAsAPackFile() throws Exception {
        Path p = pack().dir("p");
        Files.createSymbolicLink(p.resolve("config.schema.yaml"), secret());
        List<ContentError> errors = new ArrayList<>();

        assertThat(YamlReader.DEFAULT.packFile(
                        p, p.resolve("config.schema.yaml"), "packs/p/config.schema.yaml", errors))
                .isEmpty();
        assertThat(errors)
                .singleElement()
                .satisfies(e ->
                        assertThat(e.toString()).startsWith("packs/p/config.schema.yaml: resolves outside the pack"));
    }

    private static String unzipped(byte[] zip) throws Exception {
        StringBuilder all = new StringBuilder();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            while (in.getNextEntry() != null) {
                all.append(new String(in.readAllBytes())).append('\n');
            }
        }
        return all.toString();
    }
}
