package io.reflex.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackArchiveTest {
    @TempDir
    Path root;

    @Test
    void hashDependsOnContentOnlyNotOnTimesOrCaches() throws Exception {
        PackFixture a = new PackFixture(root.resolve("a")).manifest("p").action("p", "x", "uptime");
        PackFixture b = new PackFixture(root.resolve("b")).manifest("p").action("p", "x", "uptime");
        Files.setLastModifiedTime(b.dir("p").resolve("pack.yaml"), FileTime.fromMillis(0));
        b.file("p/actions/__pycache__/x.cpython-311.pyc", "junk").file("p/.git/HEAD", "ref: main");
        assertThat(PackArchive.hashOf(a.dir("p"))).isEqualTo(PackArchive.hashOf(b.dir("p")));
        assertThat(PackArchive.of(a.dir("p")).hash()).isEqualTo(PackArchive.hashOf(a.dir("p")));
        b.action("p", "x", "date");
        assertThat(PackArchive.hashOf(a.dir("p"))).isNotEqualTo(PackArchive.hashOf(b.dir("p")));
    }

    @Test
    void extractRestoresFilesAndExecutableBitsAndChecksTheHash() throws Exception {
        PackFixture fx = new PackFixture(root).manifest("p").file("p/actions/run.sh", "#!/bin/sh\n");
        fx.dir("p").resolve("actions/run.sh").toFile().setExecutable(true);
        PackArchive archive = PackArchive.of(fx.dir("p"));
        Path out = root.resolve("out");
        PackArchive.extract(archive.zip(), archive.hash(), out);
        assertThat(Files.isExecutable(out.resolve("actions/run.sh"))).isTrue();
        assertThat(Files.isExecutable(out.resolve("pack.yaml"))).isFalse();
        assertThatThrownBy(() -> PackArchive.extract(archive.zip(), "f".repeat(64), root.resolve("out2")))
                .hasMessageContaining("does not match the registered");
    }
}
