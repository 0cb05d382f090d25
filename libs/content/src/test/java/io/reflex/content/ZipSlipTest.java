package io.reflex.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ZipSlipTest {
    @TempDir
    Path root;

    private static byte[] zip(String... names) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            for (String n : names) {
                z.putNextEntry(new ZipEntry(n));
                z.write("planted".getBytes());
                z.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"../planted", "a/../../planted", "/tmp/planted-abs", "a/./b", "a//b", "dir/", "a\\..\\..\\x"})
    void refusesEntriesThatAreNotPlainRelativeFilePaths(String name) throws Exception {
        Path target = root.resolve("cache/p/v1");
        assertThatThrownBy(() -> PackArchive.extract(zip(name), "any", target))
                .isInstanceOf(ContentException.class)
                .hasMessageContaining("archive entry refused");
        assertThat(root.resolve("cache/p/planted")).doesNotExist();
        assertThat(Path.of("/tmp/planted-abs")).doesNotExist();
    }

    @Test
    void neverWritesThroughALinkPlantedInTheTarget() throws Exception {
        Path target = root.resolve("v");
        Files.createDirectories(target);
        Path outside = Files.createDirectories(root.resolve("outside"));
        Files.createSymbolicLink(target.resolve("sub"), outside);

        assertThatThrownBy(() -> PackArchive.extract(zip("sub/x.txt"), "any", target))
                .isInstanceOf(ContentException.class)
                .hasMessageContaining("outside the pack");
        assertThat(outside.resolve("x.txt")).doesNotExist();
    }
}
