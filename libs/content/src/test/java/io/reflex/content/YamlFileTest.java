package io.reflex.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class YamlFileTest {
    @Test
    void remembersWhereEachValueStood() {
        YamlFile f = YamlFile.parse("a.yaml", """
                name: x
                parameters:
                  cmd:
                    type: strng
                list:
                  - one
                  - two
                """);
        assertThat(f.errorAt(List.of("parameters", "cmd", "type"), "bad").toString())
                .isEqualTo("a.yaml:4:11: bad");
        assertThat(f.errorAtKey(List.of("parameters", "cmd"), "bad").toString()).isEqualTo("a.yaml:3:3: bad");
        assertThat(f.errorAt(List.of("list", 1), "bad").toString()).isEqualTo("a.yaml:7:5: bad");
        assertThat(f.errorAt(List.of("nope", "deeper"), "bad").toString()).isEqualTo("a.yaml:1:1: bad");
    }

    @Test
    void typesScalarsTheYaml11Way() {
        YamlFile f = YamlFile.parse("a.yaml", "a: yes\nb: 0x10\nc: 1.5\nd: ~\ne: '1.0'\nf: 2024-01-01\n");
        assertThat(f.root().get("a").asBoolean()).isTrue();
        assertThat(f.root().get("b").asLong()).isEqualTo(16);
        assertThat(f.root().get("c").asDouble()).isEqualTo(1.5);
        assertThat(f.root().get("d").isNull()).isTrue();
        assertThat(f.root().get("e").asText()).isEqualTo("1.0");
        assertThat(f.root().get("f").asText()).isEqualTo("2024-01-01");
    }

    @Test
    void syntaxErrorsCarryLineAndColumn() {
        assertThatThrownBy(() -> YamlFile.parse("bad.yaml", "name: x\nparameters: [unclosed\n"))
                .isInstanceOf(ContentException.class)
                .hasMessageStartingWith("bad.yaml:3:1: invalid YAML:");
    }

    @Test
    void duplicateKeysAreErrors() {
        assertThatThrownBy(() -> YamlFile.parse("dup.yaml", "name: a\nname: b\n"))
                .hasMessage("dup.yaml:2:1: invalid YAML: duplicate key 'name'");
    }

    @Test
    void languageSpecificTagsAreRefused() {
        assertThatThrownBy(() -> YamlFile.parse("evil.yaml", "x: !!python/object:os.system ls\n"))
                .hasMessageContaining("evil.yaml:1:4:");
    }
}
