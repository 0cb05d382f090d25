package io.reflex.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InMemoryEventBusTest {
    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource({
        "a.b, a.b, true",
        "a.b, a.c, false",
        "a.*, a.b, true",
        "a.*, a.b.c, false",
        "a.*, a, false",
        "a.#, a, true",
        "a.#, a.b.c, true",
        "#, anything.at.all, true",
        "#.c, a.b.c, true",
        "#.c, a.b, false",
        "*.b.#, x.b, true",
        "*.b.#, b, false",
        "a.#.z, a.z, true",
        "a.#.z, a.b.c.z, true",
        "a.#.z, a.b.c, false"
    })
    void topicPatternsMatchLikeATopicExchange(String pattern, String key, boolean expected) {
        assertThat(InMemoryEventBus.matches(pattern, key)).isEqualTo(expected);
    }
}
