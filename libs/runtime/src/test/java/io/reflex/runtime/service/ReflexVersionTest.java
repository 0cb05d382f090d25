package io.reflex.runtime.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReflexVersionTest {
    @Test
    void theOverrideReplacesTheBuiltRelease() {
        assertThat(ReflexVersion.resolve("0.2.0", "0.1.0")).isEqualTo("0.2.0");
        assertThat(ReflexVersion.resolve(" 0.2.0 ", "0.1.0")).isEqualTo("0.2.0");
    }

    @Test
    void anUnsetOrBlankOverrideKeepsTheBuiltRelease() {
        assertThat(ReflexVersion.resolve(null, "0.1.0")).isEqualTo("0.1.0");
        assertThat(ReflexVersion.resolve("  ", "0.1.0")).isEqualTo("0.1.0");
    }
}
