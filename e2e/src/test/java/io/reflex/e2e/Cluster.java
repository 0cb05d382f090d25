package io.reflex.e2e;

import io.reflex.core.json.Timestamps;
import io.reflex.core.model.Token;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import io.reflex.embedded.EmbeddedMongo;
import io.reflex.embedded.EmbeddedZooKeeper;
import io.reflex.mongo.MongoStateStore;
import io.reflex.testing.ExternalBackend;
import io.reflex.testing.FileTrees;
import io.reflex.testing.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * One Reflex deployment for the whole test run, every service its own OS process: api, rulesengine and
 * notifier started once; action runners and workflow engines started and stopped by each test class (their number is what the
 * tests are about). Backends: the real RabbitMQ ({@code REFLEX_IT_AMQP_URI}), and a store (mongo-java-server,
 * memory) and ZooKeeper served by this JVM on loopback ports. The test JVM keeps its own store connection to
 * seed a token and to observe what the services wrote. Packs ({@code core} and the {@code e2e} fixture pack)
 * are registered through the API.
 */
final class Cluster implements AutoCloseable {
    static final Path SHIPPED_PACKS = Path.of("../packs").toAbsolutePath().normalize();
    static final Path FIXTURES = Path.of("src/test/resources").toAbsolutePath();
    private static final Duration STARTUP = Duration.ofSeconds(90);
    private static final String RUNNER = "io.reflex.actionrunner.ActionRunnerMain";
    private static final String ENGINE = "io.reflex.workflowengine.WorkflowEngineMain";

    final Path dir;
    final String amqp;
    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<ServiceProcess> processes = new ArrayList<>();
    private EmbeddedMongo mongo;
    private EmbeddedZooKeeper zooKeeper;
    private StateStore store;
    private String apiUrl;
    private ApiClient api;
    private ServiceProcess notifier;

    private Cluster(Path dir, String amqp) {
        this.dir = dir;
        this.amqp = amqp;
    }

    /** Starts the backends and the api, rulesengine and notifier processes, and registers the packs. */
    static Cluster start() throws Exception {
        String amqp = ExternalBackend.AMQP.require();
        Cluster c = new Cluster(Files.createTempDirectory("reflex-e2e-"), amqp);
        try {
            c.startBackends();
            ServiceProcess apiProcess = c.service("api", "io.reflex.api.ApiMain", Map.of());
            ServiceProcess rules = c.service(
                    "rulesengine",
                    "io.reflex.rulesengine.RulesEngineMain",
                    Map.of("rulesengine.rules_cache_ttl", "0s"));
            ServiceProcess notifier = c.service(
                    "notifier",
                    "io.reflex.notifier.NotifierMain",
                    Map.of("notifier.reap_interval", "250ms", "notifier.requeue_after", "10s"));
            c.notifier = notifier;
            c.apiUrl = apiProcess.url(STARTUP);
            c.api = ApiClient.withApiKey(c.apiUrl, c.apiKey());
            c.api.post("/api/v1/packs/register", "{\"packs\": [\"core\", \"e2e\"]}")
                    .requireStatus(200, "pack registration");
            rules.url(STARTUP);
            notifier.url(STARTUP);
            return c;
        } catch (Exception | Error e) {
            c.close();
            throw e;
        }
    }

    private void startBackends() throws IOException {
        mongo = opened(EmbeddedMongo.start(null));
        zooKeeper = opened(EmbeddedZooKeeper.start(dir.resolve("zookeeper")));
        store = opened(MongoStateStore.connect(mongo.uri(), "reflex"));
        Path packs = dir.resolve("packs");
        copyTree(SHIPPED_PACKS.resolve("core"), packs.resolve("core"));
        copyTree(FIXTURES.resolve("packs/e2e"), packs.resolve("e2e"));
        copyTree(FIXTURES.resolve("configs"), dir.resolve("configs"));
    }

    private <T extends AutoCloseable> T opened(T resource) {
        open.add(resource);
        return resource;
    }

    /** A token minted straight into the store (the auth service is not part of this test), then an API key. */
    private String apiKey() {
        String token = UUID.randomUUID().toString().replace("-", "");
        store.store(Kinds.TOKEN)
                .insert(new Token(
                        Ids.newId(), "st2admin", token, Timestamps.now().plus(Duration.ofHours(12)), null, false));
        return ApiClient.withToken(apiUrl, token)
                .post("/api/v1/apikeys", "{\"metadata\": {\"used_by\": \"e2e\"}}")
                .requireStatus(201, "API key creation")
                .json()
                .get("key")
                .asText();
    }

