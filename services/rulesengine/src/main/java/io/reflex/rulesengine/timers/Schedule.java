package io.reflex.rulesengine.timers;

import java.time.Instant;
import java.util.Optional;

/**
 * When a timer fires: a strictly increasing series of instants, its schedule points. The series depends only
 * on the timer's parameters, never on when or where it is computed, so every leader derives the same points
 * (and the same trigger instance ids). Pure and thread-safe.
 */
sealed interface Schedule permits IntervalSchedule, DateSchedule, CronSchedule {
    /** The first point strictly after {@code after}, or empty when the schedule has none left. */
    Optional<Instant> next(Instant after);
}
