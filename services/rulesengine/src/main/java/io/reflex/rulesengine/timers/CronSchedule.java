package io.reflex.rulesengine.timers;

import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * {@code core.st2.CronTimer}: the points whose wall-clock time in {@code zone} matches the fields (see
 * {@link CronFields}), computed by cron-utils. cron-utils runs on wall-clock values (in UTC, a zone without
 * DST) and each match is then placed in {@code zone} the way APScheduler's pytz {@code localize} does: a
 * wall-clock time skipped by a DST change fires at the instant it names in standard time (02:30 on a
 * spring-forward night fires at 03:30 daylight time, once), and a wall-clock time that occurs twice fires
 * once, at its standard-time occurrence (the second).
 */
final class CronSchedule implements Schedule {
    static final CronDefinition DEFINITION = CronDefinitionBuilder.defineCron()
            .withSeconds()
            .withValidRange(0, 59)
            .withStrictRange()
            .and()
            .withMinutes()
            .withValidRange(0, 59)
            .withStrictRange()
            .and()
            .withHours()
            .withValidRange(0, 23)
            .withStrictRange()
            .and()
            .withDayOfMonth()
            .withValidRange(1, 31)
            .supportsL()
            .withStrictRange()
            .and()
            .withMonth()
            .withValidRange(1, 12)
            .withStrictRange()
            .and()
            .withDayOfWeek()
            .withValidRange(0, 6)
            .withMondayDoWValue(0)
            .supportsHash()
            .supportsL()
            .withStrictRange()
            .and()
            .withYear()
            .withValidRange(1970, 2099)
            .withStrictRange()
            .and()
            // APScheduler requires every field to match, day and day_of_week included
            .matchDayOfWeekAndDayOfMonth()
            .instance();
    private static final CronParser PARSER = new CronParser(DEFINITION);
    // Bounds one call: an hour repeated by DST has at most 3,600 matches to pass over, a week filter jumps a
    // week per step (about 6,900 steps to 2099).
    private static final int MAX_STEPS = 20_000;

    private final String expression;
    private final ExecutionTime times;
    private final IntPredicate week;
    private final ZoneId zone;

    /** @throws IllegalArgumentException when cron-utils rejects the expression */
    CronSchedule(CronFields.Translated fields, ZoneId zone) {
        this.expression = fields.expression();
        this.times = ExecutionTime.forCron(PARSER.parse(fields.expression()));
        this.week = fields.week();
        this.zone = zone;
    }

    @Override
    public Optional<Instant> next(Instant after) {
        // cron-utils keeps sub-second parts of its input, so it is given whole seconds.
        ZonedDateTime cursor = after.atZone(zone)
                .toLocalDateTime()
                .truncatedTo(ChronoUnit.SECONDS)
                .atZone(ZoneOffset.UTC);
        for (int step = 0; step < MAX_STEPS; step++) {
            Optional<ZonedDateTime> found = times.nextExecution(cursor);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            LocalDateTime wall = found.get().toLocalDateTime();
            if (!week.test(wall.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR))) {
                cursor = wall.toLocalDate()
                        .with(TemporalAdjusters.next(DayOfWeek.MONDAY))
                        .atStartOfDay()
                        .minusSeconds(1)
                        .atZone(ZoneOffset.UTC);
                continue;
            }
            Instant at = Schedules.standardTime(wall, zone);
            if (at.isAfter(after)) {
                return Optional.of(at);
            }
            cursor = found.get();
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "cron(" + expression + " " + zone + ")";
    }
}
