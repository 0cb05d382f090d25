package io.reflex.rulesengine.timers;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** {@code core.st2.DateTimer}: one point. */
record DateSchedule(Instant at) implements Schedule {
    DateSchedule {
        Objects.requireNonNull(at, "at");
    }

    @Override
    public Optional<Instant> next(Instant after) {
        return at.isAfter(after) ? Optional.of(at) : Optional.empty();
    }
}
