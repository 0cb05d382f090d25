package io.reflex.actionrunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.content.PackRegistration;
import io.reflex.content.RegistrationResult;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.store.StateStore;
import io.reflex.executions.ExecutionLauncher;
import io.reflex.executions.ExecutionWriter;
import io.reflex.runtime.backend.Backends;
import io.reflex.runtime.config.Config;
import io.reflex.runtime.config.ConfigLoader;
import io.reflex.runtime.service.ServiceRunner;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The actionrunner service on embedded backends (or the backends named in {@code extra}), with the test
 * fixture pack and the shipped core pack registered, and the test's own connections to the same backends
 * to request executions and watch them, as the API and rules engine would.
 */
final class RunnerTestServer implements AutoCloseable {
    static final Path FIXTURE_PACKS = Path.of("src/test/resources/packs").toAbsolutePath();
    static final Path CONFIGS = Path.of("src/test/resources/configs").toAbsolutePath();
    static final Path SHIPPED_PACKS = Path.of("../../packs").toAbsolutePath().normalize();

    private final List<ServiceRunner.Running> runners = new ArrayList<>();
    private final Backends backends;
    private final ExecutionWriter writer;
    private final ExecutionLauncher launcher;

    private final Config config;

    private RunnerTestServer(Config config) {
        this.config = config;
        this.backends = Backends.open(config, "test");
        this.writer = new ExecutionWriter(backends.store().executions(), backends.bus());
        this.launcher = new ExecutionLauncher(backends.store(), backends.bus(), writer, Clock.systemUTC(), null);
    }

    /** Starts one runner; {@code extra} are config keys (e.g. {@code actionrunner.lease_ttl=3s}). */
    static RunnerTestServer start(Path dataDir, Map<String, String> extra) throws Exception {
        ServiceRunner.Running running = ServiceRunner.start(List.of(new ActionRunnerService()), config(dataDir, extra));
        return prepared(new RunnerTestServer(running.config()), running);
    }

    /**
     * The test's connections and registered packs, no runner yet ({@link #startRunner}); {@code extra} must
     * name every backend (no {@code embedded:} URI).
     */
    static RunnerTestServer withoutRunner(Path dataDir, Map<String, String> extra) {
        return prepared(new RunnerTestServer(config(dataDir, extra)), null);
    }

    private static RunnerTestServer prepared(RunnerTestServer server, ServiceRunner.Running first) {
        if (first != null) {
            server.runners.add(first);
        }
        try {
            server.registerPacks();
        } catch (RuntimeException | AssertionError e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static Config config(Path dataDir, Map<String, String> extra) {
        Map<String, String> flags = new HashMap<>();
        flags.put("data_dir", dataDir.toString());
        flags.put("actionrunner.port", "0");
        flags.put("content.packs_dir", FIXTURE_PACKS.toString());
        flags.put("content.configs_dir", CONFIGS.toString());
        flags.put("actionrunner.lease_ttl", "3s");
        flags.putAll(extra);
        return ConfigLoader.load(null, Map.of(), flags);
    }

    private void registerPacks() {
        List<RegistrationResult> results = new ArrayList<>();
        results.addAll(
                new PackRegistration(store(), SHIPPED_PACKS, CONFIGS, Clock.systemUTC()).register(List.of("core")));
        results.addAll(new PackRegistration(store(), FIXTURE_PACKS, CONFIGS, Clock.systemUTC()).registerAll());
        results.forEach(r -> assertThat(r.errors()).as(r.pack()).isEmpty());
    }

    /** Starts one more runner on the same backends (its own connections and coordinator session). */
    ServiceRunner.Running startRunner(UnaryOperator<Config> change) throws Exception {
        ServiceRunner.Running r = ServiceRunner.start(List.of(new ActionRunnerService()), change.apply(config));
        runners.add(r);
        return r;
    }

    ServiceRunner.Running runner(int i) {
        return runners.get(i);
    }

    Config config() {
        return config;
    }

    StateStore store() {
        return backends.store();
    }

    Backends backends() {
        return backends;
    }

    ExecutionWriter writer() {
        return writer;
    }

    Execution launch(String ref, String parametersJson) {
        return launch(ref, parametersJson, "stanley");
    }

    Execution launch(String ref, String parametersJson, String user) {
        return launcher.launch(ExecutionLauncher.Launch.of(
                launcher.resolver().resolve(ref), Json.read(parametersJson, ObjectNode.class), user, Json.object()));
    }

    Execution get(String id) {
        return store().executions().get(id).orElseThrow();
    }

    /** Waits until execution {@code id} reaches one of {@code statuses}. */
    Execution awaitStatus(String id, Duration within, ExecutionStatus... statuses) {
        Set<ExecutionStatus> wanted = Set.of(statuses);
        await().atMost(within).pollInterval(Duration.ofMillis(50)).until(() -> wanted.contains(get(id).status()));
        return get(id);
    }

    Execution awaitCompleted(String id) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> get(id).status().completed());
        return get(id);
    }

    @Override
    public void close() {
        backends.close();
        for (int i = runners.size() - 1; i >= 0; i--) {
            runners.get(i).close();
        }
    }
}
