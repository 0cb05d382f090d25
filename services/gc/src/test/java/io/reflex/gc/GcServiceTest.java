package io.reflex.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.model.KeyValuePair;
import io.reflex.core.model.RuleEnforcement;
import io.reflex.core.model.Token;
import io.reflex.core.model.TriggerInstance;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import io.reflex.runtime.backend.StoreAccess;
import io.reflex.runtime.config.ConfigLoader;
import io.reflex.runtime.service.ServiceArgs;
import io.reflex.runtime.service.ServiceRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gc service as production assembles it, through ServiceRunner on the embedded backends. */
class GcServiceTest {
    private static final Instant NOW = Instant.now();
    private static final Instant OLD = NOW.minus(Duration.ofDays(45));
    private static final Instant RECENT = NOW.minus(Duration.ofHours(2));

    @TempDir
    Path dataDir;

    private Map<String, String> flags() {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("data_dir", dataDir.toString());
        flags.put("gc.port", "0");
        flags.put("gc.collection_interval", "1s");
        flags.put("gc.sleep_delay", "0s");
        flags.put("gc.batch_size", "25");
        return flags;
    }

    @Test
    void expiredRecordsOfEveryKindGoAndPendingInquiriesTimeOutWhileTheRestIsUntouched() throws Exception {
        var config = ConfigLoader.load(null, Map.of(), flags());
        try (var running = ServiceRunner.start(List.of(new GcService()), config);
                StateStore store = StoreAccess.open(running.config())) {
            List<Object> kept = seed(store);

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(store.executions().count(Filter.startsWith("id", "old-done")))
                        .isZero();
                assertThat(store.store(Kinds.EXECUTION_OUTPUT).count(Filter.all()))
                        .isEqualTo(1);
                assertThat(store.store(Kinds.TRIGGER_INSTANCE).count(Filter.all()))
                        .isEqualTo(1);
                assertThat(store.store(Kinds.RULE_ENFORCEMENT).count(Filter.all()))
                        .isEqualTo(1);
                assertThat(store.store(Kinds.TOKEN).count(Filter.all())).isEqualTo(1);
                assertThat(store.store(Kinds.KEY_VALUE_PAIR).count(Filter.all()))
                        .isEqualTo(2);
                assertThat(store.executions().get("question").orElseThrow().status())
                        .isEqualTo(ExecutionStatus.TIMEOUT);
            });

