package io.reflex.postgres;

import static io.reflex.testing.contract.StateStoreSamples.T0;
import static io.reflex.testing.contract.StateStoreSamples.action;
import static io.reflex.testing.contract.StateStoreSamples.at;
import static io.reflex.testing.contract.StateStoreSamples.execution;
import static io.reflex.testing.contract.StateStoreSamples.id;
import static io.reflex.testing.contract.StateStoreSamples.json;
import static io.reflex.testing.contract.StateStoreSamples.runningExecution;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.model.Action;
import io.reflex.core.store.DuplicateKeyException;
import io.reflex.core.store.Entity;
import io.reflex.core.store.ExecutionStore;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.core.store.Sort;
import io.reflex.core.store.Store;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the PostgreSQL store adds to the contract: plans that use the indexes on the hot paths, documents
 * of several megabytes, many writers racing on one execution through two pools, free-form and list
 * paths, paging, and schema creation by processes starting together.
 */
class PostgresStoreBehaviourTest {
    @RegisterExtension
    static final PostgresSchemas POSTGRES = new PostgresSchemas("behaviour");

    private String schema;
    private PostgresStateStore store;

    @BeforeEach
    void openStore() {
        schema = POSTGRES.newSchema();
        store = POSTGRES.open(schema);
    }

    @Test
    void theStoreReportsItsPoolSizeAsTheCommandsItRunsAtOnce() {
        String schema = POSTGRES.newSchema();
        try (PostgresStateStore store = PostgresStateStore.connect(POSTGRES.uri(schema) + "&pool_size=3")) {
            assertThat(store.maxConcurrentCommands()).isEqualTo(3);
        }
    }

    @Test
    void hotPathStatementsAreAnsweredFromTheirIndexes() throws Exception {
        ExecutionStore executions = store.executions();
        Execution current = executions.insert(execution(id(1), "core.local", T0));
        PostgresExecutionStore pg = (PostgresExecutionStore) executions;

        assertThat(plan(pg.replaceSql(
                        current.transitionTo(ExecutionStatus.SCHEDULED, at(1)),
                        Filter.and(Filter.eq("status", "requested"), Filter.eq("version", 0L)))))
                .containsPattern("Index Scan using execution_\\w+ on execution\\s+.*\\n\\s+Index Cond: .*\\(id = ");
        assertThat(plan(pg.findSql(Query.of(Filter.eq("status", "running"))))).contains("execution_status");
        assertThat(plan(pg.findSql(Query.of(Filter.lt("lease.expires_at", at(1))))))
                .contains("execution_lease_expiry");
        assertThat(plan(pg.findSql(Query.of(Filter.eq("parent", id(9)))))).contains("execution_parent");
        assertThat(plan(pg.findSql(Query.of(Filter.eq("action.ref", "core.local")))))
                .contains("execution_action_ref");
        String newestFirst =
                plan(pg.findSql(Query.all().sorted(Sort.by("-start_timestamp")).page(0, 20)));
        assertThat(newestFirst).contains("execution_start_timestamp").doesNotContain("Sort");
        String sweep = plan(pg.findSql(Query.of(Filter.lte("outbox.at", at(3)))
                .sorted(Sort.by("outbox.at"))
                .page(0, 100)));
        assertThat(sweep).contains("execution_outbox_at").doesNotContain("Sort");
        PostgresStore<?> enforcements = (PostgresStore<?>) store.store(Kinds.RULE_ENFORCEMENT);
        assertThat(plan(enforcements.findSql(
                        Query.of(Filter.and(Filter.eq("rule.id", id(1)), Filter.eq("trigger_instance_id", id(2)))))))
                .contains("rule_enforcement_rule_trigger_instance");
        PostgresStore<?> actions = store.newStore(Kinds.ACTION); // the adapter itself, not the stamping wrapper
        assertThat(plan(actions.findSql(Query.of(Filter.eq("ref", "core.local")))))
                .contains("action_ref");
    }

