package io.reflex.bench;

import io.reflex.core.json.Timestamps;
import io.reflex.core.model.Token;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import io.reflex.embedded.EmbeddedMongo;
import io.reflex.embedded.EmbeddedZooKeeper;
import io.reflex.mongo.MongoStateStore;
import io.reflex.testing.FileTrees;
import io.reflex.testing.RabbitCluster;
import io.reflex.testing.RabbitNode;
import io.reflex.testing.ServiceProcess;
import io.reflex.testing.ZooKeeperEnsemble;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the chaos benchmark breaks: api, two rules engines, two action runners, two notifiers and two stream
 * processes, each its own JVM ({@link ServiceProcess}) on a fixed loopback port (so a restarted process serves
 * the same URL), on RabbitMQ of the benchmark's own ({@link RabbitCluster}, so killing it leaves the shared
 * broker alone); the store (mongo-java-server) embedded in this JVM. Single: one RabbitMQ node and ZooKeeper
 * embedded in this JVM. Replicated: three RabbitMQ nodes (quorum queues on all three) and a three-server
 * ZooKeeper ensemble ({@link ZooKeeperEnsemble}), so that one node of either can be lost. The instances
 * numbered 2 form the second "box". Every process is started, killed (SIGKILL, by its PID) and restarted only
 * through this class.
 */
final class ChaosCluster implements AutoCloseable {
    static final List<String> INSTANCES = List.of(
            "api",
            "rulesengine-1",
            "rulesengine-2",
            "actionrunner-1",
            "actionrunner-2",
            "notifier-1",
            "notifier-2",
            "stream-1",
            "stream-2");

    private static final Map<String, String> MAINS = Map.of(
            "api", "io.reflex.api.ApiMain",
            "rulesengine", "io.reflex.rulesengine.RulesEngineMain",
            "actionrunner", "io.reflex.actionrunner.ActionRunnerMain",
            "notifier", "io.reflex.notifier.NotifierMain",
            "stream", "io.reflex.stream.StreamMain");
    private static final Duration STARTUP = Duration.ofSeconds(180);

    /** The instances of the second box: what losing a box kills at once. */
    static final List<String> BOX_2 =
            INSTANCES.stream().filter(i -> i.endsWith("-2")).toList();

    final Path dir;
    final RabbitCluster rabbits;
    /** The first RabbitMQ node (the only one of a single cluster). */
    final RabbitNode broker;

    private final Duration leaseTtl;
    private final List<AutoCloseable> open = new ArrayList<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, ServiceProcess> processes = new LinkedHashMap<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private EmbeddedMongo mongo;
    private EmbeddedZooKeeper zooKeeper;
    private ZooKeeperEnsemble ensemble;
    private StateStore store;
    private String token;

    private ChaosCluster(Path dir, RabbitCluster rabbits, Duration leaseTtl) {
        this.dir = dir;
        this.rabbits = rabbits;
        this.broker = rabbits.node(0);
        this.leaseTtl = leaseTtl;
    }

    /**
     * Starts the broker, the backends and every instance, and waits until each one listens.
     *
     * @param replicated three RabbitMQ nodes and a ZooKeeper ensemble instead of one node and ZooKeeper in this JVM
     */
    static ChaosCluster start(Path packs, Duration leaseTtl, boolean replicated) throws Exception {
        Path dir = Files.createTempDirectory("reflex-bench-chaos-");
        ChaosCluster c = new ChaosCluster(dir, RabbitCluster.start(replicated ? 3 : 1), leaseTtl);
        try {
            c.startBackends(packs, replicated);
            for (String instance : INSTANCES) {
                c.ports.put(instance, freePort());
            }
            for (String instance : INSTANCES) {
                c.launch(instance);
            }
            for (String instance : INSTANCES) {
                c.processes.get(instance).url(STARTUP);
            }
            return c;
        } catch (Exception | Error e) {
            c.close();
            throw e;
        }
    }

