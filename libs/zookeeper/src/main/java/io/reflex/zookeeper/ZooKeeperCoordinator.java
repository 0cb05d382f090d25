package io.reflex.zookeeper;

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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.locks.InterProcessSemaphoreV2;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Coordinator} on ZooKeeper, through Apache Curator. One instance is one ZooKeeper session; all
 * nodes live under the Curator namespace ({@code /<namespace>/locks|elections|groups/...}).
 *
 * <ul>
 *   <li>Locks and semaphores are {@code InterProcessSemaphoreV2}: waiters are served in arrival order; the
 *       fencing token is the czxid of the lease node, a real fence. A lease becomes invalid when released or
 *       when Curator reports the session LOST; between SUSPENDED and LOST it may or may not still be held,
 *       which is what the token is for.
 *   <li>Elections are {@code LeaderLatch}es, revoked already on SUSPENDED (see {@link ZkElection}).
 *   <li>Members are ephemeral nodes with their capabilities as JSON, watched with a {@code CuratorCache}.
 * </ul>
 *
 * <p>After a lost session Curator opens a new one by itself; elections are re-entered and memberships
 * re-created in it (other members see a leave and a join), leases are not. Listener calls run on one
 * coordinator thread, in order.
 */
public final class ZooKeeperCoordinator implements Coordinator {
    private static final Logger log = LoggerFactory.getLogger(ZooKeeperCoordinator.class);

    private final CuratorFramework curator;
    private final String connectString;
    private final Duration operationTimeout;
    private final ListenerCalls events = new ListenerCalls("zk-coordinator-events");
    private final Set<ZkLease> leases = ConcurrentHashMap.newKeySet();
    private final Set<ZkElection> elections = ConcurrentHashMap.newKeySet();
    private final Set<ZkMembership> memberships = ConcurrentHashMap.newKeySet();
    private final Set<ZkGroupWatch> watches = ConcurrentHashMap.newKeySet();
    private volatile ConnectionState state; // null until Curator reports the first state
    private volatile boolean closed;

    private ZooKeeperCoordinator(CuratorFramework curator, String connectString, Duration operationTimeout) {
        this.curator = Objects.requireNonNull(curator, "curator");
        this.connectString = connectString;
        this.operationTimeout = operationTimeout;
    }

