package io.reflex.rulesengine.timers;

import io.reflex.core.coordination.Coordinator;
import io.reflex.core.coordination.Election;
import io.reflex.core.coordination.LeadershipListener;
import io.reflex.core.health.HealthCheck;
import io.reflex.core.health.HealthStatus;
import io.reflex.runtime.lifecycle.Component;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the timers on the one rules engine elected leader of {@value #GROUP}. Each term gets its own thread and
 * {@link TimerScheduler}, which fire only while that term lasts: {@link #revoked} ends the term at once (a
 * publish already under way completes; its id makes a second copy harmless) and wakes the thread so it exits.
 * Leadership follows the coordinator session, so when the leader dies or is cut off another rules engine
 * takes over within the session timeout and resumes from the stored progress. A tick that fails (the store
 * down during the term's first read) is tried again a second later. Closing leaves the election and waits
 * briefly for the thread.
 */
public final class TimerLeadership implements Component, LeadershipListener {
    static final String GROUP = "rulesengine-timers";
    private static final Logger log = LoggerFactory.getLogger(TimerLeadership.class);
    private static final long NOT_LEADING = -1;
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Duration JOIN = Duration.ofSeconds(10);

    private final Coordinator coordinator;
    private final String memberId;
    private final Function<BooleanSupplier, TimerScheduler> schedulers;
    private final Clock clock;
    private final Object wakeup = new Object();
    private volatile long leadingTerm = NOT_LEADING;
    /** How the current term is going, for {@link #health}; replaced whole, never changed in place. */
    private volatile TermProgress progress;

    private Election election;
    private Thread worker;
    private boolean closed;

    TimerLeadership(
            Coordinator coordinator,
            String memberId,
            Function<BooleanSupplier, TimerScheduler> schedulers,
            Clock clock) {
        this.coordinator = coordinator;
        this.memberId = memberId;
        this.schedulers = schedulers;
        this.clock = clock;
    }

    @Override
    public void start() {
        Election joined = coordinator.elect(GROUP, memberId, this);
        synchronized (this) {
            election = joined;
        }
    }

    @Override
    public synchronized void elected(long term) {
        if (closed) {
            return;
        }
        leadingTerm = term;
        log.info("timers leadership gained group={} member={} term={}", GROUP, memberId, term);
        worker = Thread.ofPlatform().daemon().name("rulesengine-timers-" + term).start(() -> run(term));
    }

    @Override
    public synchronized void revoked() {
        leadingTerm = NOT_LEADING;
        log.info("timers leadership lost group={} member={}", GROUP, memberId);
        wake();
    }

    /** Whether this rules engine runs the timers now. */
    boolean leading() {
        return leadingTerm != NOT_LEADING;
    }

    /**
     * {@code timers} in {@code /healthz}: whether this rules engine leads the timers or stands by and, on the
     * leader, how many timers run, when it last ticked and how far firing lags behind the schedule. Down only
     * on a leader that is {@code stale} behind: its ticks keep failing, or a due point could not be published
     * for that long (the store or the bus is unreachable, so timers do not fire). A standby is healthy.
     */
    public HealthCheck health(Duration stale) {
        return HealthCheck.of("timers", () -> {
            long term = leadingTerm;
            TermProgress p = progress;
            if (term == NOT_LEADING) {
                return HealthStatus.up("standby: another rules engine leads " + GROUP);
            }
            if (p == null) {
                return HealthStatus.up("leader term=" + term + " starting");
            }
            Instant now = clock.instant();
            Duration sinceTick = Duration.between(p.lastTick() == null ? p.started() : p.lastTick(), now);
            Instant pending = p.earliestPending();
            Duration lag = pending == null || pending.isAfter(now) ? Duration.ZERO : Duration.between(pending, now);
            String detail = "leader term=" + term + " timers=" + p.timers() + " last_tick="
                    + (p.lastTick() == null ? "none" : sinceTick.toMillis() + "ms ago") + " lag=" + lag.toMillis()
                    + "ms";
            if (sinceTick.compareTo(stale) > 0 || lag.compareTo(stale) > 0) {
                return HealthStatus.down(detail + (p.lastError() == null ? "" : " error=" + p.lastError()));
            }
            return HealthStatus.up(detail);
        });
    }

    /**
     * @param started when the term began
     * @param lastTick the last successful tick (null: none yet)
     * @param timers how many timers that tick ran
     * @param earliestPending the earliest point not fired yet (null: none)
     * @param lastError why the last tick failed (null: it did not)
     */
    private record TermProgress(
            Instant started, Instant lastTick, int timers, Instant earliestPending, String lastError) {}

    private void run(long term) {
        BooleanSupplier leading = () -> leadingTerm == term;
        TimerScheduler scheduler = schedulers.apply(leading);
        progress = new TermProgress(clock.instant(), null, 0, null, null);
        while (leading.getAsBoolean()) {
            Instant wake;
            try {
                wake = scheduler.tick(clock.instant());
                progress = new TermProgress(
                        progress.started(), clock.instant(), scheduler.size(), scheduler.earliestPending(), null);
            } catch (RuntimeException e) {
                log.warn("timers tick failed, retrying member={} term={} error={}", memberId, term, e.toString());
                TermProgress p = progress;
                progress = new TermProgress(p.started(), p.lastTick(), p.timers(), p.earliestPending(), e.toString());
                wake = clock.instant().plus(RETRY);
            }
            if (!await(wake, leading)) {
                return;
            }
        }
        log.debug("timers term ended member={} term={}", memberId, term);
    }

    /** Sleeps until {@code until} or until the term ends; false when interrupted. */
    private boolean await(Instant until, BooleanSupplier leading) {
        synchronized (wakeup) {
            try {
                for (long nanos = Duration.between(clock.instant(), until).toNanos();
                        nanos > 0 && leading.getAsBoolean();
                        nanos = Duration.between(clock.instant(), until).toNanos()) {
                    wakeup.wait((nanos + 999_999) / 1_000_000);
                }
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private void wake() {
        synchronized (wakeup) {
            wakeup.notifyAll();
        }
    }

    @Override
    public void close() throws InterruptedException {
        Election e;
        Thread t;
        synchronized (this) {
            closed = true;
            leadingTerm = NOT_LEADING;
            e = election;
            election = null;
            t = worker;
        }
        if (e != null) {
            e.close();
        }
        wake();
        if (t != null && !t.join(JOIN)) {
            log.warn("timers thread still running at close member={}", memberId);
        }
    }
}
