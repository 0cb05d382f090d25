package io.reflex.rulesengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reflex.runtime.config.ConfigException;
import io.reflex.runtime.config.ConfigLoader;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimerSettingsTest {
    @Test
    void timerKeysHaveStackStormLikeDefaults() {
        var settings = RulesEngineService.timerSettings(ConfigLoader.load(null, Map.of(), Map.of()));

        assertThat(settings.localTimezone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(settings.misfireGrace()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.refreshInterval()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void anUnknownLocalTimezoneFailsStartupNamingTheKey() {
        var config = ConfigLoader.load(null, Map.of(), Map.of("timers.local_timezone", "Mars/Base"));

        assertThatThrownBy(() -> RulesEngineService.timerSettings(config))
                .isInstanceOf(ConfigException.class)
                .hasMessage("timers.local_timezone: unknown time zone 'Mars/Base'");
    }
}
