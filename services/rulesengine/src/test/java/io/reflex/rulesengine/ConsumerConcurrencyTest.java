package io.reflex.rulesengine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConsumerConcurrencyTest {
    @Test
    void thePrefetchIsLimitedToTheStoresConnections() {
        assertThat(RulesEngineService.consumerConcurrency(32, 10)).isEqualTo(10);
        assertThat(RulesEngineService.consumerConcurrency(8, 10)).isEqualTo(8);
        assertThat(RulesEngineService.consumerConcurrency(32, Integer.MAX_VALUE))
                .isEqualTo(32);
    }
}
