package io.reflex.redis;

import io.reflex.core.coordination.Election;
import io.reflex.core.coordination.LeadershipListener;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leadership as a lock: every candidate tries the group's leader lease on each tick; the one that holds it
 * leads, its fencing token is the term, and the coordinator's renewer keeps it while the process lives. When
 * the lease is no longer valid (not renewed within its TTL, or gone on the server) leadership is revoked
 * and the member keeps trying. Candidates are not served in order.
 */
final class RedisElection implements Election {
    private static final Logger log = LoggerFactory.getLogger(RedisElection.class);

    private final String group;
    private final String memberId;
    private final LeadershipListener listener;
    private final Executor events;
    private final Supplier<Optional<RedisLease>> tryLead;
    private final Consumer<RedisElection> forget;
    private volatile RedisLease lease;
    private boolean announced; // guarded by this
    private boolean closed; // guarded by this
    private ScheduledFuture<?> ticking;

    RedisElection(
            String group,
            String memberId,
            LeadershipListener listener,
            Executor events,
            Supplier<Optional<RedisLease>> tryLead,
            Consumer<RedisElection> forget) {
        this.group = group;
        this.memberId = memberId;
        this.listener = listener;
        this.events = events;
        this.tryLead = tryLead;
        this.forget = forget;
    }

    synchronized void start(ScheduledExecutorService scheduler, Duration every) {
        ticking = scheduler.scheduleWithFixedDelay(this::tick, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public String group() {
        return group;
    }

    @Override
    public boolean isLeader() {
        RedisLease current = lease;
        return current != null && current.isValid();
    }

    private synchronized void tick() {
        try {
            if (closed) {
                return;
            }
            RedisLease current = lease;
            if (current != null && current.isValid()) {
                return;
            }
            if (current != null) {
                lease = null;
                revoke("leader lease not renewed in time");
            }
            RedisLease won = tryLead.get().orElse(null);
            if (won != null) {
                lease = won;
                announced = true;
                long term = won.fencingToken();
                log.info("leader elected group={} member={} term={}", group, memberId, term);
                events.execute(() -> listener.elected(term));
            }
        } catch (RuntimeException e) {
            // Redis unreachable: try again on the next tick; a held lease lapses on its own clock.
            log.debug("election tick failed group={} error={}", group, e.toString());
        }
    }

    private void revoke(String why) {
        if (announced) {
            announced = false;
            log.warn("leadership revoked group={} member={} reason={}", group, memberId, why);
            events.execute(listener::revoked);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (ticking != null) {
                ticking.cancel(false);
            }
            RedisLease current = lease;
            lease = null;
            if (current != null) {
                current.release();
            }
            revoke("election closed");
        }
        forget.accept(this);
    }
}
