package io.reflex.executions.retention;

import static io.reflex.core.execution.ExecutionStatus.ABANDONED;
import static io.reflex.core.execution.ExecutionStatus.CANCELED;
import static io.reflex.core.execution.ExecutionStatus.FAILED;
import static io.reflex.core.execution.ExecutionStatus.PENDING;
import static io.reflex.core.execution.ExecutionStatus.REQUESTED;
import static io.reflex.core.execution.ExecutionStatus.RUNNING;
import static io.reflex.core.execution.ExecutionStatus.SUCCEEDED;
import static io.reflex.core.execution.ExecutionStatus.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.execution.Execution;
import io.reflex.core.store.Entity;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.core.store.Store;
import io.reflex.testing.InMemoryStateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PurgerTest {
    private static final Instant CUTOFF = Instant.parse("2024-03-01T00:00:00Z");
    private static final Instant OLD = CUTOFF.minus(Duration.ofDays(10));
    private static final Instant NEW = CUTOFF.plus(Duration.ofDays(1));

    private final InMemoryStateStore store = new InMemoryStateStore();
    private final List<Long> batches = new CopyOnWriteArrayList<>();
    private final Purger purger = new Purger(store, 10, (kind, n) -> batches.add(n));

    private PurgeResult purge(PurgeKind kind, Purger.Options options) {
        return purger.purge(kind, CUTOFF, options, () -> true);
    }

    private void execution(String id, io.reflex.core.execution.ExecutionStatus status, Instant start, Instant end) {
        store.executions().insert(Samples.execution(id, "core.local", status, start, end));
    }

    private List<String> executionIds() {
        return store.executions().find(Query.all()).stream().map(Execution::id).toList();
    }

    private static <T extends Entity> List<String> ids(Store<T> s) {
        return s.find(Query.all()).stream().map(Entity::id).toList();
    }

    @Test
    void completedExecutionsPastTheCutoffGoWithTheirOutputAndInquiry() {
        execution("e1", SUCCEEDED, OLD, OLD);
        execution("e2", FAILED, OLD, OLD);
        execution("e3", TIMEOUT, OLD, OLD);
        execution("e4", CANCELED, OLD, OLD);
        execution("keep", SUCCEEDED, OLD, NEW);
        store.store(Kinds.EXECUTION_OUTPUT).insert(Samples.output("o1", "e1", OLD));
        store.store(Kinds.EXECUTION_OUTPUT).insert(Samples.output("o2", "e1", OLD));
        // output of a kept execution stays even when it is old: the output kind has its own retention
        store.store(Kinds.EXECUTION_OUTPUT).insert(Samples.output("o3", "keep", OLD));
        store.store(Kinds.INQUIRY).insert(Samples.inquiry("e2", OLD));

        PurgeResult r = purge(PurgeKind.EXECUTIONS, Purger.Options.DEFAULT);

        assertThat(r.records()).isEqualTo(4);
        assertThat(r.outputRecords()).isEqualTo(2);
        assertThat(r.stopped()).isFalse();
        assertThat(executionIds()).containsExactly("keep");
        assertThat(ids(store.store(Kinds.EXECUTION_OUTPUT))).containsExactly("o3");
        assertThat(ids(store.store(Kinds.INQUIRY))).isEmpty();
    }

    @Test
    void resultsStoredOutOfLineGoWithTheirExecution() {
        execution("big", SUCCEEDED, OLD, OLD);
        execution("keep", SUCCEEDED, OLD, NEW);
        var results = new io.reflex.executions.ExecutionResults(store, 16);
        var large = io.reflex.core.json.Json.read(
                "{\"stdout\": \"" + "y".repeat(100) + "\"}", com.fasterxml.jackson.databind.JsonNode.class);
        results.storable("big", large);
        results.storable("keep", large);

        purge(PurgeKind.EXECUTIONS, Purger.Options.DEFAULT);

        assertThat(store.store(io.reflex.executions.ExecutionResults.KIND).find(Query.all()))
                .extracting(io.reflex.executions.ExecutionResults.ResultChunk::executionId)
                .containsExactly("keep");
    }

    @Test
    void abandonedAndIncompleteExecutionsAreKeptUnlessIncompleteOnesArePurgedToo() {
        execution("abandoned", ABANDONED, OLD, OLD);
        execution("running", RUNNING, OLD, null);
        execution("pending", PENDING, OLD, null);
        execution("requested", REQUESTED, OLD, null);
        execution("young-running", RUNNING, NEW, null);

        assertThat(purge(PurgeKind.EXECUTIONS, Purger.Options.DEFAULT).records())
                .isZero();
        assertThat(executionIds()).hasSize(5);

        PurgeResult all = purge(PurgeKind.EXECUTIONS, new Purger.Options(true, null, false));
        assertThat(all.records()).isEqualTo(4);
        assertThat(executionIds()).containsExactly("young-running");
    }

    @Test
    void theCutoffIsExclusiveAndAppliesToBothStartAndEnd() {
        Instant justBefore = CUTOFF.minusMillis(1);
        execution("ended-just-before", SUCCEEDED, OLD, justBefore);
        execution("ended-at-cutoff", SUCCEEDED, OLD, CUTOFF);
        execution("ended-after", SUCCEEDED, OLD, CUTOFF.plusMillis(1));

        purge(PurgeKind.EXECUTIONS, Purger.Options.DEFAULT);

        assertThat(executionIds()).containsExactlyInAnyOrder("ended-at-cutoff", "ended-after");
    }

    @Test
    void aBacklogIsDeletedInBatchesOfAtMostTheBatchSize() {
        for (int i = 0; i < 25; i++) {
            execution("e%02d".formatted(i), SUCCEEDED, OLD, OLD);
            store.store(Kinds.TRIGGER_INSTANCE).insert(Samples.triggerInstance("t%02d".formatted(i), OLD));
        }

        assertThat(purge(PurgeKind.EXECUTIONS, Purger.Options.DEFAULT).records())
                .isEqualTo(25);
        assertThat(batches).containsExactly(10L, 10L, 5L);
        batches.clear();
        assertThat(purge(PurgeKind.TRIGGER_INSTANCES, Purger.Options.DEFAULT).records())
                .isEqualTo(25);
        assertThat(batches).containsExactly(10L, 10L, 5L);
        assertThat(executionIds()).isEmpty();
    }

    @Test
    void aDryRunCountsExecutionsAndTheirOutputAndDeletesNothing() {
        for (int i = 0; i < 23; i++) {
            execution("e%02d".formatted(i), SUCCEEDED, OLD, OLD);
            store.store(Kinds.EXECUTION_OUTPUT).insert(Samples.output("o%02d".formatted(i), "e%02d".formatted(i), NEW));
        }
        execution("keep", SUCCEEDED, NEW, NEW);
        store.store(Kinds.EXECUTION_OUTPUT).insert(Samples.output("o-keep", "keep", OLD));
        Purger.Options dry = new Purger.Options(false, null, true);

        PurgeResult r = purge(PurgeKind.EXECUTIONS, dry);
        PurgeResult outputs = purge(PurgeKind.OUTPUT, dry);

        assertThat(r.dryRun()).isTrue();
        assertThat(r.records()).isEqualTo(23);
        assertThat(r.outputRecords()).isEqualTo(23);
        assertThat(outputs.records()).isEqualTo(1);
        assertThat(executionIds()).hasSize(24);
        assertThat(ids(store.store(Kinds.EXECUTION_OUTPUT))).hasSize(24);
        assertThat(batches).isEmpty();
    }

    @Test
    void purgingStopsBeforeTheNextBatchOnceToldTo() {
        for (int i = 0; i < 25; i++) {
            execution("e%02d".formatted(i), SUCCEEDED, OLD, OLD);
        }
        AtomicInteger asked = new AtomicInteger();

        PurgeResult r =
                purger.purge(PurgeKind.EXECUTIONS, CUTOFF, Purger.Options.DEFAULT, () -> asked.incrementAndGet() <= 1);

        assertThat(r.stopped()).isTrue();
        assertThat(r.records()).isEqualTo(10);
        assertThat(executionIds()).hasSize(15);
    }

    @Test
    void eachOtherKindIsCutByItsOwnTimestamp() {
        store.store(Kinds.EXECUTION_OUTPUT).insert(Samples.output("o-old", "x", OLD));
        store.store(Kinds.EXECUTION_OUTPUT).insert(Samples.output("o-new", "x", NEW));
        store.store(Kinds.TRIGGER_INSTANCE).insert(Samples.triggerInstance("t-old", OLD));
        store.store(Kinds.TRIGGER_INSTANCE).insert(Samples.triggerInstance("t-new", NEW));
        store.store(Kinds.RULE_ENFORCEMENT).insert(Samples.enforcement("r-old", OLD));
        store.store(Kinds.RULE_ENFORCEMENT).insert(Samples.enforcement("r-new", NEW));
        store.store(Kinds.TOKEN).insert(Samples.token("k-old", OLD));
        store.store(Kinds.TOKEN).insert(Samples.token("k-new", NEW));
        store.store(Kinds.KEY_VALUE_PAIR).insert(Samples.key("v-old", OLD));
        store.store(Kinds.KEY_VALUE_PAIR).insert(Samples.key("v-new", NEW));
        store.store(Kinds.KEY_VALUE_PAIR).insert(Samples.key("v-forever", null));

        List<Long> deleted = new ArrayList<>();
        for (PurgeKind kind : List.of(
                PurgeKind.OUTPUT,
                PurgeKind.TRIGGER_INSTANCES,
                PurgeKind.RULE_ENFORCEMENTS,
                PurgeKind.TOKENS,
                PurgeKind.KEYS)) {
            deleted.add(purge(kind, Purger.Options.DEFAULT).records());
        }

        assertThat(deleted).containsOnly(1L);
        assertThat(ids(store.store(Kinds.EXECUTION_OUTPUT))).containsExactly("o-new");
        assertThat(ids(store.store(Kinds.TRIGGER_INSTANCE))).containsExactly("t-new");
        assertThat(ids(store.store(Kinds.RULE_ENFORCEMENT))).containsExactly("r-new");
        assertThat(ids(store.store(Kinds.TOKEN))).containsExactly("k-new");
        assertThat(ids(store.store(Kinds.KEY_VALUE_PAIR))).containsExactlyInAnyOrder("v-new", "v-forever");
    }

    @Test
    void anActionRefLimitsExecutionsAndOutputToThatAction() {
        store.executions().insert(Samples.execution("a", "core.local", SUCCEEDED, OLD, OLD));
        store.executions().insert(Samples.execution("b", "core.http", SUCCEEDED, OLD, OLD));
        store.store(Kinds.EXECUTION_OUTPUT).insert(Samples.output("o-a", "a", OLD));
        Purger.Options onlyHttp = new Purger.Options(false, "core.http", false);

        assertThat(purge(PurgeKind.EXECUTIONS, onlyHttp).records()).isEqualTo(1);
        assertThat(purge(PurgeKind.OUTPUT, onlyHttp).records()).isZero();

        assertThat(executionIds()).containsExactly("a");
        assertThat(store.store(Kinds.EXECUTION_OUTPUT).count(Filter.all())).isEqualTo(1);
    }
}
