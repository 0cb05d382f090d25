package io.reflex.redis;

import io.lettuce.core.RedisException;
import io.reflex.core.bus.Subscription;
import io.reflex.core.coordination.CoordinationCodec;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Coordinator} on Redis, through Lettuce. Locks and semaphores are sorted sets of holders with
 * server-side expiry, granted by a Lua script; the fencing token comes from {@code INCR} of the name's
 * fence counter; a renewer extends every held lease each TTL/3. Leader election is such a lock renewed
 * while held (term = its token). Members are keys with a TTL refreshed by the same heartbeat; watchers poll.
 *
 * <p><b>Redis leases give no fencing guarantee.</b> A holder that pauses (GC, swap, a stopped VM) or loses
 * the network can outlive its TTL while still believing it holds the lease; {@link Lease#isValid()} is
 * judged on the local clock and turns false on time, but a thread already past its check keeps going.
 * Fencing tokens protect only resources that remember and check them. Redis replication is asynchronous:
 * a failover can lose a granted lock, or a fence counter increment, and hand the lock out twice. Waiters
 * are not served in order, and a grant whose reply is lost (a timeout) leaves an entry that blocks one
 * permit until its TTL lapses. Use ZooKeeper where a lock must be a real fence.
 *
 * <p>There is no server-side session: "losing the session" means failing to renew for a TTL. Leases are
 * then gone for good; elections keep competing and memberships are written again once Redis answers.
 */
public final class RedisCoordinator implements Coordinator {
    private static final Logger log = LoggerFactory.getLogger(RedisCoordinator.class);
    private static final Duration ACQUIRE_POLL = Duration.ofMillis(50);

    private final RedisConnection connection;
    private final String address;
    private final RedisKeys keys;
    private final RedisScripts scripts;
    private final long ttlMs;
    private final Duration pollEvery;
    private final String session = UUID.randomUUID().toString();
    private final AtomicLong holders = new AtomicLong();
    private final ScheduledExecutorService scheduler;
    private final ListenerCalls events = new ListenerCalls("redis-coordinator-events");
    private final Set<RedisLease> leases = ConcurrentHashMap.newKeySet();
    private final Set<RedisElection> elections = ConcurrentHashMap.newKeySet();
    private final Set<RedisMembership> memberships = ConcurrentHashMap.newKeySet();
    private final Set<RedisGroupWatch> watches = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private RedisCoordinator(RedisConnection connection, String namespace, Duration leaseTtl) {
        this.connection = connection;
        this.address = connection.address();
        this.keys = new RedisKeys(namespace);
        this.scripts = new RedisScripts(connection.sync());
        this.ttlMs = leaseTtl.toMillis();
        this.pollEvery = Duration.ofMillis(Math.clamp(ttlMs / 4, 50, 1_000));
        this.scheduler = Executors.newScheduledThreadPool(
                2, Thread.ofPlatform().daemon().name("redis-coordinator-", 0).factory());
        long renewEvery = Math.max(ttlMs / 3, 50);
        scheduler.scheduleWithFixedDelay(this::heartbeat, renewEvery, renewEvery, TimeUnit.MILLISECONDS);
    }

    /**
     * Connects to Redis; commands fail fast while the connection is down and it reconnects on its own.
     *
     * @param uri a Lettuce URI, e.g. {@code redis://host:6379/0} or {@code rediss://:password@host}
     * @param namespace prefix of every key this coordinator touches (processes that coordinate share it)
     * @param leaseTtl how long a lease, leadership or membership outlives its last renewal (at least 300 ms)
     * @throws CoordinationException when Redis cannot be reached now
     */
    public static RedisCoordinator connect(String uri, String namespace, Duration leaseTtl) {
        if (leaseTtl.toMillis() < 300) {
            throw new IllegalArgumentException("leaseTtl must be at least 300 ms: " + leaseTtl);
        }
        RedisConnection connection = RedisConnection.open(uri, leaseTtl);
        log.info(
                "redis coordinator connected address={} namespace={} lease_ttl_ms={}",
                connection.address(),
                namespace,
                leaseTtl.toMillis());
        return new RedisCoordinator(connection, namespace, leaseTtl);
    }

    @Override
    public Optional<Lease> acquire(String name, int permits, Duration wait) {
        if (permits < 1 || wait.isNegative()) {
            throw new IllegalArgumentException("permits must be >= 1 and wait >= 0");
        }
        ensureOpen();
        long deadline = System.nanoTime() + Math.min(wait.toNanos(), Long.MAX_VALUE / 4);
        while (true) {
            Optional<RedisLease> lease = tryAcquire(name, keys.semaphore(name), keys.fence(name), permits);
            long left = deadline - System.nanoTime();
            if (lease.isPresent() || left <= 0) {
                return lease.map(Lease.class::cast);
            }
            try {
                // Redis cannot queue waiters: poll. Order among waiters is not guaranteed.
                TimeUnit.NANOSECONDS.sleep(Math.min(left, ACQUIRE_POLL.toNanos()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CoordinationException("interrupted while acquiring " + name, e);
            }
        }
    }

    private Optional<RedisLease> tryAcquire(String name, String key, String fence, int permits) {
        String holder = session + ":" + holders.incrementAndGet();
        long sent = System.nanoTime();
        long token;
        try {
            token = scripts.acquire(key, fence, holder, permits, ttlMs);
        } catch (RedisException e) {
            throw new CoordinationException("cannot acquire " + name + " on redis " + address, e);
        }
        if (token < 0) {
            return Optional.empty();
        }
        RedisLease lease = new RedisLease(name, token, key, holder, ttlMs, sent, scripts, leases::remove);
        leases.add(lease);
        log.debug("lease granted name={} token={}", name, token);
        return Optional.of(lease);
    }

    @Override
    public Election elect(String group, String memberId, LeadershipListener listener) {
        ensureOpen();
        RedisKeys.encode(group);
        RedisElection election = new RedisElection(
                group,
                Objects.requireNonNull(memberId),
                Objects.requireNonNull(listener),
                events,
                () -> tryAcquire("leader of " + group, keys.leader(group), keys.leaderFence(group), 1),
                elections::remove);
        elections.add(election);
        election.start(scheduler, pollEvery);
        return election;
    }

    @Override
    public Membership join(String group, String memberId, Map<String, String> capabilities) {
        ensureOpen();
        String json = CoordinationCodec.writeCapabilities(capabilities);
        RedisMembership membership =
                new RedisMembership(keys, scripts, group, memberId, json, ttlMs, memberships::remove);
        try {
            membership.join();
        } catch (RedisException e) {
            throw new CoordinationException("cannot join " + group + " on redis " + address, e);
        }
        memberships.add(membership);
        return membership;
    }

    @Override
    public Set<Member> members(String group) {
        ensureOpen();
        try {
            Set<Member> members = new HashSet<>();
            scripts.members(keys, group)
                    .forEach((id, json) -> members.add(new Member(id, CoordinationCodec.readCapabilities(json))));
            return Set.copyOf(members);
        } catch (RedisException e) {
            throw new CoordinationException("cannot read members of " + group + " on redis " + address, e);
        }
    }

    @Override
    public Set<String> groups() {
        ensureOpen();
        try {
            Set<String> groups = new HashSet<>();
            for (String group : scripts.groups(keys)) {
                if (!scripts.members(keys, group).isEmpty()) {
                    groups.add(group);
                }
            }
            return Set.copyOf(groups);
        } catch (RedisException e) {
            throw new CoordinationException("cannot list groups on redis " + address, e);
        }
    }

    @Override
    public Subscription watch(String group, MembershipListener listener) {
        ensureOpen();
        RedisGroupWatch watch = new RedisGroupWatch(
                group, Objects.requireNonNull(listener), () -> members(group), events, watches::remove);
        watches.add(watch);
        watch.start(scheduler, pollEvery);
        return watch;
    }

    @Override
    public HealthCheck health() {
        return HealthCheck.of("coordinator", () -> {
            if (closed) {
                return HealthStatus.down("redis " + address + " closed");
            }
            try {
                connection.sync().ping();
                return HealthStatus.up("redis " + address);
            } catch (RedisException e) {
                return HealthStatus.down("redis " + address + " " + e.getMessage());
            }
        });
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List.copyOf(watches).forEach(RedisGroupWatch::close);
        List.copyOf(elections).forEach(RedisElection::close);
        List.copyOf(memberships).forEach(RedisMembership::close);
        List.copyOf(leases).forEach(RedisLease::release);
        scheduler.shutdownNow();
        events.close();
        connection.close();
        log.info("redis coordinator closed address={}", address);
    }

    /** Renews every lease and membership; runs every TTL/3 on the scheduler. */
    private void heartbeat() {
        try {
            List.copyOf(leases).forEach(RedisLease::renew);
            List.copyOf(memberships).forEach(RedisMembership::refresh);
        } catch (RuntimeException e) {
            log.warn("heartbeat failed address={} error={}", address, e.toString());
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new CoordinationException("coordinator is closed");
        }
    }
}
