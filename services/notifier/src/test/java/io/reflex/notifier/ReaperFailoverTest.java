package io.reflex.notifier;

import static org.awaitility.Awaitility.await;

import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Timestamps;
import io.reflex.runtime.backend.Backends;
import io.reflex.runtime.backend.EmbeddedServers;
import io.reflex.runtime.config.Config;
import io.reflex.runtime.config.ConfigKeys;
import io.reflex.runtime.config.ConfigLoader;
import io.reflex.runtime.service.ServiceRunner;
import io.reflex.testing.FaultProxy;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two notifier services on shared embedded backends (real ZooKeeper, store and broker over sockets). The
 * first leads the reaper; then its coordinator session and store connection die (a proxy cuts them), and
 * the second must take the reaper over: an execution whose runner lease expires afterwards is abandoned.
 */
class ReaperFailoverTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    @TempDir
    Path dataDirA;

    @TempDir
    Path dataDirB;

    @Test
    void secondNotifierTakesOverTheReaperWhenTheLeaderIsCutOff() throws Exception {
        Map<String, String> flags = new HashMap<>();
        flags.put("data_dir", dataDir.toString());
        try (EmbeddedServers servers = new EmbeddedServers(ConfigLoader.load(null, Map.of(), flags))) {
            servers.start();
            Config shared = servers.resolve(ConfigLoader.load(null, Map.of(), flags));
            URI store = shared.get(ConfigKeys.STORE_URI);
            URI zk = shared.get(ConfigKeys.COORDINATION_URI);
            try (FaultProxy storeProxy = new FaultProxy("127.0.0.1", store.getPort());
                    FaultProxy zkProxy = new FaultProxy("127.0.0.1", zk.getPort());
                    Backends backends = Backends.open(shared, "failover-test");
                    NotifierFixture fx = new NotifierFixture(backends.store(), backends.bus())) {
                Config viaProxies = notifier(shared, dataDirA)
                        .with(ConfigKeys.STORE_URI, throughProxy(store, storeProxy), "test")
                        .with(ConfigKeys.COORDINATION_URI, throughProxy(zk, zkProxy), "test");
                try (ServiceRunner.Running a = ServiceRunner.start(List.of(new NotifierService()), viaProxies)) {
                    awaitAbandoned(fx, deadRun(fx)); // only A runs: A leads
                    try (ServiceRunner.Running b =
                            ServiceRunner.start(List.of(new NotifierService()), notifier(shared, dataDirB))) {
                        zkProxy.cut();
                        storeProxy.cut();

                        awaitAbandoned(fx, deadRun(fx));

                        storeProxy.restore();
                        zkProxy.restore();
                    }
                }
            }
        }
    }

    /** {@code uri} (whatever the embedded store is: its scheme, account and database) at the proxy's port. */
    private static URI throughProxy(URI uri, FaultProxy proxy) throws URISyntaxException {
        return new URI(
                uri.getScheme(),
                uri.getUserInfo(),
                "127.0.0.1",
                proxy.port(),
                uri.getPath(),
                uri.getQuery(),
                uri.getFragment());
    }

    private static Config notifier(Config shared, Path dataDir) {
        return shared.with(ConfigKeys.DATA_DIR, dataDir, "test")
                .with(ConfigKeys.service("notifier").port(), 0, "test")
                .with(ConfigKeys.NOTIFIER_REAP_INTERVAL, Duration.ofMillis(200), "test")
                .with(ConfigKeys.COORDINATION_SESSION_TIMEOUT, Duration.ofSeconds(2), "test");
    }

    private static String deadRun(NotifierFixture fx) {
        String id = fx.launch("{}").id();
        fx.run(id, Timestamps.now().minusSeconds(1));
        return id;
    }

    private static void awaitAbandoned(NotifierFixture fx, String id) {
        await().atMost(PATIENCE)
                .until(() -> fx.store.executions().get(id).orElseThrow().status() == ExecutionStatus.ABANDONED);
    }
}
