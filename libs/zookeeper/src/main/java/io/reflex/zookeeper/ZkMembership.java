package io.reflex.zookeeper;

import io.reflex.core.coordination.AbstractMembership;
import io.reflex.core.coordination.CoordinationException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.zookeeper.CreateMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member node {@code /groups/<group>/<member>}: ephemeral, holding the capabilities as JSON. Curator's
 * {@link PersistentNode} keeps it there: when the session is lost the server deletes it (other members see
 * the member leave) and it is created again in the next session, until {@link #close()}.
 */
final class ZkMembership extends AbstractMembership {
    private static final Logger log = LoggerFactory.getLogger(ZkMembership.class);

    private final PersistentNode node;
    private final Consumer<ZkMembership> forget;
    private final AtomicBoolean closed = new AtomicBoolean();

    ZkMembership(CuratorFramework curator, String group, String memberId, byte[] data, Consumer<ZkMembership> forget) {
        super(group, memberId);
        this.forget = forget;
        String path = ZkNames.path("groups", group) + "/" + ZkNames.encode(memberId);
        this.node = new PersistentNode(curator, CreateMode.EPHEMERAL, false, path, data);
    }

    /** Starts the node and waits until it exists, so the member is visible when join returns. */
    void start(Duration timeout) {
        node.start();
        boolean created;
        try {
            created = node.waitForInitialCreate(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            created = false;
        }
        if (!created) {
            close();
            throw new CoordinationException("could not join group " + group() + " as " + memberId() + " in " + timeout);
        }
        logJoined();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        forget.accept(this);
        try {
            node.close();
            logLeft();
        } catch (IOException | RuntimeException e) {
            // the node is ephemeral: it goes with the session at the latest
            log.warn("group leave failed group={} member={} error={}", group(), memberId(), e.toString());
        }
    }
}
