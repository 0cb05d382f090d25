package io.reflex.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedZooKeeperTest {
    @TempDir
    Path dataDir;

    @Test
    void treeSurvivesARestartOnTheSameDataDirectory() throws Exception {
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(dataDir)) {
            ZooKeeper client = connect(zk.connectString());
            client.create(
                    "/kept", "v1".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            client.close();
        }
        assertThat(dataDir.resolve("zookeeper"))
                .isDirectoryContaining(p -> p.getFileName().toString().equals("version-2"));

        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(dataDir)) {
            ZooKeeper client = connect(zk.connectString());
            assertThat(new String(client.getData("/kept", false, null), StandardCharsets.UTF_8))
                    .isEqualTo("v1");
            client.close();
        }
    }

    @Test
    void ephemeralNodesGoWithTheirSession() throws Exception {
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(null)) {
            ZooKeeper owner = connect(zk.connectString());
            ZooKeeper observer = connect(zk.connectString());
            owner.create("/member", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            assertThat(observer.exists("/member", false)).isNotNull();

            owner.close();

            assertThat(observer.exists("/member", false)).isNull();
            observer.close();
        }
    }

    @Test
    void temporaryDataDirectoryIsDeletedOnClose() throws Exception {
        Path dir;
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(null)) {
            dir = zk.directory();
            ZooKeeper client = connect(zk.connectString());
            client.create("/x", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            client.close();
            assertThat(zk.connectString()).isEqualTo("127.0.0.1:" + zk.port());
            assertThat(dir).isDirectory();
        }
        assertThat(dir).doesNotExist();
        assertThat(dir.getParent()).doesNotExist();
    }

    private static ZooKeeper connect(String connectString) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper client = new ZooKeeper(connectString, 5_000, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        assertThat(connected.await(10, TimeUnit.SECONDS)).isTrue();
        return client;
    }
}
