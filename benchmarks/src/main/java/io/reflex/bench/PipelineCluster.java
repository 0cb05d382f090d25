package io.reflex.bench;

import io.reflex.core.json.Timestamps;
import io.reflex.core.model.Token;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import io.reflex.embedded.EmbeddedMongo;
import io.reflex.embedded.EmbeddedPostgres;
import io.reflex.embedded.EmbeddedZooKeeper;
import io.reflex.mongo.MongoStateStore;
import io.reflex.postgres.PostgresStateStore;
import io.reflex.testing.FileTrees;
import io.reflex.testing.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The pipeline under measurement: api, rulesengine, actionrunner and notifier, each its own JVM
 * ({@link ServiceProcess}), on a real RabbitMQ; the store (mongo-java-server in the benchmark's JVM, or the
 * embedded PostgreSQL's server processes) and ZooKeeper embedded in the benchmark's JVM and served on loopback, exactly as the end-to-end tests run them. Service logging is at
 * {@code warn} so that per-execution log lines do not compete for the cores.
 */
final class PipelineCluster implements AutoCloseable {
    /** Service JVMs run with the default JIT (C1 then C2): a benchmark measures steady state. */
    static final List<String> JVM_OPTIONS = List.of("-Xmx384m", "-XX:+UseParallelGC");

    // Generous: on a loaded machine four JVMs starting at once take minutes.
    private static final Duration STARTUP = Duration.ofSeconds(300);

    final Path dir;
    final String amqp;
    final String storeKind;
    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<ServiceProcess> processes = new ArrayList<>();
    private String storeUri;
    private EmbeddedPostgres postgres;
    private PostgresStatements statements;
    private EmbeddedZooKeeper zooKeeper;
    private StateStore store;
    private String apiUrl;
    private String token;

    private PipelineCluster(Path dir, String amqp, String storeKind) {
        this.dir = dir;
        this.amqp = amqp;
        this.storeKind = storeKind;
    }

    /**
     * @param storeKind {@code memory} or {@code h2} (mongo-java-server's backends), or {@code postgres} (the
     *     embedded PostgreSQL, a server process of its own)
     * @param packs the directory holding the shipped {@code core} pack
     */
    static PipelineCluster start(String amqp, String storeKind, Path packs) throws Exception {
        PipelineCluster c = new PipelineCluster(Files.createTempDirectory("reflex-bench-pipeline-"), amqp, storeKind);
        try {
            c.startBackends(packs);
            ServiceProcess api = c.service("api", "io.reflex.api.ApiMain");
            List<ServiceProcess> others = List.of(
                    c.service("rulesengine", "io.reflex.rulesengine.RulesEngineMain"),
                    c.service("notifier", "io.reflex.notifier.NotifierMain"));
            c.apiUrl = api.url(STARTUP);
            others.forEach(c::awaitListening);
            // The runner learns the API's URL (ST2_ACTION_API_URL) from its flags, so it starts last.
            c.awaitListening(c.service("actionrunner", "io.reflex.actionrunner.ActionRunnerMain"));
            return c;
        } catch (Exception | Error e) {
            c.close();
            throw e;
        }
    }

    private void startBackends(Path packs) throws IOException {
        if (storeKind.equals("postgres")) {
            postgres = opened(EmbeddedPostgres.start(dir));
            storeUri = postgres.uri();
            store = opened(PostgresStateStore.connect(storeUri));
        } else {
            EmbeddedMongo mongo = opened(EmbeddedMongo.start(storeKind.equals("h2") ? dir.resolve("store") : null));
            storeUri = mongo.uri();
            store = opened(MongoStateStore.connect(storeUri, "reflex"));
        }
        zooKeeper = opened(EmbeddedZooKeeper.start(dir.resolve("zookeeper")));
        FileTrees.copy(packs.resolve("core"), dir.resolve("packs").resolve("core"), StandardCopyOption.COPY_ATTRIBUTES);
        token = UUID.randomUUID().toString().replace("-", "");
        store.store(Kinds.TOKEN)
                .insert(new Token(
                        Ids.newId(), "st2admin", token, Timestamps.now().plus(Duration.ofHours(12)), null, false));
    }

    private <T extends AutoCloseable> T opened(T resource) {
        open.add(resource);
        return resource;
    }

    private ServiceProcess service(String name, String main) {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("data_dir", dir.resolve("data").resolve(name).toString());
        flags.put("store.uri", postgres == null ? storeUri : storeUri + "?ApplicationName=" + name);
        flags.put("bus.uri", amqp);
        flags.put("coordination.uri", "zookeeper://" + zooKeeper.connectString());
        flags.put("content.packs_dir", dir.resolve("packs").toString());
        flags.put("content.watch", "false");
        flags.put(
                "keyvalue.encryption_key_path",
                dir.resolve("datastore_key.json").toString());
        flags.put("logging.level", "warn");
        flags.put(name + ".port", "0");
        if (apiUrl != null) {
            flags.put("api.public_url", apiUrl);
        }
        try {
            ServiceProcess p = ServiceProcess.start(name, main, JVM_OPTIONS, flags);
            processes.add(p);
            return p;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name + ": " + e, e);
        }
    }

    private void awaitListening(ServiceProcess p) {
        try {
            p.url(STARTUP);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String apiUrl() {
        return apiUrl;
    }

    /** An administrator token minted straight into the store (no auth service in this benchmark). */
    String token() {
        return token;
    }

    StateStore store() {
        return store;
    }

    /**
     * CPU time used so far by each service process with the processes it started (an action runner's actions
     * and their supervisors), by the embedded PostgreSQL's processes when it is the
     * store, and by this JVM (mongo-java-server when it is the store, ZooKeeper and the webhook senders), in
     * milliseconds, in start order; -1 where the platform does not say.
     */
    Map<String, Long> cpuMillis() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (ServiceProcess p : processes) {
            out.put(p.name(), ProcessTreeCpu.millis(p.pid()));
        }
        if (postgres != null) {
            out.put("postgres", ProcessTreeCpu.millis(postgres.pid()));
        }
        out.put("benchmark JVM", cpu(Optional.of(ProcessHandle.current())));
        return out;
    }

    /**
     * CPU time used so far by one group of each service JVM's housekeeping threads ({@link ThreadCpu#housekeeping}:
     * {@link ThreadCpu#COMPILERS} or {@link ThreadCpu#COLLECTOR}), in milliseconds, in start order; 0 for a
     * service whose threads cannot be read.
     */
    Map<String, Long> housekeepingMillis(String group) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (ServiceProcess p : processes) {
            out.put(p.name(), Math.round(ThreadCpu.housekeeping(p.pid()).getOrDefault(group, 0.0)));
        }
        return out;
    }

    private static long cpu(Optional<ProcessHandle> handle) {
        return handle.flatMap(h -> h.info().totalCpuDuration())
                .map(Duration::toMillis)
                .orElse(-1L);
    }

    /**
     * Makes the embedded PostgreSQL log every statement, under the name of the service that sent it.
     *
     * @throws IllegalStateException when PostgreSQL is not the store
     */
    void logStatements() throws java.sql.SQLException {
        if (postgres == null) {
            throw new IllegalStateException("--statements needs --store postgres");
        }
        statements = PostgresStatements.enable(storeUri, postgres.logFile());
    }

    /** The statement log, once {@link #logStatements} turned it on; null otherwise. */
    PostgresStatements statements() {
        return statements;
    }

    /** A snapshot of the embedded PostgreSQL server's activity; null when it is not the store. */
    PostgresActivity postgresActivity() throws java.sql.SQLException {
        return postgres == null ? null : PostgresActivity.read(postgres.uri());
    }

    /** Average stored document size of the tables written per execution; empty when PostgreSQL is not the store. */
    Map<String, Long> postgresDocumentSizes() throws java.sql.SQLException {
        return postgres == null
                ? Map.of()
                : PostgresActivity.documentSizes(
                        postgres.uri(), List.of("execution", "trigger_instance", "rule_enforcement", "trace"));
    }

    /** Process id of each service, in start order. */
    Map<String, Long> servicePids() {
        Map<String, Long> out = new LinkedHashMap<>();
        processes.forEach(p -> out.put(p.name(), p.pid()));
        return out;
    }

    /** The last lines of every service's output, for error messages. */
    String output() {
        StringBuilder sb = new StringBuilder();
        processes.forEach(p -> sb.append(p.tail(40)));
        return sb.toString();
    }

    @Override
    public void close() throws Exception {
        for (ServiceProcess p : processes.reversed()) {
            p.close();
        }
        Teardown.closeAll(open, "pipeline");
        Teardown.deleteTree(dir);
    }
}
