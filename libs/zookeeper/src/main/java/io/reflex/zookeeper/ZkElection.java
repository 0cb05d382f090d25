package io.reflex.zookeeper;

import io.reflex.core.coordination.Election;
import io.reflex.core.coordination.LeadershipListener;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Participation in a Curator {@link LeaderLatch} under {@code /elections/<group>}. The term is the czxid of
 * the leader's latch node: the leader is always the oldest node present, so every later leader's node was
 * created later and has a larger zxid.
 *
 * <p>Policy: leadership is revoked as soon as the connection is SUSPENDED (Curator's standard error policy),
 * not only when the session is LOST, because another member may be elected while this one cannot tell.
 * After any revocation this member re-enters the election at the back with a new latch node, so a leader
 * that comes back always has a new, larger term; listener calls run on the coordinator's event thread.
 */
final class ZkElection implements Election {
    private static final Logger log = LoggerFactory.getLogger(ZkElection.class);

    private final CuratorFramework curator;
    private final String path;
    private final String group;
    private final String memberId;
    private final LeadershipListener listener;
    private final Executor events;
    private final Consumer<ZkElection> forget;
    private LeaderLatch latch; // guarded by this
    private boolean leader; // guarded by this, changed on the event thread only
    private boolean closed; // guarded by this

    ZkElection(
            CuratorFramework curator,
            String group,
            String memberId,
            LeadershipListener listener,
            Executor events,
            Consumer<ZkElection> forget) {
        this.curator = curator;
        this.path = ZkNames.path("elections", group);
        this.group = group;
        this.memberId = memberId;
        this.listener = listener;
        this.events = events;
        this.forget = forget;
    }

    synchronized void start() {
        latch = new LeaderLatch(curator, path, memberId, LeaderLatch.CloseMode.SILENT);
        LeaderLatch mine = latch;
        latch.addListener(
                new LeaderLatchListener() {
                    @Override
                    public void isLeader() {
                        onElected(mine);
                    }

                    @Override
                    public void notLeader() {
                        onRevoked(mine);
                    }
                },
                events);
        try {
            latch.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start leader latch for " + group, e);
        }
    }

    @Override
    public String group() {
        return group;
    }

    @Override
    public synchronized boolean isLeader() {
        return leader && latch.hasLeadership();
    }

    @Override
    public void close() {
        boolean wasLeader;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            wasLeader = leader;
            leader = false;
            closeQuietly(latch);
        }
        forget.accept(this);
        log.info("election left group={} member={} was_leader={}", group, memberId, wasLeader);
        if (wasLeader) {
            events.execute(listener::revoked);
        }
    }

    /** On the event thread. */
    private void onElected(LeaderLatch from) {
        synchronized (this) {
            if (closed || from != latch || leader) {
                return;
            }
        }
        long term = czxid(from.getOurPath());
        synchronized (this) {
            if (closed || from != latch || !from.hasLeadership()) {
                return; // lost again meanwhile: the latch tells us when it leads next
            }
            if (term < 0) {
                // Leading without a known term would block the group: step back and re-enter.
                closeQuietly(from);
                start();
                return;
            }
            leader = true;
        }
        log.info("leader elected group={} member={} term={}", group, memberId, term);
        listener.elected(term);
    }

    /** On the event thread. */
    private void onRevoked(LeaderLatch from) {
        synchronized (this) {
            if (closed || from != latch || !leader) {
                return;
            }
            leader = false;
            // Re-enter at the back with a fresh node: a returning leader must get a larger term.
            closeQuietly(from);
            start();
        }
        log.warn("leadership revoked group={} member={}", group, memberId);
        listener.revoked();
    }

    private long czxid(String nodePath) {
        if (nodePath == null) {
            return -1;
        }
        try {
            Stat stat = curator.checkExists().forPath(nodePath);
            return stat == null ? -1 : stat.getCzxid();
        } catch (Exception e) {
            log.warn("term lookup failed group={} error={}", group, e.toString());
            return -1;
        }
    }

    private static void closeQuietly(LeaderLatch latch) {
        try {
            latch.close();
        } catch (IOException | IllegalStateException e) {
            log.debug("latch close failed error={}", e.toString());
        }
    }
}
