package io.reflex.rulesengine.timers;

import static io.reflex.rulesengine.timers.TimerFixtures.at;
import static io.reflex.rulesengine.timers.TimerFixtures.schedule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class DateScheduleTest {
    private static final String DATE = TimerTypes.DATE;
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Test
    void aDateTimerHasOnePoint() {
        Schedule s = schedule(DATE, "{'date': '2030-01-01 10:00:00'}");

        assertThat(s.next(at("2029-12-31T00:00:00Z"))).contains(at("2030-01-01T10:00:00Z"));
        assertThat(s.next(at("2030-01-01T10:00:00Z"))).isEmpty();
        assertThat(s.next(at("2031-01-01T00:00:00Z"))).isEmpty();
    }

    @Test
    void datesWithoutAnOffsetAreLocalTimesOfTheTimezone() {
        assertThat(schedule(DATE, "{'date': '2030-01-01 10:00:00', 'timezone': 'America/New_York'}")
                        .next(Instant.EPOCH))
                .contains(at("2030-01-01T15:00:00Z"));
        assertThat(Schedules.date("2030-01-01T10:00:00Z", NEW_YORK)).isEqualTo(at("2030-01-01T10:00:00Z"));
        assertThat(Schedules.date("2030-01-01 10:00:00+02:00", NEW_YORK)).isEqualTo(at("2030-01-01T08:00:00Z"));
        assertThat(Schedules.date("2030-01-01", ZoneId.of("UTC"))).isEqualTo(at("2030-01-01T00:00:00Z"));
        assertThat(Schedules.date("2030-1-2 3:04:05.5", ZoneId.of("UTC"))).isEqualTo(at("2030-01-02T03:04:05.500Z"));
    }

    @Test
    void localTimesAroundDstChangesArePlacedInStandardTimeLikePytz() {
        // skipped by spring-forward: 02:30 EST, i.e. 03:30 EDT
        assertThat(Schedules.date("2024-03-10 02:30:00", NEW_YORK)).isEqualTo(at("2024-03-10T03:30:00-04:00"));
        // repeated by fall-back: the EST occurrence
        assertThat(Schedules.date("2024-11-03 01:30:00", NEW_YORK)).isEqualTo(at("2024-11-03T01:30:00-05:00"));
    }

    @Test
    void malformedDatesAreRejected() {
        assertThatThrownBy(() -> schedule(DATE, "{'date': 'tomorrow'}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid date 'tomorrow'");
        assertThatThrownBy(() -> schedule(DATE, "{'date': '2030-02-30 10:00:00'}"))
                .hasMessageContaining("invalid date '2030-02-30 10:00:00'");
        assertThatThrownBy(() -> schedule(DATE, "{}")).hasMessageContaining("date must be a string");
    }

    @Test
    void executedAtIsPythonsStrOfAUtcDatetime() {
        assertThat(Schedules.pythonStr(at("2024-01-01T10:00:00Z"))).isEqualTo("2024-01-01 10:00:00+00:00");
        assertThat(Schedules.pythonStr(at("2024-01-01T10:00:00.123456Z")))
                .isEqualTo("2024-01-01 10:00:00.123456+00:00");
        assertThat(Schedules.pythonStr(at("2024-01-01T10:00:00.5Z"))).isEqualTo("2024-01-01 10:00:00.500000+00:00");
    }
}
