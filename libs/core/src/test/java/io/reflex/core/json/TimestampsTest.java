package io.reflex.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "2024-01-01T10:00:00Z",
                "2024-01-01 10:00:00+00",
                "2024-01-01T10:00:00.000+0000",
                "2024-01-01T10:00:00.000000+00:00"
            })
    void acceptsStackStormInputForms(String text) {
        assertThat(Timestamps.parse(text)).isEqualTo(Instant.parse("2024-01-01T10:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2024-13-01T10:00:00Z", ""})
    void rejectsGarbageNamingTheValue(String text) {
        assertThatThrownBy(() -> Timestamps.parse(text)).hasMessageContaining("invalid timestamp '" + text + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-01-01T10:00:00.100Z", "2024-01-01T09:59:59.999Z"})
    void formattedTextSortsLikeTime(String text) {
        Instant t = Instant.parse(text);
        Instant later = t.plusMillis(1);
        assertThat(Timestamps.format(t).compareTo(Timestamps.format(later))).isNegative();
        assertThat(Timestamps.format(t)).hasSize("2024-01-01T10:00:00.000000Z".length());
    }
}