    /**
     * Connects to the ensemble and waits (up to the session timeout, at least 5 s) for the first session.
     *
     * @param connectString {@code host:port[,host:port...]}
     * @param namespace the root node all of Reflex's nodes live under, e.g. {@code reflex}
     * @param sessionTimeout how long the ensemble keeps the session (and its leases) without hearing from
     *     us; the server clamps it to its own min/max
     * @throws CoordinationException when no session could be opened in time
     */
    public static ZooKeeperCoordinator connect(String connectString, String namespace, Duration sessionTimeout) {
        int sessionMs = Math.toIntExact(sessionTimeout.toMillis());
        Duration connectWait =
                sessionTimeout.compareTo(Duration.ofSeconds(5)) < 0 ? Duration.ofSeconds(5) : sessionTimeout;
        CuratorFramework curator = CuratorFrameworkFactory.builder()
                .connectString(connectString)
                .namespace(namespace)
                .sessionTimeoutMs(sessionMs)
                .connectionTimeoutMs(Math.min(sessionMs, 15_000))
                .retryPolicy(new ExponentialBackoffRetry(100, 4, 1_000))
                .build();
        ZooKeeperCoordinator coordinator = new ZooKeeperCoordinator(curator, connectString, connectWait);
        curator.getConnectionStateListenable().addListener((client, newState) -> coordinator.stateChanged(newState));
        curator.start();
        try {
            if (!curator.blockUntilConnected(Math.toIntExact(connectWait.toMillis()), TimeUnit.MILLISECONDS)) {
                throw new CoordinationException(
                        "no zookeeper session with " + connectString + " within " + connectWait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            coordinator.close();
            throw new CoordinationException("interrupted while connecting to " + connectString, e);
        } catch (CoordinationException e) {
            coordinator.close();
            throw e;
        }
        log.info(
                "zookeeper coordinator connected connect={} namespace={} session_timeout_ms={}",
                connectString,
                namespace,
                sessionMs);
        return coordinator;
    }

    @Override
    public Optional<Lease> acquire(String name, int permits, Duration wait) {
        if (permits < 1 || wait.isNegative()) {
            throw new IllegalArgumentException("permits must be >= 1 and wait >= 0");
        }
        ensureOpen();
        String path = ZkNames.path("locks", name);
        InterProcessSemaphoreV2 semaphore = new InterProcessSemaphoreV2(curator, path, permits);
        org.apache.curator.framework.recipes.locks.Lease lease;
        try {
            lease = semaphore.acquire(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CoordinationException("interrupted while acquiring " + name, e);
        } catch (Exception e) {
            throw new CoordinationException("cannot acquire " + name + " on zookeeper " + connectString, e);
        }
        return lease == null ? Optional.empty() : Optional.of(granted(name, path, lease));
    }

    private ZkLease granted(String name, String path, org.apache.curator.framework.recipes.locks.Lease lease) {
        Stat stat;
        try {
            stat = curator.checkExists().forPath(path + "/leases/" + lease.getNodeName());
        } catch (Exception e) {
            stat = null;
        }
        ZkLease granted = new ZkLease(name, stat == null ? -1 : stat.getCzxid(), lease, leases::remove);
        if (stat == null) {
            granted.release();
            throw new CoordinationException("lease of " + name + " was lost while it was granted");
        }
        leases.add(granted);
        log.debug("lease granted name={} token={}", name, granted.fencingToken());
        return granted;
    }

    @Override
    public Election elect(String group, String memberId, LeadershipListener listener) {
        ensureOpen();
        ZkElection election = new ZkElection(
                curator,
                group,
                Objects.requireNonNull(memberId),
                Objects.requireNonNull(listener),
                events,
                elections::remove);
        elections.add(election);
        election.start();
        return election;
    }

    @Override
    public Membership join(String group, String memberId, Map<String, String> capabilities) {
        ensureOpen();
        byte[] data = CoordinationCodec.writeCapabilities(capabilities).getBytes(StandardCharsets.UTF_8);
        ZkMembership membership = new ZkMembership(curator, group, memberId, data, memberships::remove);
        memberships.add(membership);
        membership.start(operationTimeout);
        return membership;
    }

    @Override
    public Set<Member> members(String group) {
        ensureOpen();
        String groupPath = ZkNames.path("groups", group);
        Set<Member> members = new HashSet<>();
        for (String child : children(groupPath)) {
            try {
                byte[] data = curator.getData().forPath(groupPath + "/" + child);
                members.add(new Member(ZkNames.decode(child), CoordinationCodec.readCapabilities(data)));
            } catch (KeeperException.NoNodeException gone) {
                // left between the listing and the read
            } catch (Exception e) {
                throw new CoordinationException("cannot read members of " + group, e);
            }
        }
        return Set.copyOf(members);
    }

    @Override
    public Set<String> groups() {
        ensureOpen();
        Set<String> groups = new HashSet<>();
        for (String child : children("/groups")) {
            try {
                Stat stat = curator.checkExists().forPath("/groups/" + child);
                // Group nodes are containers: the server removes them some time after they empty.
                if (stat != null && stat.getNumChildren() > 0) {
                    groups.add(ZkNames.decode(child));
                }
            } catch (Exception e) {
                throw new CoordinationException("cannot list groups", e);
            }
        }
        return Set.copyOf(groups);
    }

    private List<String> children(String path) {
        try {
            return curator.getChildren().forPath(path);
        } catch (KeeperException.NoNodeException none) {
            return List.of();
        } catch (Exception e) {
            throw new CoordinationException("cannot list " + path + " on zookeeper " + connectString, e);
        }
    }

    @Override
    public Subscription watch(String group, MembershipListener listener) {
        ensureOpen();
        ZkGroupWatch watch =
                new ZkGroupWatch(curator, group, Objects.requireNonNull(listener), events, watches::remove);
        watches.add(watch);
        watch.start();
        return watch;
    }

    @Override
    public HealthCheck health() {
        return HealthCheck.of("coordinator", () -> {
            ConnectionState now = state;
            boolean connected = curator.getZookeeperClient().isConnected() && (now == null || now.isConnected());
            if (!closed && connected) {
                return HealthStatus.up("zookeeper " + connectString);
            }
            String why = closed ? "closed" : now == null ? "not connected" : now.name();
            return HealthStatus.down("zookeeper " + connectString + " " + why);
        });
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List.copyOf(watches).forEach(ZkGroupWatch::close);
        List.copyOf(elections).forEach(ZkElection::close);
        List.copyOf(memberships).forEach(ZkMembership::close);
        List.copyOf(leases).forEach(ZkLease::release);
        curator.close();
        events.close();
        log.info("zookeeper coordinator closed connect={}", connectString);
    }

    /** On Curator's connection-state thread. */
    private void stateChanged(ConnectionState newState) {
        state = newState;
        if (newState == ConnectionState.LOST) {
            log.warn("zookeeper session lost connect={} leases={}", connectString, leases.size());
            List.copyOf(leases).forEach(ZkLease::sessionLost);
        } else {
            log.info("zookeeper connection state={} connect={}", newState, connectString);
        }
    }

    /** For tests that expire this session on the server: the live ZooKeeper handle. */
    ZooKeeper zooKeeper() throws Exception {
        return curator.getZookeeperClient().getZooKeeper();
    }

    private void ensureOpen() {
        if (closed) {
            throw new CoordinationException("coordinator is closed");
        }
    }
}
