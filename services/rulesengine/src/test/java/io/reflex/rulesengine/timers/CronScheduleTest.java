package io.reflex.rulesengine.timers;

import static io.reflex.rulesengine.timers.TimerFixtures.at;
import static io.reflex.rulesengine.timers.TimerFixtures.json;
import static io.reflex.rulesengine.timers.TimerFixtures.points;
import static io.reflex.rulesengine.timers.TimerFixtures.schedule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** APScheduler CronTrigger semantics, as StackStorm's core.st2.CronTimer passes its parameters to it. */
class CronScheduleTest {
    private static final String CRON = TimerTypes.CRON;

    @Test
    void aStepInTheLeastSignificantFieldLeavesEveryOtherFieldOpen() {
        Schedule s = schedule(CRON, "{'second': '*/5'}");

        assertThat(points(s, at("2024-01-01T10:00:03Z"), 3))
                .containsExactly(at("2024-01-01T10:00:05Z"), at("2024-01-01T10:00:10Z"), at("2024-01-01T10:00:15Z"));
    }

    @Test
    void fieldsLessSignificantThanTheGivenOnesTakeTheirMinimum() {
        assertThat(points(schedule(CRON, "{'minute': '*/15'}"), at("2024-01-01T10:07:00Z"), 2))
                .containsExactly(at("2024-01-01T10:15:00Z"), at("2024-01-01T10:30:00Z"));
        // {day: 1}: 00:00:00 on the first of every month
        assertThat(points(schedule(CRON, "{'day': 1}"), at("2024-01-15T00:00:00Z"), 2))
                .containsExactly(at("2024-02-01T00:00:00Z"), at("2024-03-01T00:00:00Z"));
        // no field at all: every second
        assertThat(schedule(CRON, "{}").next(at("2024-01-01T10:00:00Z"))).contains(at("2024-01-01T10:00:01Z"));
    }

    @Test
    void weekdaysCountFromMondayAsZeroAndTakeNamesAndRanges() {
        Instant friday = at("2024-01-05T10:00:00Z");

        assertThat(points(schedule(CRON, "{'day_of_week': 'mon-fri', 'hour': 9}"), friday, 2))
                .containsExactly(at("2024-01-08T09:00:00Z"), at("2024-01-09T09:00:00Z"));
        assertThat(schedule(CRON, "{'day_of_week': 0, 'hour': 9}").next(friday)).contains(at("2024-01-08T09:00:00Z"));
        assertThat(schedule(CRON, "{'day_of_week': 6, 'hour': 9}").next(friday)).contains(at("2024-01-07T09:00:00Z"));
        assertThat(points(schedule(CRON, "{'day_of_week': 'sat,sun', 'hour': 0}"), friday, 2))
                .containsExactly(at("2024-01-06T00:00:00Z"), at("2024-01-07T00:00:00Z"));
        assertThat(points(schedule(CRON, "{'day_of_week': '*/2', 'hour': 0}"), friday, 3))
                .as("mon, wed, fri, sun")
                .containsExactly(at("2024-01-07T00:00:00Z"), at("2024-01-08T00:00:00Z"), at("2024-01-10T00:00:00Z"));
    }

    @Test
    void rangesStepsListsAndMonthNamesCombine() {
        Schedule s = schedule(CRON, "{'month': 'jan-feb,jul', 'day': '1-15/7', 'hour': '8,20'}");

        assertThat(points(s, at("2024-01-14T00:00:00Z"), 5))
                .containsExactly(
                        at("2024-01-15T08:00:00Z"),
                        at("2024-01-15T20:00:00Z"),
                        at("2024-02-01T08:00:00Z"),
                        at("2024-02-01T20:00:00Z"),
                        at("2024-02-08T08:00:00Z"));
        assertThat(schedule(CRON, "{'month': '*/3', 'day': 1}").next(at("2024-01-02T00:00:00Z")))
                .contains(at("2024-04-01T00:00:00Z"));
        assertThat(schedule(CRON, "{'minute': '50/5'}").next(at("2024-01-01T10:56:00Z")))
                .as("a/n: from a to the maximum")
                .contains(at("2024-01-01T11:50:00Z"));
    }

    @Test
    void dayTakesLastAndNthWeekdayExpressions() {
        assertThat(points(schedule(CRON, "{'day': 'last'}"), at("2024-01-01T00:00:00Z"), 2))
                .containsExactly(at("2024-01-31T00:00:00Z"), at("2024-02-29T00:00:00Z"));
        assertThat(points(schedule(CRON, "{'day': '3rd fri'}"), at("2024-01-01T00:00:00Z"), 2))
                .containsExactly(at("2024-01-19T00:00:00Z"), at("2024-02-16T00:00:00Z"));
        assertThat(schedule(CRON, "{'day': 'last fri'}").next(at("2024-01-01T00:00:00Z")))
                .contains(at("2024-01-26T00:00:00Z"));
    }

    @Test
    void dayAndDayOfWeekMustBothMatch() {
        // Friday the 13th, not "the 13th or any Friday" as in Unix cron
        assertThat(points(schedule(CRON, "{'day': 13, 'day_of_week': 'fri'}"), at("2024-01-01T00:00:00Z"), 2))
                .containsExactly(at("2024-09-13T00:00:00Z"), at("2024-12-13T00:00:00Z"));
    }

