package io.reflex.runtime.leader;

import io.reflex.core.coordination.Coordinator;
import io.reflex.core.coordination.Election;
import io.reflex.core.coordination.LeadershipListener;
import io.reflex.runtime.lifecycle.Component;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A duty that only the elected leader of a group performs: the one home of the leader contract every
 * "one per cluster" duty (the timers, the lease reaper, garbage collection) follows. It is Curator's
 * {@code LeaderSelectorListener} contract, with the same three rules on both coordinators (ZooKeeper and
 * Redis):
 *
 * <ol>
 *   <li><b>Take leadership.</b> When this member is elected, the duty runs for that term on its own thread
 *       ({@code <group>-<term>}); a term's thread first waits for the previous term's thread, so two runs of
 *       the duty never overlap in one member.
 *   <li><b>Run until it returns or leadership is lost.</b> The duty is handed its {@link Term}; it checks
 *       {@link Term#leading()} between steps and waits with {@link Term#await} or {@link Term#awaitUntil},
 *       which return at once when the term ends. A duty that returns (or throws) while still leading gives up
 *       leadership: this member leaves the election and joins it again at the back, so another member may
 *       take the duty.
 *   <li><b>Relinquish on SUSPENDED/LOST.</b> The coordinator revokes leadership as soon as it can no longer
 *       tell that this member still leads (ZooKeeper: connection SUSPENDED or session LOST; Redis: the
 *       leadership lease not renewed within its TTL). The term ends at once, its waits wake, and the duty
 *       must not act as leader past that point: another member may already lead.
 * </ol>
 *
 * <p>Closing leaves the election, ends the term and waits up to {@code join} for the duty's thread. See
 * docs/architecture.md, "The HA duties".
 */
public final class LeaderDuty implements Component {
    /** The work of one term. */
    @FunctionalInterface
    public interface Duty {
        /** Runs while {@code term} lasts; returns (or throws) to give up leadership. */
        void lead(Term term) throws Exception;
    }

    private static final Logger log = LoggerFactory.getLogger(LeaderDuty.class);
    private static final long NOT_LEADING = -1;

    private final Coordinator coordinator;
    private final String group;
    private final String memberId;
    private final Duration join;
    private final Duty duty;
    private final String logPrefix;
    private final Object wakeup = new Object();
    private volatile long leadingTerm = NOT_LEADING;

    private Participation participation;
    private Thread worker;
    private boolean closed;

    /**
     * @param group the election group, also the name of the duty's threads and of the duty in log lines
     * @param join how long {@link #close} waits for the duty's thread
     */
    public LeaderDuty(Coordinator coordinator, String group, String memberId, Duration join, Duty duty) {
        this(coordinator, group, memberId, join, duty, "");
    }

    /**
     * @param logPrefix put before the leadership log lines ({@code "timers "}: {@code timers leadership gained
     *     ...}); operators and process tests follow leadership by those lines
     */
    public LeaderDuty(
            Coordinator coordinator, String group, String memberId, Duration join, Duty duty, String logPrefix) {
        this.logPrefix = logPrefix;
        this.coordinator = coordinator;
        this.group = group;
        this.memberId = memberId;
        this.join = join;
        this.duty = duty;
    }

    /** One term of leadership, as the duty sees it. */
    public final class Term {
        private final long number;

        private Term(long number) {
            this.number = number;
        }

        /** The term number; it grows with every election of the group. */
        public long number() {
            return number;
        }

        /** True while this member leads in this term. */
        public boolean leading() {
            return leadingTerm == number;
        }

        /** Waits {@code time} or until the term ends; true when still leading afterwards. */
        public boolean await(Duration time) {
            long deadline = System.nanoTime() + time.toNanos();
            synchronized (wakeup) {
                try {
                    for (long nanos = time.toNanos(); nanos > 0 && leading(); nanos = deadline - System.nanoTime()) {
                        wakeup.wait((nanos + 999_999) / 1_000_000);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return leading();
        }

        /**
         * Waits until {@code until} on {@code clock} or until the term ends; false only when interrupted (the
         * caller checks {@link #leading()} itself).
         */
        public boolean awaitUntil(Clock clock, Instant until) {
            synchronized (wakeup) {
                try {
                    for (long nanos = Duration.between(clock.instant(), until).toNanos();
                            nanos > 0 && leading();
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
    }

    /**
     * One entry into the election. Calls from an entry this member already left are ignored, so a late
     * revocation of the old entry cannot end a term the new one won.
     */
    private final class Participation implements LeadershipListener {
        private Election election;

        @Override
        public void elected(long term) {
            LeaderDuty.this.elected(this, term);
        }

        @Override
        public void revoked() {
            LeaderDuty.this.revoked(this);
        }
    }

    @Override
    public void start() {
        enter();
    }

    private void enter() {
        Participation p = new Participation();
        synchronized (this) {
            if (closed) {
                return;
            }
            participation = p;
        }
        Election joined = coordinator.elect(group, memberId, p);
        synchronized (this) {
            p.election = joined;
            if (closed || participation != p) {
                joined.close();
            }
        }
    }

    private synchronized void elected(Participation p, long term) {
        if (closed || participation != p) {
            return;
        }
        leadingTerm = term;
        log.info("{}leadership gained group={} member={} term={}", logPrefix, group, memberId, term);
        Thread previous = worker;
        Term t = new Term(term);
        worker = Thread.ofPlatform().daemon().name(group + "-" + term).start(() -> run(previous, t));
    }

    private synchronized void revoked(Participation p) {
        if (participation != p) {
            return;
        }
        if (leadingTerm != NOT_LEADING) {
            log.info("{}leadership lost group={} member={}", logPrefix, group, memberId);
        }
        leadingTerm = NOT_LEADING;
        wake();
    }

    private void run(Thread previous, Term term) {
        try {
            if (previous != null) {
                previous.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!term.leading()) {
            return;
        }
        try {
            duty.lead(term);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            log.warn(
                    "leader duty failed group={} member={} term={} error={}",
                    group,
                    memberId,
                    term.number(),
                    e.toString());
        }
        if (term.leading()) {
            relinquish(term);
        }
    }

    /** The duty returned while leading: leave the election and join it again at the back. */
    private void relinquish(Term term) {
        Participation left;
        synchronized (this) {
            if (closed || leadingTerm != term.number()) {
                return;
            }
            log.info(
                    "{}leadership lost group={} member={} term={} reason=duty ended",
                    logPrefix,
                    group,
                    memberId,
                    term.number());
            leadingTerm = NOT_LEADING;
            left = participation;
            participation = null;
        }
        wake();
        if (left != null && left.election != null) {
            left.election.close();
        }
        enter();
    }

    private void wake() {
        synchronized (wakeup) {
            wakeup.notifyAll();
        }
    }

    /** Whether this member leads now. */
    public boolean leading() {
        return leadingTerm != NOT_LEADING;
    }

    /** The term this member leads in, or -1 when it does not lead. */
    public long term() {
        return leadingTerm;
    }

    public String group() {
        return group;
    }

    @Override
    public void close() throws InterruptedException {
        Participation p;
        Thread t;
        synchronized (this) {
            closed = true;
            leadingTerm = NOT_LEADING;
            p = participation;
            participation = null;
            t = worker;
        }
        if (p != null && p.election != null) {
            p.election.close();
        }
        wake();
        if (t != null && t != Thread.currentThread() && !t.join(join)) {
            log.warn("leader duty still running at close group={} member={}", group, memberId);
        }
    }
}
