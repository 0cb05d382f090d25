package io.reflex.notifier;

import io.reflex.core.execution.Execution;
import io.reflex.core.json.Timestamps;
import io.reflex.core.store.ExecutionStore;
import io.reflex.executions.ExecutionWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's outbox sweep (docs/architecture.md, rule 12): an execution whose announcement is still pending
 * {@code after} it was stored (its writer died, or the broker failed, between the store write and the
 * publish) is announced again from the record as it is now, and the entries announced are cleared. The
 * query is one range scan of the {@code outbox.at} index, oldest first, {@code batch} at a time. A writer
 * slower than {@code after} may announce the same change too: consumers are idempotent on
 * {@code id:status}, and the stream may show that event twice. Blocks on the store and bus; one sweep at
 * a time.
 */
final class OutboxSweep {
    private static final Logger log = LoggerFactory.getLogger(OutboxSweep.class);
    /** Failures in a row after which a sweep stops (the broker or store is away; the next sweep retries). */
    private static final int FAILURES_IN_A_ROW = 3;

    private final ExecutionStore executions;
    private final ExecutionWriter writer;
    private final Clock clock;
    private final Duration after;
    private final int batch;

    /** @param after how old a pending announcement must be before the sweep takes it from its writer */
    OutboxSweep(ExecutionStore executions, ExecutionWriter writer, Clock clock, Duration after, int batch) {
        this.executions = executions;
        this.writer = writer;
        this.clock = clock;
        this.after = after;
        this.batch = batch;
    }

    /**
     * One sweep; stops early once {@code leading} turns false.
     *
     * @return how many executions it announced
     * @throws RuntimeException when the store query failed
     */
    synchronized int sweep(BooleanSupplier leading) {
        Instant cutoff = Timestamps.now(clock).minus(after);
        List<Execution> pending = executions.pendingAnnouncements(cutoff, batch);
        int announced = 0;
        int failures = 0;
        for (Execution e : pending) {
            if (!leading.getAsBoolean() || failures >= FAILURES_IN_A_ROW) {
                break;
            }
            try {
                if (writer.announcePending(e)) {
                    announced++;
                    log.warn(
                            "pending announcement published by the sweep execution={} status={} versions={}",
                            e.id(),
                            e.status(),
                            e.outbox().stream().map(a -> a.version()).toList());
                }
                failures = 0;
            } catch (RuntimeException ex) {
                failures++;
                log.warn("pending announcement not published execution={} error={}", e.id(), ex.toString());
            }
        }
        return announced;
    }

    /** One sweep as the elected leader's work. */
    void sweepAsLeader(BooleanSupplier leading) {
        int announced = sweep(leading);
        if (announced > 0) {
            log.info("outbox sweep announced={}", announced);
        }
    }
}