    private void startBackends(Path packs, boolean replicated) throws IOException {
        mongo = opened(EmbeddedMongo.start(null));
        if (replicated) {
            ensemble = opened(ZooKeeperEnsemble.start(3));
        } else {
            zooKeeper = opened(EmbeddedZooKeeper.start(dir.resolve("zookeeper")));
        }
        store = opened(MongoStateStore.connect(mongo.uri(), "reflex"));
        FileTrees.copy(packs.resolve("core"), dir.resolve("packs").resolve("core"), StandardCopyOption.COPY_ATTRIBUTES);
        ChaosPack.write(dir.resolve("packs"));
        token = UUID.randomUUID().toString().replace("-", "");
        store.store(Kinds.TOKEN)
                .insert(new Token(
                        Ids.newId(), "st2admin", token, Timestamps.now().plus(Duration.ofHours(12)), null, false));
    }

    private <T extends AutoCloseable> T opened(T resource) {
        open.add(resource);
        return resource;
    }

    private void launch(String instance) throws IOException {
        String service = instance.replaceAll("-\\d+$", "");
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("data_dir", dir.resolve("data").resolve(instance).toString());
        flags.put("store.uri", mongo.uri());
        flags.put("bus.uri", rabbits.uri());
        flags.put(
                "coordination.uri",
                "zookeeper://" + (ensemble != null ? ensemble.connectString() : zooKeeper.connectString()));
        flags.put("coordination.session_timeout", "6s");
        flags.put("content.packs_dir", dir.resolve("packs").toString());
        flags.put("content.watch", "false");
        flags.put(
                "keyvalue.encryption_key_path",
                dir.resolve("datastore_key.json").toString());
        flags.put("logging.level", "warn");
        flags.put("api.public_url", url("api"));
        flags.put("actionrunner.lease_ttl", leaseTtl.toSeconds() + "s");
        flags.put("notifier.reap_interval", "1s");
        flags.put("notifier.requeue_after", "20s");
        flags.put(service + ".port", ports.get(instance).toString());
        processes.put(
                instance,
                ServiceProcess.start(instance, MAINS.get(service), ServiceProcess.defaultJvmOptions(), flags));
    }

    /** {@code http://127.0.0.1:<port>} of an instance, whether it runs or not. */
    String url(String instance) {
        return "http://127.0.0.1:" + ports.get(instance);
    }

    /** SIGKILLs an instance (by its PID) and waits until it is gone. */
    void kill(String instance) throws InterruptedException {
        processes.get(instance).kill();
    }

    /** Starts a killed instance again on its port and data and waits until it listens. */
    void restart(String instance) throws Exception {
        processes.get(instance).close();
        launch(instance);
        processes.get(instance).url(STARTUP);
    }

    /** The ZooKeeper ensemble of a replicated cluster. */
    ZooKeeperEnsemble ensemble() {
        if (ensemble == null) {
            throw new IllegalStateException("a single cluster has no ZooKeeper ensemble");
        }
        return ensemble;
    }

    boolean alive(String instance) {
        return processes.get(instance).alive();
    }

    long pid(String instance) {
        return processes.get(instance).pid();
    }

    /** The instance whose PID is {@code pid}, or null. */
    String instanceOf(long pid) {
        return processes.entrySet().stream()
                .filter(e -> e.getValue().pid() == pid)
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(null);
    }

    /** HTTP status of the instance's {@code /healthz}, or -1 when nothing answers. */
    int health(String instance) {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create(url(instance) + "/healthz"))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Whether every instance answers 200 on {@code /healthz}. */
    boolean healthy() {
        return INSTANCES.stream().allMatch(i -> health(i) == 200);
    }

    String token() {
        return token;
    }

    StateStore store() {
        return store;
    }

    /** The last lines of every instance's output, for error messages. */
    String output() {
        StringBuilder sb = new StringBuilder();
        processes.values().forEach(p -> sb.append(p.tail(30)));
        return sb.toString();
    }

    @Override
    public void close() throws Exception {
        for (ServiceProcess p : new ArrayList<>(processes.values()).reversed()) {
            p.close();
        }
        rabbits.close();
        Teardown.closeAll(open, "chaos");
        Teardown.deleteTree(dir);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
