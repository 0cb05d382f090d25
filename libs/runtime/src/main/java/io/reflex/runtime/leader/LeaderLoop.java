package io.reflex.runtime.leader;

import io.reflex.core.coordination.Coordinator;
import io.reflex.core.coordination.Election;
import io.reflex.core.coordination.LeadershipListener;
import io.reflex.runtime.lifecycle.Component;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work that only the elected leader of a group does, again and again: the first run at once when elected,
 * then every {@code interval} after the previous one ended; nothing on the other members. This is how a
 * "one per cluster" duty (the lease reaper, retention) runs N-way: leadership follows the coordinator
 * session, so when the leader dies or is cut off another member takes over within the session timeout.
 *
 * <p>A run belongs to the term it started in and is handed a check that this member still leads in that
 * term; long work calls it between steps and stops once it turns false. A run that throws is logged and the
 * next one tries again. Closing leaves the election and waits (up to 30 s) for a running run to notice.
 */
public final class LeaderLoop implements Component, LeadershipListener {
    /** One run of the leader's work. */
    @FunctionalInterface
    public interface Work {
        /** @param stillLeading true while this member leads in the term the run started in */
        void run(BooleanSupplier stillLeading);
    }

    private static final Logger log = LoggerFactory.getLogger(LeaderLoop.class);
    private static final long NOT_LEADING = -1;

    private final Coordinator coordinator;
    private final String group;
    private final String memberId;
    private final Duration interval;
    private final Work work;
    private final AtomicLong runs = new AtomicLong();
    private ScheduledExecutorService scheduler;
    private ScheduledFuture<?> loop;
    private Election election;
    private volatile long leadingTerm = NOT_LEADING;

    /** @param group the election group, also the name of the worker thread and of the work in log lines */
    public LeaderLoop(Coordinator coordinator, String group, String memberId, Duration interval, Work work) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        this.coordinator = coordinator;
        this.group = group;
        this.memberId = memberId;
        this.interval = interval;
        this.work = work;
    }

    @Override
    public void start() {
        synchronized (this) {
            scheduler = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().name(group).factory());
        }
        Election joined = coordinator.elect(group, memberId, this);
        synchronized (this) {
            election = joined;
        }
    }

    @Override
    public synchronized void elected(long term) {
        leadingTerm = term;
        log.info("leadership gained group={} member={} term={}", group, memberId, term);
        stopLoop();
        if (scheduler != null && !scheduler.isShutdown()) {
            loop = scheduler.scheduleWithFixedDelay(() -> runOnce(term), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void revoked() {
        leadingTerm = NOT_LEADING;
        log.info("leadership lost group={} member={}", group, memberId);
        stopLoop();
    }

    private synchronized void stopLoop() {
        if (loop != null) {
            loop.cancel(false);
            loop = null;
        }
    }

    private void runOnce(long term) {
        if (leadingTerm != term) {
            return;
        }
        try {
            work.run(() -> leadingTerm == term);
            runs.incrementAndGet();
        } catch (RuntimeException e) {
            log.warn("leader work failed group={} member={} error={}", group, memberId, e.toString());
        }
    }

    /** Whether this member leads now. */
    public boolean leading() {
        return leadingTerm != NOT_LEADING;
    }

    /** Runs this member finished, to their end or to a leadership loss (for tests and health detail). */
    public long runs() {
        return runs.get();
    }

    @Override
    public void close() throws InterruptedException {
        Election e;
        ScheduledExecutorService s;
        synchronized (this) {
            e = election;
            s = scheduler;
            election = null;
        }
        leadingTerm = NOT_LEADING;
        if (e != null) {
            e.close();
        }
        stopLoop();
        if (s != null) {
            s.shutdown();
            if (!s.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("leader work still running at close group={} member={}", group, memberId);
            }
        }
    }
}
