package io.reflex.orquesta;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a task's {@code next}: when the task completes and {@link #when} holds (no condition:
 * always), {@link #publish} is assigned into the branch's context, then {@link #targets} are scheduled.
 * A target is a task name or an {@link EngineCommand}; {@code do} left out means {@code continue}.
 *
 * @param index the position in {@code next} (orquesta's spec paths and the graph's transition refs use it)
 */
public record Transition(int index, Optional<String> when, List<Assignment> publish, List<String> targets) {
    public Transition {
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative: " + index);
        }
        Objects.requireNonNull(when, "when");
        publish = List.copyOf(publish);
        targets = List.copyOf(targets);
    }
}
