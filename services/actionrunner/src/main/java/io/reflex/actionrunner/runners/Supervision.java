package io.reflex.actionrunner.runners;

import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * How the OS processes of one execution are tied to their runner (design rule 13). {@code record} is the
 * file naming the action's session while it runs, so that the next runner on this host can kill it should
 * both the runner and its supervisor die ({@code null}: none kept). {@code killBy} answers, whenever asked,
 * the moment by which the action's processes must be gone unless the runner says otherwise later: its
 * lease's expiry less a margin ({@code null}: no such moment).
 */
public record Supervision(Path record, Supplier<Instant> killBy) {
    /** No record, no deadline: the processes still die with the runner. */
    public static final Supervision NONE = new Supervision(null, () -> null);

    public Supervision {
        if (killBy == null) {
            killBy = () -> null;
        }
    }
}
