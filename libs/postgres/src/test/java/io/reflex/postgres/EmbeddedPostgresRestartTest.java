package io.reflex.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import io.reflex.embedded.EmbeddedPostgres;
import io.reflex.testing.contract.StateStoreSamples;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded PostgreSQL keeps its cluster under the data directory across stops and starts. */
class EmbeddedPostgresRestartTest {
    @TempDir
    Path dataDir;

    @Test
    void restartedServerKeepsWhatWasStoredAndStopsItsProcesses() {
        long firstPid;
        try (EmbeddedPostgres server = EmbeddedPostgres.start(dataDir);
                StateStore store = PostgresStateStore.connect(server.uri())) {
            firstPid = server.pid();
            store.store(Kinds.ACTION).insert(StateStoreSamples.action(StateStoreSamples.id(1), "core", "local"));
        }
        assertThat(ProcessHandle.of(firstPid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(dataDir.resolve("postgres/data/PG_VERSION")).exists();
        try (EmbeddedPostgres server = EmbeddedPostgres.start(dataDir);
                StateStore store = PostgresStateStore.connect(server.uri())) {
            assertThat(store.store(Kinds.ACTION).get(StateStoreSamples.id(1))).isPresent();
        }
        assertThat(Files.exists(dataDir.resolve("postgres/data/postmaster.pid")))
                .isFalse();
    }
}
