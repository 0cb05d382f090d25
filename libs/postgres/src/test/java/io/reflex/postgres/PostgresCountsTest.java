package io.reflex.postgres;

import static io.reflex.testing.contract.StateStoreSamples.T0;
import static io.reflex.testing.contract.StateStoreSamples.execution;
import static io.reflex.testing.contract.StateStoreSamples.id;
import static io.reflex.testing.contract.StateStoreSamples.runningExecution;
import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.store.ExecutionStore;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The counts the database keeps for listings' totals: always what counting the rows would give. */
class PostgresCountsTest {
    @RegisterExtension
    static final PostgresSchemas POSTGRES = new PostgresSchemas("counts");

    private String schema;
    private PostgresStateStore store;

    @BeforeEach
    void openStore() {
        schema = POSTGRES.newSchema();
        store = POSTGRES.open(schema);
    }

    @Test
    void theTotalAndTopLevelCountsAreReadFromTheKeptCounts() {
        PostgresExecutionStore executions = (PostgresExecutionStore) store.executions();

        assertThat(executions.countSql(Filter.all()).text()).contains(PostgresCounts.TABLE);
        assertThat(executions.countSql(Filter.missing("parent")).text()).contains(PostgresCounts.TABLE);
        assertThat(executions.countSql(Filter.eq("parent", null)).text()).contains(PostgresCounts.TABLE);
        assertThat(executions.countSql(Filter.exists("parent")).text()).contains(PostgresCounts.TABLE);
        assertThat(executions.countSql(Filter.eq("parent", id(1))).text()).doesNotContain(PostgresCounts.TABLE);
        assertThat(executions.countSql(Filter.missing("status")).text()).doesNotContain(PostgresCounts.TABLE);
        assertThat(executions
                        .countSql(Filter.and(Filter.missing("parent"), Filter.eq("status", "running")))
                        .text())
                .doesNotContain(PostgresCounts.TABLE);
        PostgresStore<?> actions = store.newStore(Kinds.ACTION); // the adapter itself, not the stamping wrapper
        assertThat(actions.countSql(Filter.all()).text()).doesNotContain(PostgresCounts.TABLE);
    }

    @Test
    void insertsDeletesAndUpdatesKeepTheCountsExact() {
        ExecutionStore executions = store.executions();
        for (int i = 0; i < 6; i++) {
            executions.insert(execution(id(i), "core.local", T0.plusSeconds(i)));
        }
        for (int i = 10; i < 14; i++) {
            executions.insert(runningExecution(id(i), "core.local", T0.plusSeconds(i)));
        }
        assertCounts(10, 6, 4);

        executions.delete(id(0));
        executions.delete(id(10));
        executions.delete(id(99));
        assertCounts(8, 5, 3);

        executions.deleteMatching(Filter.exists("parent"), 2);
        assertCounts(6, 5, 1);

        // a write that changes what is counted (a record's parent dropped) moves it between counts
        POSTGRES.database().sql("UPDATE " + schema + ".execution SET doc = doc - 'parent' WHERE id = '" + id(13) + "'");
        assertCounts(6, 6, 0);
        POSTGRES.database()
                .sql("UPDATE " + schema + ".execution SET doc = jsonb_set(doc, '{parent}', 'null')" + " WHERE id = '"
                        + id(1) + "'");
        assertCounts(6, 6, 0);
        executions.save(runningExecution(id(1), "core.local", T0));
        assertCounts(6, 5, 1);
    }

    @Test
    void writersOnSeveralConnectionsAtOnceAreAllCounted() throws Exception {
        PostgresStateStore peer = POSTGRES.open(schema);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                writes.add(pool.submit(() -> (n % 2 == 0 ? store : peer)
                        .executions()
                        .insert(
                                n % 4 == 0
                                        ? runningExecution(id(n), "core.local", T0)
                                        : execution(id(n), "core.local", T0))));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertCounts(200, 150, 50);
    }

    @Test
    void countsAreRebuiltFromTheRowsWhenTheTriggerWasMissingOrCountedSomethingElse() {
        for (int i = 0; i < 5; i++) {
            store.executions()
                    .insert(i < 2 ? runningExecution(id(i), "core.local", T0) : execution(id(i), "core.local", T0));
        }
        String trigger = PostgresCounts.of(Kinds.EXECUTION).triggerName();
        // as a version that kept no counts would leave the table: rows written without the trigger
        POSTGRES.database().sql("DROP TRIGGER " + trigger + " ON " + schema + ".execution");
        POSTGRES.database().sql("DROP TRIGGER " + trigger + "_u ON " + schema + ".execution");
        POSTGRES.database()
                .sql("INSERT INTO " + schema + ".execution SELECT id || 'x', doc FROM " + schema + ".execution");
        POSTGRES.database().sql("UPDATE " + schema + "." + PostgresCounts.TABLE + " SET n = 999");

        store = POSTGRES.open(schema);

        assertCounts(10, 6, 4);
        store.executions().delete(id(0));
        assertCounts(9, 6, 3);
    }

    /** Each count as the kept counts answer it, and as counting the rows does. */
    private void assertCounts(long total, long topLevel, long children) {
        ExecutionStore executions = store.executions();
        assertThat(executions.count(Filter.all())).as("total").isEqualTo(total);
        assertThat(executions.count(Filter.missing("parent"))).as("top level").isEqualTo(topLevel);
        assertThat(executions.count(Filter.eq("parent", null)))
                .as("parent = null")
                .isEqualTo(topLevel);
        assertThat(executions.count(Filter.exists("parent"))).as("children").isEqualTo(children);
        assertThat(executions.count(Filter.ne("parent", null)))
                .as("parent != null")
                .isEqualTo(children);
        // filters the kept counts do not answer count the rows
        assertThat(executions.count(Filter.gte("start_timestamp", T0.minusSeconds(1))))
                .isEqualTo(total);
        assertThat(executions.count(Filter.and(Filter.missing("parent"), Filter.gte("start_timestamp", T0))))
                .isEqualTo(topLevel);
    }
}
