package io.reflex.mongo;

import static io.reflex.testing.contract.StateStoreSamples.T0;
import static io.reflex.testing.contract.StateStoreSamples.id;
import static io.reflex.testing.contract.StateStoreSamples.runningExecution;
import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.store.ExecutionStore;
import io.reflex.core.store.Filter;
import io.reflex.embedded.EmbeddedMongo;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures single-thread inserts of full execution records on the embedded server, memory and H2 backends.
 * The rates are logged for the benchmark notes, never asserted.
 */
class EmbeddedMongoInsertRateTest {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongoInsertRateTest.class);
    private static final int RECORDS = 2_000;
    private static final int WARM_UP = 300;

    @TempDir
    Path dataDir;

    @Test
    void insertsIntoTheMemoryBackendAllLand() {
        try (EmbeddedMongo mongo = EmbeddedMongo.start(null)) {
            measure("memory", mongo);
        }
    }

    @Test
    void insertsIntoTheH2BackendAllLand() {
        try (EmbeddedMongo mongo = EmbeddedMongo.start(dataDir)) {
            measure("h2", mongo);
        }
    }

    private static void measure(String backend, EmbeddedMongo mongo) {
        try (MongoStateStore store = MongoStateStore.connect(mongo.uri(), "rate")) {
            ExecutionStore executions = store.executions();
            for (int i = 1; i <= WARM_UP; i++) {
                executions.insert(runningExecution(id(RECORDS + i), "warm.up", T0));
            }
            long start = System.nanoTime();
            for (int i = 1; i <= RECORDS; i++) {
                executions.insert(runningExecution(id(i), "core.local", T0.plusMillis(i)));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            log.info(
                    "insert rate backend={} records={} seconds={} per_second={}",
                    backend,
                    RECORDS,
                    String.format("%.2f", seconds),
                    Math.round(RECORDS / seconds));
            assertThat(executions.count(Filter.eq("action.ref", "core.local"))).isEqualTo(RECORDS);
        }
    }
}
