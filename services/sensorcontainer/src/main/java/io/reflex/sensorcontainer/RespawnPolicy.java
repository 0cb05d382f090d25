package io.reflex.sensorcontainer;

import java.time.Duration;
import java.util.Objects;

/**
 * When a dead sensor is started again. StackStorm waits {@code 2.5 s × failures in a row} and counts a run
 * of at least 10 s as a success that resets the count; it gives up after two respawns. Reflex keeps
 * trying, with the pause capped, because a sensor that nobody restarts is an outage nobody sees.
 *
 * @param step the pause per failure in a row
 * @param max the longest pause
 * @param successAfter a run at least this long resets the count of failures
 */
record RespawnPolicy(Duration step, Duration max, Duration successAfter) {
    static final Duration STACKSTORM_SUCCESS_THRESHOLD = Duration.ofSeconds(10);

    RespawnPolicy {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(successAfter, "successAfter");
    }

    /** The failures in a row after a process that ran for {@code ranFor} died. */
    int failuresAfter(int failuresBefore, Duration ranFor) {
        return (ranFor.compareTo(successAfter) >= 0 ? 0 : failuresBefore) + 1;
    }

    /** The pause before the next start after {@code failures} failures in a row. */
    Duration delay(int failures) {
        Duration d = step.multipliedBy(Math.max(0, failures));
        return d.compareTo(max) > 0 ? max : d;
    }
}
