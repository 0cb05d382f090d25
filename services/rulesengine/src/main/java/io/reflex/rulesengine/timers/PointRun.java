package io.reflex.rulesengine.timers;

import java.time.Instant;

/** A run of consecutive schedule points of one timer (fired or skipped in one tick), for one log line. */
final class PointRun {
    final Instant first;
    Instant last;
    long count = 1;
    /** Set when the rest of a skipped run was passed over unseen: every point before this instant. */
    Instant jumpedTo;

    PointRun(Instant first) {
        this.first = first;
        this.last = first;
    }

    /** Starts a run at {@code point} or extends {@code run} by it. */
    static PointRun add(PointRun run, Instant point) {
        if (run == null) {
            return new PointRun(point);
        }
        run.last = point;
        run.count++;
        return run;
    }
}