    /**
     * The plan of {@code sql} with sequential scans priced out: on a small table the planner rightly
     * prefers them, so what this shows is whether the condition can use an index at all (a condition
     * whose expression does not match the index's still scans the table).
     */
    private String plan(Sql sql) throws Exception {
        try (Connection c = POSTGRES.database().connection()) {
            try (Statement s = c.createStatement()) {
                s.execute("SET search_path TO " + schema);
                s.execute("SET enable_seqscan = off");
            }
            try (PreparedStatement explain = c.prepareStatement("EXPLAIN " + sql.text())) {
                sql.bind(explain);
                StringBuilder out = new StringBuilder();
                try (ResultSet rows = explain.executeQuery()) {
                    while (rows.next()) {
                        out.append(rows.getString(1)).append('\n');
                    }
                }
                assertThat(out.toString()).as(sql.text()).doesNotContain("Seq Scan");
                return out.toString();
            }
        }
    }

    @Test
    void documentsOfSeveralMegabytesReadBackEqual() {
        ObjectNode result = Json.object();
        result.put("stdout", "x".repeat(4 * 1024 * 1024));
        ArrayNode lines = result.putArray("lines");
        for (int i = 0; i < 20_000; i++) {
            lines.add(json("{'n': " + i + ", 'text': 'line é😀 " + i + "'}"));
        }
        Execution big = runningExecution(id(1), "core.local", T0).withResult(result);

        store.executions().insert(big);

        assertThat(store.executions().get(id(1))).contains(big);
        assertThat(store.executions().find(Query.of(Filter.eq("result.lines.n", 19_999))))
                .extracting(Execution::id)
                .containsExactly(id(1));
    }

    @Test
    void manyWritersOnTwoPoolsFromTheSameVersionHaveExactlyOneWinner() throws Exception {
        PostgresStateStore peer = POSTGRES.open(schema);
        store.executions().insert(execution(id(1), "core.local", T0));
        int writers = 24;
        for (int round = 0; round < 10; round++) {
            Execution current = store.executions().get(id(1)).orElseThrow();
            List<Boolean> outcomes = race(writers, n -> {
                ExecutionStore executions = (n % 2 == 0 ? store : peer).executions();
                return executions.compareAndSet(current, current.withResult(json("{'writer': " + n + "}")));
            });

            assertThat(outcomes).as("round " + round).containsOnlyOnce(true);
            Execution after = store.executions().get(id(1)).orElseThrow();
            assertThat(after.version()).isEqualTo(current.version() + 1);
            assertThat(after.result().get("writer").asInt()).isEqualTo(outcomes.indexOf(true));
        }
    }

