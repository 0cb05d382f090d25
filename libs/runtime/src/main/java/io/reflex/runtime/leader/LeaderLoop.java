package io.reflex.runtime.leader;

import io.reflex.core.coordination.Coordinator;
import io.reflex.runtime.lifecycle.Component;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link LeaderDuty} that repeats a piece of work: the first run at once when elected, then every
 * {@code interval} after the previous one ended; nothing on the other members. The lease reaper, the outbox
 * sweep and garbage collection run this way.
 *
 * <p>A run belongs to the term it started in and is handed a check that this member still leads in that
 * term; long work calls it between steps and stops once it turns false. A run that throws is logged and the
 * next one tries again. Closing leaves the election and waits (up to 30 s) for a running run to notice.
 */
public final class LeaderLoop implements Component {
    /** One run of the leader's work. */
    @FunctionalInterface
    public interface Work {
        /** @param stillLeading true while this member leads in the term the run started in */
        void run(BooleanSupplier stillLeading);
    }

    private static final Logger log = LoggerFactory.getLogger(LeaderLoop.class);
    private static final Duration JOIN = Duration.ofSeconds(30);

    private final Duration interval;
    private final Work work;
    private final LeaderDuty duty;
    private final AtomicLong runs = new AtomicLong();

    /** @param group the election group, also the name of the worker thread and of the work in log lines */
    public LeaderLoop(Coordinator coordinator, String group, String memberId, Duration interval, Work work) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        this.interval = interval;
        this.work = work;
        this.duty = new LeaderDuty(coordinator, group, memberId, JOIN, this::lead);
    }

    private void lead(LeaderDuty.Term term) {
        do {
            try {
                work.run(term::leading);
                runs.incrementAndGet();
            } catch (RuntimeException e) {
                log.warn("leader work failed group={} term={} error={}", duty.group(), term.number(), e.toString());
            }
        } while (term.await(interval));
    }

    @Override
    public void start() {
        duty.start();
    }

    /** Whether this member leads now. */
    public boolean leading() {
        return duty.leading();
    }

    /** Runs this member finished, to their end or to a leadership loss (for tests and health detail). */
    public long runs() {
        return runs.get();
    }

    @Override
    public void close() throws InterruptedException {
        duty.close();
    }
}
