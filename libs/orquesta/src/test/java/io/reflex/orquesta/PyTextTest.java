package io.reflex.orquesta;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PyTextTest {
    @Test
    void reprOfLoadedYamlIsPythons() {
        assertThat(PyText.repr(Fixtures.yaml("[a, 1, 1.5, true, null, {k: \"it's\"}]")))
                .isEqualTo("['a', 1, 1.5, True, None, {'k': \"it's\"}]");
        assertThat(PyText.repr("back\\slash\nline")).isEqualTo("'back\\\\slash\\nline'");
        assertThat(PyText.floatRepr(1e16)).isEqualTo("1e+16");
        assertThat(PyText.floatRepr(0.0001)).isEqualTo("0.0001");
        assertThat(PyText.floatRepr(0.00001)).isEqualTo("1e-05");
        assertThat(PyText.floatRepr(2.0)).isEqualTo("2.0");
    }

    @Test
    void unicodeEscapeDecodesEscapesAndReadsOtherBytesAsLatin1() {
        assertThat(PyText.unicodeEscape("'^\\\\w+$'")).isEqualTo("'^\\w+$'");
        assertThat(PyText.unicodeEscape("a\\nb \\x41 \\d")).isEqualTo("a\nb A \\d");
        assertThat(PyText.unicodeEscape("é")).isEqualTo("\u00c3\u00a9");
    }
}
