package io.reflex.gc;

import io.reflex.core.json.Timestamps;
import io.reflex.executions.retention.PurgeKind;
import io.reflex.executions.retention.PurgeResult;
import io.reflex.executions.retention.Purger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One collection cycle, in StackStorm's order: each enabled kind is purged up to its own cut-off (now minus
 * its retention, taken when the kind starts), with {@code sleep_delay} between kinds, then expired inquiries
 * time out. A kind that fails (store unreachable) is logged and the cycle goes on with the next one, as
 * StackStorm's collector does; the next cycle tries again. Everything stops as soon as {@code proceed}
 * turns false (leadership lost). Blocks on the store for the whole cycle.
 */
final class GcCycle {
    private static final Logger log = LoggerFactory.getLogger(GcCycle.class);

    /** What a cycle did: records deleted per kind, inquiries timed out, and whether it was cut short. */
    record Outcome(Map<PurgeKind, Long> deleted, int inquiriesTimedOut, boolean stopped) {}

    private final Purger purger;
    private final InquiryTimeouts inquiries;
    private final GcSettings settings;
    private final Clock clock;
    private final String memberId;

    GcCycle(Purger purger, InquiryTimeouts inquiries, GcSettings settings, Clock clock, String memberId) {
        this.purger = purger;
        this.inquiries = inquiries;
        this.settings = settings;
        this.clock = clock;
        this.memberId = memberId;
    }

    Outcome run(BooleanSupplier proceed) {
        Map<PurgeKind, Long> deleted = new EnumMap<>(PurgeKind.class);
        for (PurgeKind kind : PurgeKind.values()) {
            Duration ttl = settings.ttl(kind);
            if (!proceed.getAsBoolean()) {
                return stopped(deleted);
            }
            if (ttl.isZero()) {
                continue;
            }
            purge(kind, Timestamps.now(clock).minus(ttl), proceed, deleted);
            pause(proceed);
        }
        int timedOut = 0;
        if (settings.purgeInquiries() && proceed.getAsBoolean()) {
            try {
                timedOut = inquiries.sweep(proceed);
            } catch (RuntimeException e) {
                log.warn("gc inquiries failed member={} error={}", memberId, e.toString());
            }
        }
        if (!proceed.getAsBoolean()) {
            return stopped(deleted);
        }
        log.info("gc cycle done member={} deleted={} inquiries_timed_out={}", memberId, deleted, timedOut);
        return new Outcome(deleted, timedOut, false);
    }

    private void purge(PurgeKind kind, Instant cutoff, BooleanSupplier proceed, Map<PurgeKind, Long> deleted) {
        try {
            PurgeResult r = purger.purge(kind, cutoff, Purger.Options.DEFAULT, proceed);
            deleted.put(kind, r.records());
            if (r.records() > 0 || log.isDebugEnabled()) {
                log.info(
                        "gc purged kind={} deleted={} output_deleted={} cutoff={} member={}",
                        kind,
                        r.records(),
                        r.outputRecords(),
                        Timestamps.format(cutoff),
                        memberId);
            }
        } catch (RuntimeException e) {
            log.warn("gc purge failed kind={} member={} error={}", kind, memberId, e.toString());
        }
    }

    private Outcome stopped(Map<PurgeKind, Long> deleted) {
        log.info("gc cycle stopped, leadership lost member={} deleted={}", memberId, deleted);
        return new Outcome(deleted, 0, true);
    }

    /** Sleeps {@code sleep_delay}, waking early when leadership is lost. */
    private void pause(BooleanSupplier proceed) {
        long end = System.nanoTime() + settings.sleepDelay().toNanos();
        try {
            for (long left = end - System.nanoTime();
                    left > 0 && proceed.getAsBoolean();
                    left = end - System.nanoTime()) {
                Thread.sleep(Math.min(100, Math.max(1, left / 1_000_000)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
