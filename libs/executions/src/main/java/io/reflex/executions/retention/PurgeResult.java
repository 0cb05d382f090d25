package io.reflex.executions.retention;

import java.time.Instant;
import java.util.Objects;

/**
 * What one purge of one kind did (or, for a dry run, would do).
 *
 * @param records records of the kind deleted (or matching, for a dry run)
 * @param outputRecords for executions: their output records deleted with them (or matching); 0 otherwise
 * @param stopped true when the purge stopped early because it was told to (leadership lost)
 */
public record PurgeResult(
        PurgeKind kind, Instant cutoff, long records, long outputRecords, boolean dryRun, boolean stopped) {
    public PurgeResult {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(cutoff, "cutoff");
    }
}
