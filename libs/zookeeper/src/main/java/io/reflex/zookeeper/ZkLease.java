package io.reflex.zookeeper;

import io.reflex.core.coordination.AbstractLease;
import java.util.function.Consumer;

/**
 * A permit of a Curator {@code InterProcessSemaphoreV2}: one ephemeral lease node. The fencing token is that
 * node's czxid: zxids grow with every write to the ensemble, and the semaphore creates lease nodes in grant
 * order (under its internal FIFO mutex), so a later grant of the same name always has a larger czxid.
 */
final class ZkLease extends AbstractLease {
    private final org.apache.curator.framework.recipes.locks.Lease lease;

    ZkLease(
            String name,
            long token,
            org.apache.curator.framework.recipes.locks.Lease lease,
            Consumer<? super AbstractLease> forget) {
        super(name, token, forget);
        this.lease = lease;
    }

    @Override
    protected void releaseOnBackend() throws Exception {
        // A guaranteed delete: if the connection is down Curator keeps trying in the background.
        lease.close();
    }

    /** The session behind the lease is gone, so the server has deleted (or will delete) its node. */
    void sessionLost() {
        lost("session lost");
    }
}