            List<Object> after = new ArrayList<>();
            for (Object k : kept) {
                after.add(reread(store, k));
            }
            assertThat(after).as("kept records unchanged").isEqualTo(kept);
        }
    }

    /** Writes expired and unexpired records of every kind; returns those that must survive, as written. */
    private static List<Object> seed(StateStore store) {
        for (int i = 0; i < 60; i++) {
            String id = "old-done-%03d".formatted(i);
            store.executions().insert(Records.completed(id, ExecutionStatus.SUCCEEDED, OLD, OLD));
            store.store(Kinds.EXECUTION_OUTPUT).insert(Records.output("out-" + id, id, RECENT));
        }
        store.executions().insert(Records.inquiry("question", NOW.minus(Duration.ofHours(3)), 60, null));
        List<Object> kept = new ArrayList<>();
        kept.add(store.executions().insert(Records.completed("recent", ExecutionStatus.SUCCEEDED, RECENT, RECENT)));
        kept.add(store.executions().insert(Records.completed("old-abandoned", ExecutionStatus.ABANDONED, OLD, OLD)));
        kept.add(store.executions()
                .insert(Records.execution("old-running", "local-shell-cmd", ExecutionStatus.RUNNING, OLD, null)));
        kept.add(store.store(Kinds.EXECUTION_OUTPUT).insert(Records.output("out-recent", "recent", RECENT)));
        store.store(Kinds.TRIGGER_INSTANCE).insert(new TriggerInstance("ti-old", "core.t", Json.object(), OLD, null));
        kept.add(store.store(Kinds.TRIGGER_INSTANCE)
                .insert(new TriggerInstance("ti-new", "core.t", Json.object(), RECENT, null)));
        var rule = new RuleEnforcement.RuleRef("examples.r", "r1", "");
        store.store(Kinds.RULE_ENFORCEMENT)
                .insert(new RuleEnforcement("re-old", "ti-old", null, null, rule, OLD, null));
        kept.add(store.store(Kinds.RULE_ENFORCEMENT)
                .insert(new RuleEnforcement("re-new", "ti-new", null, null, rule, RECENT, null)));
        store.store(Kinds.TOKEN).insert(new Token("tok-old", "u", "a".repeat(32), NOW.minusSeconds(30), null, false));
        kept.add(store.store(Kinds.TOKEN)
                .insert(new Token("tok-new", "u", "b".repeat(32), NOW.plus(Duration.ofHours(1)), null, false)));
        store.store(Kinds.KEY_VALUE_PAIR)
                .insert(new KeyValuePair("kv-old", "gone", "v", false, null, NOW.minusSeconds(30)));
        kept.add(store.store(Kinds.KEY_VALUE_PAIR)
                .insert(new KeyValuePair("kv-later", "later", "v", false, null, NOW.plus(Duration.ofHours(1)))));
        kept.add(store.store(Kinds.KEY_VALUE_PAIR)
                .insert(new KeyValuePair("kv-forever", "kept", "v", false, null, null)));
        return kept;
    }

    private static Object reread(StateStore store, Object record) {
        return switch (record) {
            case Execution e -> store.executions().get(e.id()).orElse(null);
            case io.reflex.core.model.ExecutionOutput o ->
                store.store(Kinds.EXECUTION_OUTPUT).get(o.id()).orElse(null);
            case TriggerInstance t ->
                store.store(Kinds.TRIGGER_INSTANCE).get(t.id()).orElse(null);
            case RuleEnforcement r ->
                store.store(Kinds.RULE_ENFORCEMENT).get(r.id()).orElse(null);
            case Token t -> store.store(Kinds.TOKEN).get(t.id()).orElse(null);
            case KeyValuePair k -> store.store(Kinds.KEY_VALUE_PAIR).get(k.id()).orElse(null);
            default -> throw new IllegalArgumentException(record.toString());
        };
    }

    @Test
    void aRetentionBelowTheMinimumStopsTheStartWithExitCodeTwoAndTheKeyInTheMessage() {
        Map<String, String> flags = flags();
        flags.put("gc.action_executions_ttl", "6h");
        // nothing listens there: the settings are checked before any backend is opened
        flags.put("store.uri", "mongodb://127.0.0.1:1");
        flags.put("bus.uri", "amqp://127.0.0.1:1");
        flags.put("coordination.uri", "zookeeper://127.0.0.1:1");
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = ServiceRunner.run(
                List.of(new GcService()),
                ServiceArgs.of(null, null, flags),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                r -> r.close());

        assertThat(code).isEqualTo(ServiceRunner.EXIT_CONFIG);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("reflex: config key 'gc.action_executions_ttl': 6h is below the minimum of 1 day");
    }

    @Test
    void aBusyPortStopsTheStartWithOneLineNamingTheServiceThePortAndTheSetting() throws Exception {
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Map<String, String> flags = flags();
            flags.put("gc.host", "127.0.0.1");
            flags.put("gc.port", String.valueOf(busy.getLocalPort()));
            ByteArrayOutputStream err = new ByteArrayOutputStream();

            int code = ServiceRunner.run(
                    List.of(new GcService()),
                    ServiceArgs.of(null, null, flags),
                    new PrintStream(err, true, StandardCharsets.UTF_8),
                    r -> r.close());

            assertThat(code).isEqualTo(ServiceRunner.EXIT_START);
            String printed = err.toString(StandardCharsets.UTF_8);
            assertThat(printed.lines().toList())
                    .singleElement()
                    .asString()
                    .startsWith("reflex: gc: cannot listen on 127.0.0.1:" + busy.getLocalPort() + " (")
                    .endsWith("free the port or choose another with --set gc.port=<port>");
        }
    }
}
