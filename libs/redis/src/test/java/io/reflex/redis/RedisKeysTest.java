package io.reflex.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedisKeysTest {
    private final RedisKeys keys = new RedisKeys("ns");

    @Test
    void aColonInsideANameCannotMakeTwoMembersShareAKey() {
        String first = keys.memberPrefix("a:b") + RedisKeys.encode("c");
        String second = keys.memberPrefix("a") + RedisKeys.encode("b:c");

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void everyKeyOfANamespaceHashesToOneSlot() {
        assertThat(keys.semaphore("x")).startsWith("{ns}:");
        assertThat(keys.groups()).startsWith("{ns}:");
        assertThat(RedisKeys.decode(RedisKeys.encode("pack.sensor/one:two é"))).isEqualTo("pack.sensor/one:two é");
    }
}
