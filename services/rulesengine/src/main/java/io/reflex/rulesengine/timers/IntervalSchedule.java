package io.reflex.rulesengine.timers;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code core.st2.IntervalTimer}: every {@code delta} {@code unit}s on a fixed grid, so that the points do not
 * depend on when a leader started (APScheduler counts from the moment the job was added, which differs per
 * process and per restart). The grid starts at {@link #ORIGIN} (a Monday) at midnight in {@code zone}:
 *
 * <ul>
 *   <li>seconds, minutes, hours: elapsed time, {@code origin + k * delta * unit} (as APScheduler adds its
 *       interval; across a DST change the wall-clock time shifts, the spacing does not);
 *   <li>days, weeks: calendar days in {@code zone}, at local midnight (the first instant of the day where a
 *       DST change skips midnight) every {@code delta} days or weeks counted from the origin, so "every day"
 *       stays at midnight across DST changes.
 * </ul>
 */
record IntervalSchedule(ChronoUnit unit, long delta, ZoneId zone) implements Schedule {
    static final LocalDate ORIGIN = LocalDate.of(1970, 1, 5);
    private static final Set<ChronoUnit> UNITS =
            Set.of(ChronoUnit.SECONDS, ChronoUnit.MINUTES, ChronoUnit.HOURS, ChronoUnit.DAYS, ChronoUnit.WEEKS);
    // Keeps delta * unit in seconds far from overflow (about 19,000 years of weeks).
    private static final long MAX_DELTA = 1_000_000;

    IntervalSchedule {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(zone, "zone");
        if (!UNITS.contains(unit)) {
            throw new IllegalArgumentException("unit must be weeks, days, hours, minutes or seconds, was " + unit);
        }
        if (delta < 1 || delta > MAX_DELTA) {
            throw new IllegalArgumentException("delta must be an integer from 1 to " + MAX_DELTA + ", was " + delta);
        }
    }

    @Override
    public Optional<Instant> next(Instant after) {
        return Optional.of(calendar() ? nextDay(after) : nextElapsed(after));
    }

    private boolean calendar() {
        return unit == ChronoUnit.DAYS || unit == ChronoUnit.WEEKS;
    }

    private Instant nextElapsed(Instant after) {
        long origin = ORIGIN.atStartOfDay(zone).toEpochSecond();
        long step = unit.getDuration().getSeconds() * delta;
        // Whole seconds since the origin, rounded down: a point equal to `after` is not after it.
        long k = Math.floorDiv(after.getEpochSecond() - origin, step) + 1;
        return Instant.ofEpochSecond(origin + k * step);
    }

    private Instant nextDay(Instant after) {
        long stepDays = unit == ChronoUnit.WEEKS ? 7 * delta : delta;
        long day = after.atZone(zone).toLocalDate().toEpochDay() - ORIGIN.toEpochDay();
        for (long k = Math.floorDiv(day, stepDays); ; k++) {
            Instant point = ORIGIN.plusDays(k * stepDays).atStartOfDay(zone).toInstant();
            if (point.isAfter(after)) {
                return point;
            }
        }
    }
}
