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
    @ValueSource(
            strings = {
                "yesterday",
                "2024-13-01T10:00:00Z",
                "",
                "2024-13-01T10:00:00.000000Z",
                "2024-02-30T10:00:00.000000Z",
                "2024-01-01T25:00:00.000000Z",
                "2024-01-01T10:00:00.00000aZ",
                "2024-01-01X10:00:00.000000Z"
            })
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

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 999, 1_704_103_200_123L, 253_402_300_799_999L, -1, -62_135_596_800_000L})
    void theStoredFormRoundTripsAndMatchesTheGeneralFormatterAndParser(long millis) {
        Instant t = Instant.ofEpochMilli(millis);
        String text = Timestamps.format(t);
        assertThat(text)
                .isEqualTo(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
                        .withZone(java.time.ZoneOffset.UTC)
                        .format(t));
        assertThat(Timestamps.parse(text)).isEqualTo(t).isEqualTo(Instant.parse(text));
    }

    @org.junit.jupiter.api.Test
    void microsecondsAreKeptAndNanosecondsBelowThemDropped() {
        Instant t = Instant.parse("2024-01-01T10:00:00.123456789Z");
        assertThat(Timestamps.format(t)).isEqualTo("2024-01-01T10:00:00.123456Z");
        assertThat(Timestamps.parse("2024-01-01T10:00:00.123456Z"))
                .isEqualTo(Instant.parse("2024-01-01T10:00:00.123456Z"));
    }
}
