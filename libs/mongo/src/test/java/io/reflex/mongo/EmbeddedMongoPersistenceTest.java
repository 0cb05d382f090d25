package io.reflex.mongo;

import static io.reflex.testing.contract.StateStoreSamples.T0;
import static io.reflex.testing.contract.StateStoreSamples.action;
import static io.reflex.testing.contract.StateStoreSamples.enforcement;
import static io.reflex.testing.contract.StateStoreSamples.id;
import static io.reflex.testing.contract.StateStoreSamples.runningExecution;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reflex.core.execution.Execution;
import io.reflex.core.model.Action;
import io.reflex.core.model.RuleEnforcement;
import io.reflex.core.store.DuplicateKeyException;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.embedded.EmbeddedMongo;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded server's H2 file backend keeps records and unique indexes across a restart. */
class EmbeddedMongoPersistenceTest {
    @TempDir
    Path dataDir;

    @Test
    void recordsAndUniqueIndexesSurviveARestartOnTheSameDataDirectory() {
        Action action = action(id(1), "core", "local");
        Execution execution = runningExecution(id(2), "core.local", T0);
        RuleEnforcement enforcement = enforcement(id(3), id(100), id(200), T0);
        try (EmbeddedMongo mongo = EmbeddedMongo.start(dataDir);
                MongoStateStore store = MongoStateStore.connect(mongo.uri(), "reflex")) {
            store.store(Kinds.ACTION).insert(action);
            store.executions().insert(execution);
            store.store(Kinds.RULE_ENFORCEMENT).insert(enforcement);
        }
        assertThat(dataDir.resolve("store").resolve("reflex.mv")).isRegularFile();

        try (EmbeddedMongo mongo = EmbeddedMongo.start(dataDir);
                MongoStateStore store = MongoStateStore.connect(mongo.uri(), "reflex")) {
            assertThat(store.store(Kinds.ACTION).get(id(1))).contains(action);
            assertThat(store.executions().get(id(2))).contains(execution);
            assertThat(store.executions().count(Filter.gt("start_timestamp", T0.minusSeconds(1))))
                    .isEqualTo(1);
            assertThatThrownBy(() -> store.store(Kinds.ACTION).insert(action(id(4), "core", "local")))
                    .isInstanceOfSatisfying(
                            DuplicateKeyException.class,
                            e -> assertThat(e.conflictId()).isEqualTo(id(1)));
            assertThatThrownBy(
                            () -> store.store(Kinds.RULE_ENFORCEMENT).insert(enforcement(id(5), id(100), id(200), T0)))
                    .isInstanceOfSatisfying(
                            DuplicateKeyException.class,
                            e -> assertThat(e.conflictId()).isEqualTo(id(3)));
        }
    }

    @Test
    void memoryBackendStartsEmptyEveryTime() {
        try (EmbeddedMongo mongo = EmbeddedMongo.start(null);
                MongoStateStore store = MongoStateStore.connect(mongo.uri(), "reflex")) {
            assertThat(mongo.file()).isNull();
            store.store(Kinds.ACTION).insert(action(id(1), "core", "local"));
        }
        try (EmbeddedMongo mongo = EmbeddedMongo.start(null);
                MongoStateStore store = MongoStateStore.connect(mongo.uri(), "reflex")) {
            assertThat(store.store(Kinds.ACTION).count(Filter.all())).isZero();
        }
    }

    @Test
    void aSecondServerOnALockedDataDirectoryFailsToStart() {
        try (EmbeddedMongo first = EmbeddedMongo.start(dataDir)) {
            assertThat(first.uri()).isEqualTo("mongodb://127.0.0.1:" + first.port());
            assertThatThrownBy(() -> EmbeddedMongo.start(dataDir)).isInstanceOf(IllegalStateException.class);
        }
    }
}
