package io.reflex.testing;

import io.reflex.core.bus.Subscription;
import io.reflex.core.coordination.CoordinationException;
import io.reflex.core.coordination.Coordinator;
import io.reflex.core.coordination.Election;
import io.reflex.core.coordination.LeadershipListener;
import io.reflex.core.coordination.Lease;
import io.reflex.core.coordination.ListenerCalls;
import io.reflex.core.coordination.Member;
import io.reflex.core.coordination.Membership;
import io.reflex.core.coordination.MembershipListener;
import io.reflex.core.health.HealthCheck;
import io.reflex.core.health.HealthStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A coordinator inside this JVM, faithful to the {@link Coordinator} contract: semaphores with FIFO waiters
 * and fencing tokens that grow per name, leader election with terms that grow per group, membership with
 * listeners. Each instance is one session ("one process"); {@link #newSession()} opens another session on
 * the same shared state, and {@link #expireSession()} loses this one the way a dead session would.
 *
 * <p>Like the real adapters, a lost session does not end participation: after {@link #expireSession()}
 * every election is re-entered at the back of its queue and every membership rejoins (watchers see the
 * member leave, then return); only leases are gone for good.
 */
public final class InMemoryCoordinator implements Coordinator {
    private static final Logger log = LoggerFactory.getLogger(InMemoryCoordinator.class);

    private final InMemoryCoordinationState shared;
    private final ListenerCalls events = new ListenerCalls("inmem-coordinator-events");
    // What this session holds, guarded by shared.lock.
    private final Set<InMemoryLease> leases = new HashSet<>();
    private final List<InMemoryElection> elections = new ArrayList<>();
    private final List<InMemoryMembership> memberships = new ArrayList<>();
    private final List<InMemoryGroupWatch> watches = new ArrayList<>();
    private volatile long session;
    private volatile boolean closed;
    private volatile boolean suspended;

    /** A coordinator on fresh, empty shared state. */
    public InMemoryCoordinator() {
        this(new InMemoryCoordinationState());
    }

    private InMemoryCoordinator(InMemoryCoordinationState shared) {
        this.shared = shared;
        this.session = shared.sessions.incrementAndGet();
    }

    /** Another session ("another process") on the same shared state as this coordinator. */
    public InMemoryCoordinator newSession() {
        return new InMemoryCoordinator(shared);
    }

    /**
     * Loses this session as a dead process or an expired session would: every lease becomes invalid and
     * goes to the next waiter, leadership is revoked (and passes on), memberships disappear (watchers are
     * told). The coordinator then goes on in a new session, as the real ones do.
     */
    public void expireSession() {
        shared.run(() -> {
            long old = session;
            session = shared.sessions.incrementAndGet();
            log.info("session expired session={} new_session={}", old, session);
            List.copyOf(leases).forEach(InMemoryLease::expire);
            for (InMemoryElection e : elections) {
                shared.leave(e);
                shared.enter(e);
            }
            for (InMemoryMembership m : memberships) {
                shared.removeMember(m);
                shared.putMember(m);
            }
        });
    }

    @Override
    public Optional<Lease> acquire(String name, int permits, Duration wait) {
        Objects.requireNonNull(name, "name");
        if (permits < 1 || wait.isNegative()) {
            throw new IllegalArgumentException("permits must be >= 1 and wait >= 0");
        }
        ensureOpen();
        long deadline = System.nanoTime() + Math.min(wait.toNanos(), Long.MAX_VALUE / 4);
        shared.lock.lock();
        try {
            Optional<InMemoryLease> lease = shared.awaitGrant(name, permits, deadline, leases::remove);
            lease.ifPresent(leases::add);
            return lease.map(Lease.class::cast);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CoordinationException("interrupted while waiting for " + name, e);
        } finally {
            shared.lock.unlock();
        }
    }

    @Override
    public Election elect(String group, String memberId, LeadershipListener listener) {
        Objects.requireNonNull(memberId, "memberId");
        InMemoryElection e = new InMemoryElection(group, listener, events, this::leave);
        return shared.call(() -> {
            ensureOpen();
            elections.add(e);
            shared.enter(e);
            return e;
        });
    }

    private void leave(InMemoryElection e) {
        shared.run(() -> {
            if (elections.remove(e)) {
                shared.leave(e);
            }
        });
    }

    @Override
    public Membership join(String group, String memberId, Map<String, String> capabilities) {
        InMemoryMembership m = new InMemoryMembership(group, new Member(memberId, capabilities), this::leave);
        return shared.call(() -> {
            ensureOpen();
            memberships.add(m);
            shared.putMember(m);
            return m;
        });
    }

    private void leave(InMemoryMembership m) {
        shared.run(() -> {
            if (memberships.remove(m)) {
                shared.removeMember(m);
            }
        });
    }

    @Override
    public Set<Member> members(String group) {
        return shared.call(() -> shared.membersOf(group));
    }

    @Override
    public Set<String> groups() {
        return shared.call(shared::groupNames);
    }

    @Override
    public Subscription watch(String group, MembershipListener listener) {
        InMemoryGroupWatch w = new InMemoryGroupWatch(group, listener, events, this::unwatch);
        return shared.call(() -> {
            ensureOpen();
            watches.add(w);
            shared.addWatch(w);
            return w;
        });
    }

    private void unwatch(InMemoryGroupWatch w) {
        shared.run(() -> {
            watches.remove(w);
            shared.removeWatch(w);
        });
    }

    /**
     * Reports down until {@link #resume}, keeping the session and all it holds: a connection that is
     * suspended, then re-established within the session timeout (ZooKeeper's SUSPENDED, then RECONNECTED).
     */
    public void suspend() {
        suspended = true;
    }

    public void resume() {
        suspended = false;
    }

    @Override
    public HealthCheck health() {
        return HealthCheck.of(
                "coordinator",
                () -> closed
                        ? HealthStatus.down("closed")
                        : suspended
                                ? HealthStatus.down("suspended session=" + session)
                                : HealthStatus.up("in-memory session=" + session));
    }

    @Override
    public void close() {
        shared.run(() -> {
            if (closed) {
                return;
            }
            closed = true;
            List.copyOf(leases).forEach(InMemoryLease::release);
            List.copyOf(elections).forEach(InMemoryElection::close);
            List.copyOf(memberships).forEach(InMemoryMembership::close);
            List.copyOf(watches).forEach(InMemoryGroupWatch::close);
        });
        events.close();
    }

    /** Package-private for tests: how many callers wait for {@code name} now. */
    int waiters(String name) {
        return shared.call(() -> shared.waiters(name));
    }

    private void ensureOpen() {
        if (closed) {
            throw new CoordinationException("coordinator is closed");
        }
    }
}
