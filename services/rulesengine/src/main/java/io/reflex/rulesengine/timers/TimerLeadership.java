package io.reflex.rulesengine.timers;

import io.reflex.core.coordination.Coordinator;
import io.reflex.core.health.HealthCheck;
import io.reflex.core.health.HealthStatus;
import io.reflex.runtime.leader.LeaderDuty;
import io.reflex.runtime.lifecycle.Component;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the timers on the one rules engine elected leader of {@value #GROUP}, as a {@link LeaderDuty}. Each
 * term gets its own {@link TimerScheduler}, which fires only while that term lasts: a revocation ends the term
 * at once (a publish already under way completes; its id makes a second copy harmless) and wakes the duty so
 * it returns. Leadership follows the coordinator session, so when the leader dies or is cut off another rules
 * engine takes over within the session timeout and resumes from the stored progress. A tick that fails (the
 * store down during the term's first read) is tried again a second later. Closing leaves the election and
 * waits briefly for the duty.
 */
public final class TimerLeadership implements Component {
    static final String GROUP = "rulesengine-timers";
    private static final Logger log = LoggerFactory.getLogger(TimerLeadership.class);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Duration JOIN = Duration.ofSeconds(10);

    private final String memberId;
    private final Function<BooleanSupplier, TimerScheduler> schedulers;
    private final Clock clock;
    private final LeaderDuty duty;
    /** How the current term is going, for {@link #health}; replaced whole, never changed in place. */
    private volatile TermProgress progress;

    TimerLeadership(
            Coordinator coordinator,
            String memberId,
            Function<BooleanSupplier, TimerScheduler> schedulers,
            Clock clock) {
        this.memberId = memberId;
        this.schedulers = schedulers;
        this.clock = clock;
        this.duty = new LeaderDuty(coordinator, GROUP, memberId, JOIN, this::run, "timers ");
    }

    @Override
    public void start() {
        duty.start();
    }

    /** Whether this rules engine runs the timers now. */
    boolean leading() {
        return duty.leading();
    }

    /**
     * {@code timers} in {@code /healthz}: whether this rules engine leads the timers or stands by and, on the
     * leader, how many timers run, when it last ticked and how far firing lags behind the schedule. Down only
     * on a leader that is {@code stale} behind: its ticks keep failing, or a due point could not be published
     * for that long (the store or the bus is unreachable, so timers do not fire). A standby is healthy.
     */
    public HealthCheck health(Duration stale) {
        return HealthCheck.of("timers", () -> {
            long term = duty.term();
            TermProgress p = progress;
            if (term < 0) {
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

    private void run(LeaderDuty.Term term) {
        TimerScheduler scheduler = schedulers.apply(term::leading);
        progress = new TermProgress(clock.instant(), null, 0, null, null);
        while (term.leading()) {
            Instant wake;
            try {
                wake = scheduler.tick(clock.instant());
                progress = new TermProgress(
                        progress.started(), clock.instant(), scheduler.size(), scheduler.earliestPending(), null);
            } catch (RuntimeException e) {
                log.warn(
                        "timers tick failed, retrying member={} term={} error={}",
                        memberId,
                        term.number(),
                        e.toString());
                TermProgress p = progress;
                progress = new TermProgress(p.started(), p.lastTick(), p.timers(), p.earliestPending(), e.toString());
                wake = clock.instant().plus(RETRY);
            }
            if (!term.awaitUntil(clock, wake)) {
                return;
            }
        }
        log.debug("timers term ended member={} term={}", memberId, term.number());
    }

    @Override
    public void close() throws InterruptedException {
        duty.close();
    }
}
