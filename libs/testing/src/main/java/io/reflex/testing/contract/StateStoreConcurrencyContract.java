package io.reflex.testing.contract;

import static io.reflex.testing.contract.StateStoreSamples.T0;
import static io.reflex.testing.contract.StateStoreSamples.action;
import static io.reflex.testing.contract.StateStoreSamples.at;
import static io.reflex.testing.contract.StateStoreSamples.enforcement;
import static io.reflex.testing.contract.StateStoreSamples.execution;
import static io.reflex.testing.contract.StateStoreSamples.id;
import static io.reflex.testing.contract.StateStoreSamples.json;
import static io.reflex.testing.contract.StateStoreSamples.triggerInstance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.model.Action;
import io.reflex.core.model.RuleEnforcement;
import io.reflex.core.model.TriggerInstance;
import io.reflex.core.store.DuplicateKeyException;
import io.reflex.core.store.Entity;
import io.reflex.core.store.ExecutionStore;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.core.store.StateStore;
import io.reflex.core.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Compare-and-set on executions, races between writers (threads or clients), and bounded deletes. The
 * races run real threads against the store: a store that is not atomic per record fails them.
 */
public interface StateStoreConcurrencyContract extends StateStoreFixture {
    int THREADS = 8;

    @Test
    default void compareAndSetWinsOnceAndTheSameExpectationThenLoses() {
        ExecutionStore executions = stateStore().executions();
        Execution requested = executions.insert(execution(id(1), "core.local", T0));
        Execution scheduled = requested.transitionTo(ExecutionStatus.SCHEDULED, at(1));

        assertThat(executions.compareAndSet(requested, scheduled)).isTrue();
        assertThat(executions.get(id(1))).contains(scheduled);
        Execution canceled = requested.transitionTo(ExecutionStatus.CANCELED, at(2));
        assertThat(executions.compareAndSet(requested, canceled)).isFalse();
        assertThat(executions.get(id(1))).contains(scheduled);
    }

    @Test
    default void staleStatusOrStaleVersionLoses() {
        ExecutionStore executions = stateStore().executions();
        Execution requested = executions.insert(execution(id(1), "core.local", T0));
        Execution withResult = requested.withResult(json("{'n': 1}"));
        executions.compareAndSet(requested, withResult);
        Execution next = withResult.transitionTo(ExecutionStatus.SCHEDULED, at(1));

        assertThat(executions.compareAndSet(ExecutionStatus.DELAYED, 1, next)).isFalse();
        Execution fromStaleVersion = requested.transitionTo(ExecutionStatus.SCHEDULED, at(1));
        assertThat(executions.compareAndSet(requested, fromStaleVersion)).isFalse();
        assertThat(executions.get(id(1))).contains(withResult);
        assertThat(executions.compareAndSet(ExecutionStatus.REQUESTED, 1, next)).isTrue();
        assertThat(executions.get(id(1))).contains(next);
    }

    @Test
    default void compareAndSetNeedsTheNextVersionAndLosesOnAnUnknownExecution() {
        ExecutionStore executions = stateStore().executions();
        Execution requested = executions.insert(execution(id(1), "core.local", T0));
        Execution scheduled = requested.transitionTo(ExecutionStatus.SCHEDULED, at(1));

        assertThatThrownBy(() -> executions.compareAndSet(ExecutionStatus.REQUESTED, 5, scheduled))
                .isInstanceOf(IllegalArgumentException.class);
        Execution ghost = execution(id(2), "core.local", T0);
        assertThat(executions.compareAndSet(ghost, ghost.transitionTo(ExecutionStatus.SCHEDULED, at(1))))
                .isFalse();
        assertThat(executions.get(id(2))).isEmpty();
    }

    @Test
    default void writersStartingFromTheSameVersionHaveExactlyOneWinner() {
        ExecutionStore executions = stateStore().executions();
        executions.insert(execution(id(1), "core.local", T0));
        for (int round = 0; round < 5; round++) {
            Execution current = executions.get(id(1)).orElseThrow();
            List<Boolean> outcomes = StateStoreRace.run(
                    THREADS,
                    writer ->
                            executions.compareAndSet(current, current.withResult(json("{'writer': " + writer + "}"))));

            assertThat(outcomes).as("round " + round).containsOnlyOnce(true);
            assertThat(executions.get(id(1)).orElseThrow().version()).isEqualTo(current.version() + 1);
        }
    }

    @Test
    default void concurrentCompareAndSetHasExactlyOneWinnerPerVersion() {
        assertEveryVersionHasOneWriter(stateStore().executions(), stateStore().executions());
    }

    @Test
    default void concurrentInsertIfAbsentOfOneRecordWritesItOnce() {
        Store<RuleEnforcement> enforcements = store(Kinds.RULE_ENFORCEMENT);
        RuleEnforcement record = enforcement(id(1), id(100), id(200), T0);

        List<RuleEnforcement> results = StateStoreRace.run(THREADS, writer -> enforcements.insertIfAbsent(record));

        assertThat(results).containsOnly(record);
        assertThat(enforcements.count(Filter.all())).isEqualTo(1);
    }

