package io.reflex.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlBoundsTest {
    @TempDir
    Path root;

    @Test
    void anOversizedFileIsRefusedBeforeParsingNamingTheSetting() throws Exception {
        Path p = Files.createDirectories(root.resolve("p"));
        Path f = p.resolve("big.yaml");
        Files.writeString(f, "a: \"" + "x".repeat(2 * 1024 * 1024) + "\"\n");
        List<ContentError> errors = new ArrayList<>();

        assertThat(new YamlReader(1024 * 1024).packFile(p, f, "packs/p/big.yaml", errors))
                .isEmpty();

        assertThat(errors)
                .singleElement()
                .hasToString("packs/p/big.yaml: file is larger than content.max_file_bytes (1048576 bytes)");
    }

    @Test
    void theParserRefusesTextBeyondItsBoundEvenWhenCalledDirectly() {
        String big = "a: \"" + "x".repeat(5 * 1024 * 1024) + "\"\n";
        assertThatThrownBy(() -> YamlFile.parse("big.yaml", big))
                .isInstanceOf(ContentException.class)
                .hasMessageContaining("content.max_file_bytes");
    }

    @Test
    void deepNestingIsRefusedWithALocation() {
        String deep = "a: " + "[".repeat(500) + "]".repeat(500) + "\n";
        assertThatThrownBy(() -> YamlFile.parse("deep.yaml", deep))
                .isInstanceOf(ContentException.class)
                .hasMessageStartingWith("deep.yaml: ")
                .hasMessageContaining("Nesting Depth exceeded max 50");
    }

    @Test
    void tooManyCollectionAliasesAreRefused() {
        StringBuilder y = new StringBuilder("a: &a [1, 2]\nb: [");
        for (int i = 0; i < 60; i++) {
            y.append("*a, ");
        }
        y.append("]\n");
        assertThatThrownBy(() -> YamlFile.parse("alias.yaml", y.toString()))
                .isInstanceOf(ContentException.class)
                .hasMessageStartingWith("alias.yaml:")
                .hasMessageContaining("aliases");
    }

    @Test
    void anAliasBombWithinTheAliasCountIsRefusedByTheExpansionBudget() {
        StringBuilder y = new StringBuilder("s: &s \"" + "x".repeat(60_000) + "\"\nl0: &l0 [");
        y.append("*s, ".repeat(5)).append("]\n");
        for (int level = 1; level <= 8; level++) {
            y.append("l").append(level).append(": &l").append(level).append(" [");
            y.append(("*l" + (level - 1) + ", ").repeat(5)).append("]\n");
        }
        assertThatThrownBy(() -> YamlFile.parse("bomb.yaml", y.toString()))
                .isInstanceOf(ContentException.class)
                .hasMessageStartingWith("bomb.yaml:")
                .hasMessageContaining("expands");
    }

    @Test
    void manyScalarAliasesCannotMultiplyALargeString() {
        StringBuilder y = new StringBuilder("s: &s |\n");
        for (int i = 0; i < 16; i++) {
            y.append("  ").append("x".repeat(60_000)).append('\n');
        }
        y.append("l:\n").append("  - *s\n".repeat(100));
        assertThatThrownBy(() -> YamlFile.parse("scalars.yaml", y.toString()))
                .isInstanceOf(ContentException.class)
                .hasMessageContaining("expands");
    }

    @Test
    void aVeryLongLineIsRefusedWithItsLineBeforeParsing() {
        String y = "a: 1\nb: \"" + "x".repeat(1_000_000) + "\"\n";
        assertThatThrownBy(() -> YamlFile.parse("long.yaml", y))
                .isInstanceOf(ContentException.class)
                .hasMessageStartingWith("long.yaml:2:1: line is longer than 65536 characters");
    }

    @Test
    void recursiveKeysAreRefused() {
        assertThatThrownBy(() -> YamlFile.parse("rec.yaml", "&a [*a]: 1\n"))
                .isInstanceOf(ContentException.class)
                .hasMessageStartingWith("rec.yaml:");
    }

    @Test
    void ordinaryAnchorsStillWork() {
        YamlFile f = YamlFile.parse("ok.yaml", "base: &b {type: string}\nx: *b\ny: *b\n");
        assertThat(f.root().at("/y/type").asText()).isEqualTo("string");
    }
}
