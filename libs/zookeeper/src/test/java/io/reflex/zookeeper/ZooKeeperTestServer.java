package io.reflex.zookeeper;

import io.reflex.embedded.EmbeddedZooKeeper;
import io.reflex.testing.ExternalBackend;
import io.reflex.testing.FaultProxy;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/**
 * The ZooKeeper the tests talk to: {@code REFLEX_IT_ZK_CONNECT} or a container when there is one, otherwise
 * a real server started in this JVM. Each test class uses its own namespace and deletes it afterwards.
 */
final class ZooKeeperTestServer implements AutoCloseable {
    private final EmbeddedZooKeeper embedded;
    private final String connectString;

    private ZooKeeperTestServer(EmbeddedZooKeeper embedded, String connectString) {
        this.embedded = embedded;
        this.connectString = connectString;
    }

    static ZooKeeperTestServer start() {
        Optional<String> external = ExternalBackend.ZOOKEEPER.find();
        if (external.isPresent()) {
            return new ZooKeeperTestServer(null, external.get());
        }
        EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(null);
        return new ZooKeeperTestServer(zk, zk.connectString());
    }

    /** A server (or ensemble) started elsewhere, at {@code connectString}. */
    static ZooKeeperTestServer of(String connectString) {
        return new ZooKeeperTestServer(null, connectString);
    }

    String connectString() {
        return connectString;
    }

    /**
     * Expires the session of {@code handle} on the server, as the ensemble does when a process dies: a
     * second client joins the same session and closes it, so its ephemeral nodes go at once and the
     * original client learns on its next contact that its session has expired.
     */
    void expire(ZooKeeper handle, Duration sessionTimeout) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        Watcher watcher = event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        };
        ZooKeeper twin = new ZooKeeper(
                connectString,
                Math.toIntExact(sessionTimeout.toMillis()),
                watcher,
                handle.getSessionId(),
                handle.getSessionPasswd());
        try {
            if (!connected.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("could not join session 0x" + Long.toHexString(handle.getSessionId()));
            }
        } finally {
            twin.close();
        }
    }

    /** A proxy in front of the (first) server of the connect string. */
    FaultProxy proxy() throws IOException {
        String first = connectString.split(",")[0];
        int colon = first.lastIndexOf(':');
        return new FaultProxy(first.substring(0, colon), Integer.parseInt(first.substring(colon + 1)));
    }

    void deleteNamespace(String namespace) throws Exception {
        try (CuratorFramework client = CuratorFrameworkFactory.newClient(connectString, new RetryOneTime(100))) {
            client.start();
            client.blockUntilConnected(10, TimeUnit.SECONDS);
            if (client.checkExists().forPath("/" + namespace) != null) {
                client.delete().deletingChildrenIfNeeded().forPath("/" + namespace);
            }
        }
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