    /** Configuration every service process gets: the backends, its own data dir, any free port. */
    Map<String, String> flags(String service, String instance, Map<String, String> extra) {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("data_dir", dir.resolve("data").resolve(instance).toString());
        flags.put("store.uri", mongo.uri());
        flags.put("bus.uri", amqp);
        flags.put("coordination.uri", "zookeeper://" + zooKeeper.connectString());
        flags.put("coordination.session_timeout", "6s");
        flags.put("content.packs_dir", dir.resolve("packs").toString());
        flags.put("content.configs_dir", dir.resolve("configs").toString());
        flags.put("content.register_on_start", "false");
        flags.put("content.watch", "false");
        flags.put(
                "keyvalue.encryption_key_path",
                dir.resolve("datastore_key.json").toString());
        flags.put(service + ".port", "0");
        if (apiUrl != null) {
            flags.put("api.public_url", apiUrl);
        }
        flags.putAll(extra);
        return flags;
    }

    private ServiceProcess service(String service, String main, Map<String, String> extra) throws IOException {
        ServiceProcess p = ServiceProcess.start(service, main, flags(service, service, extra));
        synchronized (processes) {
            processes.add(p);
        }
        return p;
    }

    /**
     * Starts an action runner process and waits until it serves its health endpoint (consuming by then).
     * The caller stops it; {@link #close()} stops whatever is left.
     */
    ServiceProcess startRunner(String name, Map<String, String> extra) throws Exception {
        return startRunner(name, List.of(), extra);
    }

    /**
     * Starts an action runner process with extra JVM options (a fault switch, say) after the defaults, and
     * waits until it serves its health endpoint.
     */
    ServiceProcess startRunner(String name, List<String> jvmOptions, Map<String, String> extra) throws Exception {
        return listening(launch(name, RUNNER, "actionrunner", jvmOptions, extra));
    }

    /** Starts several runners at once (their JVM starts overlap) and waits for all of them. */
    List<ServiceProcess> startRunners(List<String> names, Map<String, String> extra) throws Exception {
        return startAll(names, RUNNER, "actionrunner", extra);
    }

    /** Starts several workflow engine processes at once and waits until each serves its health endpoint. */
    List<ServiceProcess> startEngines(List<String> names, Map<String, String> extra) throws Exception {
        return startAll(names, ENGINE, "workflowengine", extra);
    }

    /** Starts an action runner process without waiting for it ({@link ServiceProcess#url} waits). */
    ServiceProcess launchRunner(String name, Map<String, String> extra) throws IOException {
        return launch(name, RUNNER, "actionrunner", List.of(), extra);
    }

    /** Starts a workflow engine process without waiting for it ({@link ServiceProcess#url} waits). */
    ServiceProcess launchEngine(String name, Map<String, String> extra) throws IOException {
        return launch(name, ENGINE, "workflowengine", List.of(), extra);
    }

    private List<ServiceProcess> startAll(List<String> names, String main, String service, Map<String, String> extra)
            throws Exception {
        List<ServiceProcess> started = new ArrayList<>();
        for (String n : names) {
            started.add(launch(n, main, service, List.of(), extra));
        }
        for (ServiceProcess p : started) {
            listening(p);
        }
        return started;
    }

    private ServiceProcess launch(
            String name, String main, String service, List<String> jvmOptions, Map<String, String> extra)
            throws IOException {
        List<String> options = new ArrayList<>(ServiceProcess.defaultJvmOptions());
        options.addAll(jvmOptions);
        ServiceProcess p = ServiceProcess.start(name, main, options, flags(service, name, extra));
        synchronized (processes) {
            processes.add(p);
        }
        return p;
    }

    private static ServiceProcess listening(ServiceProcess p) throws InterruptedException {
        p.url(STARTUP);
        return p;
    }

    /** The API, authenticated with an API key. */
    ApiClient api() {
        return api;
    }

    /** The notifier process (its output tells which completions it handled). */
    ServiceProcess notifier() {
        return notifier;
    }

    /** The test's own connection to the store the services use. */
    StateStore store() {
        return store;
    }

    /** Every service process's output so far: for assertion messages. */
    String output() {
        StringBuilder sb = new StringBuilder();
        synchronized (processes) {
            processes.forEach(p -> sb.append(p.tail(200)));
        }
        return sb.toString();
    }

    @Override
    public void close() throws Exception {
        synchronized (processes) {
            for (ServiceProcess p : processes.reversed()) {
                p.close();
            }
        }
        for (AutoCloseable c : open.reversed()) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("e2e cluster cleanup: " + e);
            }
        }
        deleteTree(dir);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        FileTrees.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