    @Test
    void weekIsTheIsoWeekOfTheYear() {
        Schedule s = schedule(CRON, "{'week': 2, 'day_of_week': 'mon', 'hour': 6}");

        assertThat(points(s, at("2024-01-01T00:00:00Z"), 2))
                .containsExactly(at("2024-01-08T06:00:00Z"), at("2025-01-06T06:00:00Z"));
        assertThat(schedule(CRON, "{'week': '*/26', 'day_of_week': 0}").next(at("2024-02-01T00:00:00Z")))
                .as("weeks 1, 27 and 53")
                .contains(at("2024-07-01T00:00:00Z"));
    }

    @Test
    void aYearBoundsTheScheduleAndThenItEnds() {
        Schedule s = schedule(CRON, "{'year': 2025, 'month': 6, 'day': 1}");

        assertThat(points(s, at("2024-01-01T00:00:00Z"), 3)).containsExactly(at("2025-06-01T00:00:00Z"));
        assertThat(schedule(CRON, "{'month': 2, 'day': 30}").next(at("2024-01-01T00:00:00Z")))
                .isEmpty();
    }

    @Test
    void fieldsMatchTheWallClockOfTheTimezone() {
        Schedule tokyo = schedule(CRON, "{'hour': 9, 'timezone': 'Asia/Tokyo'}");
        Schedule byDefault = Schedules.of(CRON, json("{'hour': 9}"), ZoneId.of("Asia/Tokyo"));

        assertThat(tokyo.next(at("2024-01-01T12:00:00Z"))).contains(at("2024-01-02T00:00:00Z"));
        assertThat(byDefault.next(at("2024-01-01T12:00:00Z"))).contains(at("2024-01-02T00:00:00Z"));
    }

    @Test
    void aWallClockTimeSkippedBySpringForwardFiresOnceInStandardTime() {
        Schedule s = schedule(CRON, "{'hour': 2, 'minute': 30, 'timezone': 'America/New_York'}");

        assertThat(points(s, at("2024-03-09T00:00:00-05:00"), 3))
                .containsExactly(
                        at("2024-03-09T02:30:00-05:00"),
                        at("2024-03-10T03:30:00-04:00"),
                        at("2024-03-11T02:30:00-04:00"));
        // 02:30 and the real 03:30 coincide that night: one point, not two
        assertThat(points(
                        schedule(CRON, "{'minute': 30, 'timezone': 'America/New_York'}"),
                        at("2024-03-10T01:45:00-05:00"),
                        2))
                .containsExactly(at("2024-03-10T03:30:00-04:00"), at("2024-03-10T04:30:00-04:00"));
    }

    @Test
    void aWallClockTimeRepeatedByFallBackFiresOnceAtItsStandardTimeOccurrence() {
        Schedule daily = schedule(CRON, "{'hour': 1, 'minute': 30, 'timezone': 'America/New_York'}");
        Schedule halfHourly = schedule(CRON, "{'minute': '*/30', 'timezone': 'America/New_York'}");

        assertThat(points(daily, at("2024-11-02T12:00:00-04:00"), 2))
                .containsExactly(at("2024-11-03T01:30:00-05:00"), at("2024-11-04T01:30:00-05:00"));
        assertThat(points(halfHourly, at("2024-11-03T00:10:00-04:00"), 4))
                .containsExactly(
                        at("2024-11-03T00:30:00-04:00"),
                        at("2024-11-03T01:00:00-05:00"),
                        at("2024-11-03T01:30:00-05:00"),
                        at("2024-11-03T02:00:00-05:00"));
        assertThat(halfHourly.next(at("2024-11-03T01:10:00-04:00")))
                .as("from inside the daylight-time occurrence")
                .contains(at("2024-11-03T01:30:00-05:00"));
    }

    @Test
    void integersAndStringsAreTheSame() {
        Instant from = at("2024-01-01T00:00:00Z");
        assertThat(points(schedule(CRON, "{'hour': 5, 'minute': 7}"), from, 3))
                .isEqualTo(points(schedule(CRON, "{'hour': '5', 'minute': ' 7 '}"), from, 3));
    }

    @Test
    void invalidFieldsAreRejectedNamingTheField() {
        assertThatThrownBy(() -> schedule(CRON, "{'minute': 60}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cron field 'minute': 60 is outside 0-59");
        assertThatThrownBy(() -> schedule(CRON, "{'day_of_week': 'funday'}"))
                .hasMessageContaining("cron field 'day_of_week': unknown name 'funday'");
        assertThatThrownBy(() -> schedule(CRON, "{'hour': 'noon'}"))
                .hasMessageContaining("cron field 'hour': unrecognised expression 'noon'");
        assertThatThrownBy(() -> schedule(CRON, "{'day_of_week': 'mon-funday'}"))
                .hasMessageContaining("unknown name 'funday'");
        assertThatThrownBy(() -> schedule(CRON, "{'hour': '5-1'}")).hasMessageContaining("starts after it ends");
        assertThatThrownBy(() -> schedule(CRON, "{'second': '*/0'}")).hasMessageContaining("step must be at least 1");
        assertThatThrownBy(() -> schedule(CRON, "{'day': '3rd fri', 'day_of_week': 'mon'}"))
                .hasMessageContaining("cannot be combined");
        assertThatThrownBy(() -> schedule(CRON, "{'day': '1,last'}")).hasMessageContaining("cron field 'day'");
        assertThatThrownBy(() -> schedule(CRON, "{'hour': true}"))
                .hasMessageContaining("must be a string or an integer");
        assertThatThrownBy(() -> schedule(CRON, "{'year': 2100}")).hasMessageContaining("outside 1970-2099");
        assertThatThrownBy(() -> schedule(CRON, "{'week': 54}")).hasMessageContaining("cron field 'week'");
    }
}