    @Test
    void schemaCreationBySeveralProcessesAtOnceSucceedsForEach() throws Exception {
        for (int round = 0; round < 3; round++) {
            String fresh = "together_" + round;

            List<Boolean> opened =
                    race(4, n -> POSTGRES.open(fresh).health().check().up());

            assertThat(opened).containsOnly(true);
            try (Connection c = POSTGRES.database().connection();
                    PreparedStatement count = c.prepareStatement(
                            "SELECT count(*) FROM pg_indexes WHERE schemaname = ? AND indexname NOT LIKE '%_pkey'")) {
                count.setString(1, "together_" + round);
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    assertThat(rows.getLong(1))
                            .isEqualTo(Kinds.ALL.stream()
                                    .mapToLong(k -> k.indexes().size())
                                    .sum());
                }
            }
        }
    }

    @Test
    void aSaveOntoAnotherRecordsUniqueValuesNamesTheIndexAndTheHolder() {
        Store<Action> actions = store.store(Kinds.ACTION);
        actions.insert(action(id(1), "core", "local"));

        DuplicateKeyException e =
                catchThrowableOfType(DuplicateKeyException.class, () -> actions.save(action(id(2), "core", "local")));

        assertThat(e).isNotNull();
        assertThat(e.index()).isEqualTo("pack_name");
        assertThat(e.conflictId()).isEqualTo(id(1));
        assertThat(actions.get(id(2))).isEmpty();
    }

    @Test
    void freeFormAndListPathsFilterLikeTheContractSays() {
        ExecutionStore executions = store.executions();
        executions.insert(runningExecution(id(1), "core.local", T0));
        executions.insert(execution(id(2), "core.http", at(1)));

        assertThat(ids(executions, Filter.eq("context.nested.list", 2.5))).containsExactly(id(1));
        assertThat(ids(executions, Filter.eq("result.items.b", true))).containsExactly(id(1));
        assertThat(ids(executions, Filter.gt("parameters.count", 2))).containsExactly(id(1), id(2));
        assertThat(ids(executions, Filter.in("action.ref", List.of("core.http", "nope"))))
                .containsExactly(id(2));
        assertThat(ids(executions, Filter.ne("action.ref", "core.local"))).containsExactly(id(2));
        assertThat(ids(executions, Filter.eq("context.nested.none", null))).containsExactly(id(1), id(2));
        assertThat(ids(executions, Filter.exists("context.nested.empty"))).containsExactly(id(1));
        assertThat(ids(executions, Filter.startsWith("action.ref", "core.h"))).containsExactly(id(2));
        assertThat(ids(executions, Filter.gte("children", id(1001)))).containsExactly(id(1));
        assertThat(ids(executions, Filter.lt("children", id(1000)))).isEmpty();
    }

    @Test
    void pagesOfASortedQueryConcatenateToTheWholeOrder() {
        Store<Action> actions = store.store(Kinds.ACTION);
        for (int i = 1; i <= 60; i++) {
            actions.insert(action(id(i), "pack" + (i % 7) + "_" + i, "name" + (i % 5)));
        }
        Query byNameThenPack = Query.all().sorted(Sort.by("-name", "pack"));
        List<String> whole = ids(actions, byNameThenPack);

        List<String> paged = new ArrayList<>();
        for (int offset = 0; offset < 60; offset += 9) {
            paged.addAll(ids(actions, byNameThenPack.page(offset, 9)));
        }

        assertThat(whole).hasSize(60);
        assertThat(paged).isEqualTo(whole);
        assertThat(actions.find(byNameThenPack.page(0, 3)))
                .extracting(Action::name, Action::pack, Entity::id)
                .containsExactly(
                        tuple("name4", "pack0_14", id(14)),
                        tuple("name4", "pack0_49", id(49)),
                        tuple("name4", "pack1_29", id(29)));
    }

    @Test
    void listAndFreeFormPathsSortByTheirLowestValueAscendingAndHighestDescending() {
        ExecutionStore executions = store.executions();
        executions.insert(execution(id(1), "b.x", T0).withChild(id(5)).withChild(id(9)));
        executions.insert(execution(id(2), "a.x", T0).withChild(id(7)));
        executions.insert(execution(id(3), "c.x", T0));

        assertThat(ids(executions, Query.all().sorted(Sort.by("children")))).containsExactly(id(3), id(1), id(2));
        assertThat(ids(executions, Query.all().sorted(Sort.by("-children")))).containsExactly(id(1), id(2), id(3));
        assertThat(ids(executions, Query.all().sorted(Sort.by("action.ref")))).containsExactly(id(2), id(1), id(3));
    }

    private static <T extends Entity> List<String> ids(Store<T> s, Filter filter) {
        return ids(s, Query.of(filter));
    }

    private static <T extends Entity> List<String> ids(Store<T> s, Query query) {
        return s.find(query).stream().map(Entity::id).toList();
    }

    interface Writer<R> {
        R run(int n) throws Exception;
    }

    /** Runs {@code n} writers released together; their results in writer order. */
    private static <R> List<R> race(int n, Writer<R> writer) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<R>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int w = i;
                Callable<R> task = () -> {
                    go.await();
                    return writer.run(w);
                };
                futures.add(pool.submit(task));
            }
            go.countDown();
            List<R> out = new ArrayList<>();
            for (Future<R> f : futures) {
                out.add(f.get(120, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
