package io.reflex.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reflex.executions.retention.PurgeKind;
import io.reflex.runtime.config.Config;
import io.reflex.runtime.config.ConfigException;
import io.reflex.runtime.config.ConfigLoader;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GcSettingsTest {
    private static GcSettings settings(Map<String, String> flags) {
        Config config = ConfigLoader.load(null, Map.of(), flags);
        return GcSettings.from(config);
    }

    @Test
    void retentionIsOnByDefaultWithReflexsPeriods() {
        GcSettings s = settings(Map.of());

        assertThat(s.ttl(PurgeKind.EXECUTIONS)).isEqualTo(Duration.ofDays(30));
        assertThat(s.ttl(PurgeKind.OUTPUT)).isEqualTo(Duration.ofDays(7));
        assertThat(s.ttl(PurgeKind.TRIGGER_INSTANCES)).isEqualTo(Duration.ofDays(30));
        assertThat(s.ttl(PurgeKind.RULE_ENFORCEMENTS)).isEqualTo(Duration.ofDays(30));
        assertThat(s.ttl(PurgeKind.TOKENS)).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.ttl(PurgeKind.KEYS)).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.collectionInterval()).isEqualTo(Duration.ofSeconds(600));
        assertThat(s.sleepDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.batchSize()).isEqualTo(1000);
        assertThat(s.purgeInquiries()).isTrue();
    }

    @Test
    void aBareNumberIsDaysAndZeroDisablesAKind() {
        GcSettings s = settings(Map.of("gc.action_executions_ttl", "45", "gc.trigger_instances_ttl", "0"));

        assertThat(s.ttl(PurgeKind.EXECUTIONS)).isEqualTo(Duration.ofDays(45));
        assertThat(s.ttl(PurgeKind.TRIGGER_INSTANCES)).isZero();
    }

    @Test
    void historyKeptLessThanADayIsRejectedWithTheKeyAndTheMinimum() {
        for (String key : new String[] {
            "gc.action_executions_ttl",
            "gc.action_executions_output_ttl",
            "gc.trigger_instances_ttl",
            "gc.rule_enforcements_ttl"
        }) {
            assertThatThrownBy(() -> settings(Map.of(key, "12h")))
                    .as(key)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("config key '" + key + "': 12h is below the minimum of 1 day");
        }
    }

    @Test
    void tokensAndKeysMayGoSoonerThanADayAfterExpiry() {
        GcSettings s = settings(Map.of("gc.tokens_ttl", "10m", "gc.keys_ttl", "30s"));

        assertThat(s.ttl(PurgeKind.TOKENS)).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.ttl(PurgeKind.KEYS)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aMalformedPeriodIsRejectedNamingTheKey() {
        assertThatThrownBy(() -> settings(Map.of("gc.tokens_ttl", "soon")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config key 'gc.tokens_ttl': 'soon' is not a period");
    }
}
