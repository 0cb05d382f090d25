package io.reflex.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NamesTest {
    @Test
    void aNameUpToTheLimitWithoutControlCharactersIsGood() {
        assertThat(Names.problem("name", "n".repeat(Names.MAX_LENGTH))).isEmpty();
        assertThat(Names.problem("name", "émoji ✓ tab-free")).isEmpty();
        assertThat(Names.problem("name", null)).isEmpty();
    }

    @Test
    void aNameOverTheLimitIsRefusedNamingTheField() {
        assertThat(Names.problem("name", "n".repeat(Names.MAX_LENGTH + 1)))
                .hasValue("field 'name': is 256 characters long, at most 255 are allowed");
    }

    @Test
    void everyKindOfControlCharacterIsRefusedNamingTheField() {
        for (char c :
                new char[] {'\n', '\r', '\t', '\u0000', '\u001b', '\u007f', '\u0085', '\u009f', '\u2028', '\u2029'}) {
            assertThat(Names.problem("pack", "a" + c + "b"))
                    .as("U+%04X", (int) c)
                    .hasValueSatisfying(p -> assertThat(p)
                            .startsWith("field 'pack': must not contain control characters")
                            .contains(String.format("U+%04X", (int) c))
                            .contains("position 1"));
        }
    }

    @Test
    void checkThrowsTheProblem() {
        assertThatThrownBy(() -> Names.check("user", "a\nb"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("field 'user'");
        assertThat(Names.check("user", "ok")).isEqualTo("ok");
    }

    @Test
    void controlCharacterIgnoresLength() {
        assertThat(Names.controlCharacter("ref_or_id", "r".repeat(600))).isEmpty();
        assertThat(Names.controlCharacter("ref_or_id", "a\u0000")).isPresent();
    }
}