    @Test
    default void concurrentInsertsOfTheSameUniqueValuesLetOneWinAndNameItToTheOthers() {
        Store<Action> actions = store(Kinds.ACTION);

        List<String> outcomes = StateStoreRace.run(THREADS, writer -> {
            try {
                return "won:"
                        + actions.insert(action(id(writer + 1), "core", "local"))
                                .id();
            } catch (DuplicateKeyException e) {
                return "lost:" + e.conflictId();
            }
        });

        List<Action> stored = actions.find(Query.all());
        assertThat(stored).hasSize(1);
        String winner = stored.get(0).id();
        assertThat(outcomes).containsOnlyOnce("won:" + winner);
        assertThat(outcomes)
                .filteredOn(o -> o.startsWith("lost:"))
                .hasSize(THREADS - 1)
                .containsOnly("lost:" + winner);
    }

    @Test
    default void deleteMatchingDeletesAtMostTheLimitLowestIdsFirst() {
        Store<TriggerInstance> instances = store(Kinds.TRIGGER_INSTANCE);
        List<String> processed = new ArrayList<>();
        for (int i = 1; i <= 15; i++) {
            boolean done = i % 3 != 0;
            instances.insert(triggerInstance(
                    id(i), at(i), done ? TriggerInstance.Status.PROCESSED : TriggerInstance.Status.PENDING));
            if (done) {
                processed.add(id(i));
            }
        }
        Filter old = Filter.eq("status", "processed");

        assertThat(instances.deleteMatching(old, 4)).isEqualTo(4);
        assertThat(ids(instances, old)).containsExactlyElementsOf(processed.subList(4, 10));
        assertThat(instances.deleteMatching(old, 100)).isEqualTo(6);
        assertThat(instances.deleteMatching(old, 100)).isZero();
        assertThat(ids(instances, Filter.all())).containsExactly(id(3), id(6), id(9), id(12), id(15));
    }

    @Test
    default void deleteMatchingNeedsAPositiveLimit() {
        assertThatThrownBy(() -> store(Kinds.TRIGGER_INSTANCE).deleteMatching(Filter.all(), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    default void aSecondClientSeesWritesAndEnforcesTheSameUniqueIndexes() {
        StateStore peer = peerStore();
        Assumptions.assumeTrue(peer != null, "this backend has no second client");
        Action written = stateStore().store(Kinds.ACTION).insert(action(id(1), "core", "local"));

        assertThat(peer.store(Kinds.ACTION).get(id(1))).contains(written);
        assertThatThrownBy(() -> peer.store(Kinds.ACTION).insert(action(id(2), "core", "local")))
                .isInstanceOfSatisfying(
                        DuplicateKeyException.class,
                        e -> assertThat(e.conflictId()).isEqualTo(id(1)));
    }

    @Test
    default void compareAndSetRacesBetweenTwoClientsHaveExactlyOneWinnerPerVersion() {
        StateStore peer = peerStore();
        Assumptions.assumeTrue(peer != null, "this backend has no second client");

        assertEveryVersionHasOneWriter(stateStore().executions(), peer.executions());
    }

    /**
     * {@link #THREADS} writers, alternating between the two stores, each re-read and compare-and-set until
     * it has won 5 times; every version must be won by exactly one writer and none may be lost.
     */
    private void assertEveryVersionHasOneWriter(ExecutionStore a, ExecutionStore b) {
        int winsEach = 5;
        a.insert(execution(id(1), "core.local", T0));
        Map<Long, Integer> winners = new ConcurrentHashMap<>();

        List<Integer> doubleWins = StateStoreRace.run(THREADS, writer -> {
            ExecutionStore store = writer % 2 == 0 ? a : b;
            int wins = 0;
            int clashes = 0;
            for (int attempt = 0; wins < winsEach && attempt < 10_000; attempt++) {
                Execution current = store.get(id(1)).orElseThrow();
                Execution next = current.withResult(json("{'writer': " + writer + "}"));
                if (store.compareAndSet(current, next)) {
                    wins++;
                    clashes += winners.putIfAbsent(next.version(), writer) == null ? 0 : 1;
                }
            }
            return clashes;
        });

        long total = (long) THREADS * winsEach;
        assertThat(doubleWins).containsOnly(0);
        assertThat(winners.keySet())
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, (int) total)
                        .mapToObj(v -> (long) v)
                        .toList());
        Execution last = a.get(id(1)).orElseThrow();
        assertThat(last.version()).isEqualTo(total);
        assertThat(last.result().get("writer").asInt()).isEqualTo(winners.get(total));
    }

    private static <T extends Entity> List<String> ids(Store<T> store, Filter filter) {
        return store.find(Query.of(filter)).stream().map(Entity::id).toList();
    }
}
