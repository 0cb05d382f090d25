package io.reflex.rulesengine.timers;

import static io.reflex.rulesengine.timers.TimerFixtures.at;
import static io.reflex.rulesengine.timers.TimerFixtures.points;
import static io.reflex.rulesengine.timers.TimerFixtures.schedule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

class IntervalScheduleTest {
    private static final String INTERVAL = TimerTypes.INTERVAL;

    @Test
    void aOneSecondTimerFiresOnEveryWholeSecondStrictlyAfterTheGivenInstant() {
        Schedule s = schedule(INTERVAL, "{'unit': 'seconds', 'delta': 1}");

        assertThat(points(s, at("2024-01-01T10:00:00.500Z"), 3))
                .containsExactly(at("2024-01-01T10:00:01Z"), at("2024-01-01T10:00:02Z"), at("2024-01-01T10:00:03Z"));
        assertThat(s.next(at("2024-01-01T10:00:01Z"))).contains(at("2024-01-01T10:00:02Z"));
        assertThat(s.next(at("2024-01-01T10:00:01.999999999Z"))).contains(at("2024-01-01T10:00:02Z"));
    }

    @Test
    void pointsLieOnAFixedGridWhateverMomentTheyAreComputedFrom() {
        Schedule s = schedule(INTERVAL, "{'unit': 'minutes', 'delta': 5}");

        assertThat(s.next(at("2024-01-01T10:02:13Z"))).contains(at("2024-01-01T10:05:00Z"));
        assertThat(s.next(at("2024-01-01T10:04:59.9Z"))).contains(at("2024-01-01T10:05:00Z"));
        List<Instant> fromA = points(s, at("2024-01-01T09:58:01Z"), 4);
        List<Instant> fromB = points(s, at("2024-01-01T10:01:30Z"), 3);
        assertThat(fromA.subList(1, 4)).isEqualTo(fromB);
    }

    @Test
    void hoursCountFromLocalMidnightSoAHalfHourZoneFiresOnItsOwnHour() {
        Schedule s = schedule(INTERVAL, "{'unit': 'hours', 'delta': 1, 'timezone': 'Asia/Kolkata'}");

        Instant next = s.next(at("2024-06-01T10:10:00Z")).orElseThrow();

        assertThat(next).isEqualTo(at("2024-06-01T10:30:00Z"));
        assertThat(next.atZone(ZoneId.of("Asia/Kolkata")).getMinute()).isZero();
    }

    @Test
    void hoursAreElapsedTimeAcrossADstChange() {
        Schedule s = schedule(INTERVAL, "{'unit': 'hours', 'delta': 1, 'timezone': 'America/New_York'}");

        // 2024-03-10 02:00 EST does not exist: clocks jump to 03:00 EDT
        List<Instant> p = points(s, at("2024-03-10T00:30:00-05:00"), 3);

        assertThat(p)
                .containsExactly(
                        at("2024-03-10T01:00:00-05:00"),
                        at("2024-03-10T03:00:00-04:00"),
                        at("2024-03-10T04:00:00-04:00"));
        assertThat(Duration.between(p.get(0), p.get(1))).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void daysStayAtLocalMidnightAcrossDstChanges() {
        Schedule s = schedule(INTERVAL, "{'unit': 'days', 'delta': 1, 'timezone': 'Europe/Berlin'}");

        // Berlin springs forward on 2024-03-31: that day has 23 hours
        List<Instant> p = points(s, at("2024-03-29T12:00:00+01:00"), 3);

        assertThat(p)
                .containsExactly(
                        at("2024-03-30T00:00:00+01:00"),
                        at("2024-03-31T00:00:00+01:00"),
                        at("2024-04-01T00:00:00+02:00"));
        assertThat(Duration.between(p.get(1), p.get(2))).isEqualTo(Duration.ofHours(23));
    }

    @Test
    void everyOtherDayAndEveryWeekCountFromTheSameMondayOrigin() {
        Schedule days = schedule(INTERVAL, "{'unit': 'days', 'delta': 2}");
        Schedule weeks = schedule(INTERVAL, "{'unit': 'weeks', 'delta': 1}");
        Schedule fortnights = schedule(INTERVAL, "{'unit': 'weeks', 'delta': 2}");

        // 1970-01-05 (the origin) is day 0; 2024-01-01 is day 19719, odd, and a Monday
        assertThat(days.next(at("2024-01-01T05:00:00Z"))).contains(at("2024-01-02T00:00:00Z"));
        assertThat(points(weeks, at("2024-01-03T00:00:00Z"), 2))
                .containsExactly(at("2024-01-08T00:00:00Z"), at("2024-01-15T00:00:00Z"));
        Instant first = fortnights.next(at("2024-01-03T00:00:00Z")).orElseThrow();
        assertThat(first.atZone(ZoneId.of("UTC")).getDayOfWeek()).hasToString("MONDAY");
        assertThat(fortnights.next(first)).contains(first.plus(14, ChronoUnit.DAYS));
    }

    @Test
    void badUnitsAndDeltasAreRejectedWithTheParameterNamed() {
        assertThatThrownBy(() -> schedule(INTERVAL, "{'unit': 'fortnights', 'delta': 1}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unit must be one of");
        assertThatThrownBy(() -> schedule(INTERVAL, "{'unit': 'seconds', 'delta': 0}"))
                .hasMessageContaining("delta must be an integer from 1");
        assertThatThrownBy(() -> schedule(INTERVAL, "{'unit': 'seconds', 'delta': '5'}"))
                .hasMessageContaining("delta must be an integer");
        assertThatThrownBy(() -> schedule(INTERVAL, "{'unit': 'seconds', 'delta': 5, 'timezone': 'Mars/Base'}"))
                .hasMessageContaining("unknown time zone 'Mars/Base'");
    }
}
