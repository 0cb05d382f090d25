package io.reflex.runtime.backend;

import io.reflex.core.bus.LocalLogs;
import io.reflex.embedded.EmbeddedBroker;
import io.reflex.embedded.EmbeddedZooKeeper;
import io.reflex.runtime.config.Config;
import io.reflex.runtime.config.ConfigKeys;
import io.reflex.runtime.lifecycle.Component;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded backends behind {@code embedded:} URIs: the store ({@link EmbeddedStore}: PostgreSQL by
 * default, or mongo-java-server), Qpid Broker-J and a ZooKeeper server, each on a free loopback port, with their data under {@code data_dir} so a second
 * start finds the data of the first. Only the backends whose URI is {@code embedded:} are started. The
 * data directory is locked for the life of the process, so two processes never share it.
 */
public final class EmbeddedServers implements Component {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedServers.class);

    private final Config config;
    private final Path dataDir;
    private final List<AutoCloseable> running = new ArrayList<>();
    private DataDir owned;
    private String storeUri;
    private String busUri;
    private LocalLogs busLogs;
    private String zkConnect;

    public EmbeddedServers(Config config) {
        this.config = config;
        this.dataDir = config.get(ConfigKeys.DATA_DIR);
    }

    /** True when at least one backend URI is {@code embedded:}. */
    public static boolean needed(Config config) {
        return embedded(config.get(ConfigKeys.STORE_URI))
                || embedded(config.get(ConfigKeys.BUS_URI))
                || embedded(config.get(ConfigKeys.COORDINATION_URI));
    }

    private static boolean embedded(URI uri) {
        return "embedded".equalsIgnoreCase(uri.getScheme());
    }

    @Override
    public void start() throws Exception {
        owned = DataDir.lock(dataDir);
        if (embedded(config.get(ConfigKeys.STORE_URI))) {
            EmbeddedStore store = EmbeddedStore.start(config.get(ConfigKeys.STORE_URI), dataDir);
            running.add(store);
            storeUri = store.uri();
            log.info(
                    "embedded store started kind={} uri={} data_dir={}",
                    store.flavour().name().toLowerCase(java.util.Locale.ROOT),
                    store.address(),
                    dataDir);
        }
        if (embedded(config.get(ConfigKeys.BUS_URI))) {
            EmbeddedBroker broker = EmbeddedBroker.start(dataDir);
            running.add(broker);
            busUri = broker.amqpUri();
            busLogs = broker.localLogs();
            log.info("embedded broker started uri={}", busUri.replaceAll("//[^@]*@", "//"));
        }
        if (embedded(config.get(ConfigKeys.COORDINATION_URI))) {
            EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(dataDir);
            running.add(zk);
            zkConnect = zk.connectString();
            log.info("embedded zookeeper started connect={}", zkConnect);
        }
        Map<String, String> endpoints = new LinkedHashMap<>();
        endpoints.put("pid", Long.toString(ProcessHandle.current().pid()));
        if (storeUri != null) {
            endpoints.put("store_uri", storeUri);
        }
        if (busUri != null) {
            endpoints.put("bus_uri", busUri);
        }
        if (zkConnect != null) {
            endpoints.put("zookeeper", zkConnect);
        }
        owned.publishEndpoints(endpoints);
    }

    /** {@code config} with every {@code embedded:} URI replaced by the address of the started server. */
    public Config resolve(Config in) {
        Config out = in;
        if (storeUri != null) {
            out = out.with(ConfigKeys.STORE_URI, URI.create(storeUri), "embedded");
        }
        if (busUri != null) {
            out = out.with(ConfigKeys.BUS_URI, URI.create(busUri), "embedded");
        }
        if (zkConnect != null) {
            out = out.with(ConfigKeys.COORDINATION_URI, URI.create("zookeeper://" + zkConnect), "embedded");
        }
        return out;
    }

    /**
     * The logs every bus of this process keeps on the embedded broker (it has no stream queues); empty when
     * the bus is not embedded.
     */
    public Optional<LocalLogs> busLogs() {
        return Optional.ofNullable(busLogs);
    }

    @Override
    public void close() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                log.warn(
                        "embedded server failed to stop server={} error={}",
                        running.get(i).getClass().getSimpleName(),
                        e.toString());
            }
        }
        running.clear();
        if (owned != null) {
            owned.close();
            owned = null;
        }
    }
}
