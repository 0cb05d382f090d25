package io.reflex.testing.contract;

import static io.reflex.testing.contract.StateStoreSamples.T0;
import static io.reflex.testing.contract.StateStoreSamples.at;
import static io.reflex.testing.contract.StateStoreSamples.execution;
import static io.reflex.testing.contract.StateStoreSamples.id;
import static io.reflex.testing.contract.StateStoreSamples.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.execution.Execution;
import io.reflex.core.execution.Execution.Announcement;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.store.ExecutionStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The execution outbox (docs/architecture.md, rule 12): a change and its pending announcement are one compare-and-set;
 * clearing removes exactly the entries announced, over concurrent writers; the sweep's query finds what
 * is left, oldest first, through the {@code outbox.at} index.
 */
public interface StateStoreOutboxContract extends StateStoreFixture {
    @Test
    default void aChangeAndItsAnnouncementAreWrittenByOneCompareAndSet() {
        ExecutionStore executions = stateStore().executions();
        Execution requested = executions.insert(execution(id(1), "core.local", T0));
        Execution failed = requested
                .transitionTo(ExecutionStatus.FAILED, at(1))
                .announcing(at(1), List.of(Announcement.UPDATE), true);
        Execution canceled = requested
                .transitionTo(ExecutionStatus.CANCELED, at(1))
                .announcing(at(1), List.of(Announcement.UPDATE), true);

        assertThat(executions.compareAndSet(requested, failed)).isTrue();
        assertThat(executions.compareAndSet(requested, canceled)).isFalse();

        Execution stored = executions.get(id(1)).orElseThrow();
        assertThat(stored).isEqualTo(failed);
        assertThat(stored.outbox()).containsExactly(new Announcement(1, at(1), List.of(Announcement.UPDATE), true));
        assertThat(stored.ownAnnouncement()).contains(stored.outbox().get(0));
    }

    @Test
    default void clearingRemovesOnlyTheAnnouncedEntriesEvenFromAStaleRecord() {
        ExecutionStore executions = stateStore().executions();
        Execution v0 = executions.insert(execution(id(1), "core.local", T0));
        Execution v1 = announced(v0.transitionTo(ExecutionStatus.SCHEDULED, at(1)), 1);
        executions.compareAndSet(v0, v1);
        Execution v2 = announced(v1.transitionTo(ExecutionStatus.RUNNING, at(2)), 2);
        executions.compareAndSet(v1, v2);

        Execution after = executions.clearAnnouncements(v1, List.of(1L)).orElseThrow();

        assertThat(after.version()).isEqualTo(3);
        assertThat(after.status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(after.outbox()).extracting(Announcement::version).containsExactly(2L);
        assertThat(executions.get(id(1))).contains(after);
        assertThat(executions.clearAnnouncements(v1, List.of(1L))).contains(after);
        assertThat(executions.get(id(1)).orElseThrow().version()).isEqualTo(3);
    }

    @Test
    default void severalCompareAndSetsAtOnceEachWinOrLoseOnTheirOwn() {
        ExecutionStore executions = stateStore().executions();
        Execution a0 = executions.insert(announced(execution(id(1), "core.local", T0), 0));
        Execution b0 = executions.insert(announced(execution(id(2), "core.local", T0), 0));
        Execution c0 = executions.insert(announced(execution(id(3), "core.local", T0), 0));
        Execution b1 = b0.transitionTo(ExecutionStatus.SCHEDULED, at(1));
        assertThat(executions.compareAndSet(b0, b1)).isTrue();

        boolean[] written = executions.compareAndSetAll(
                List.of(a0, b0, c0),
                List.of(
                        a0.withoutAnnouncements(List.of(0L)),
                        b0.withoutAnnouncements(List.of(0L)),
                        c0.withoutAnnouncements(List.of(0L))));

        assertThat(written).containsExactly(true, false, true);
        assertThat(executions.get(id(1)).orElseThrow().outbox()).isEmpty();
        assertThat(executions.get(id(1)).orElseThrow().version()).isEqualTo(1);
        assertThat(executions.get(id(2))).contains(b1);
        assertThat(executions.get(id(3)).orElseThrow().outbox()).isEmpty();
        assertThat(executions.compareAndSetAll(List.of(), List.of())).isEmpty();
    }

    @Test
    default void clearingAnExecutionThatIsGoneFindsNothing() {
        Execution ghost = announced(execution(id(9), "core.local", T0), 0);

        assertThat(stateStore().executions().clearAnnouncements(ghost, List.of(0L)))
                .isEmpty();
    }

    @Test
    default void writersAndClearersRacingLoseNoAnnouncementAndResurrectNone() {
        ExecutionStore executions = stateStore().executions();
        executions.insert(execution(id(1), "core.local", T0));
        int writesEach = 5;
        int threads = 4;

        List<Integer> written = StateStoreRace.run(threads, writer -> {
            int wins = 0;
            for (int attempt = 0; wins < writesEach && attempt < 10_000; attempt++) {
                Execution current = executions.get(id(1)).orElseThrow();
                Execution next = current.withResult(json("{'writer': " + writer + "}"));
                next = next.announcing(at(1), List.of(Announcement.UPDATE), false);
                if (executions.compareAndSet(current, next)) {
                    wins++;
                    if (writer % 2 == 0) {
                        executions.clearAnnouncements(next, List.of(next.version()));
                    }
                }
            }
            return wins;
        });

        assertThat(written).containsOnly(writesEach);
        Execution last = executions.get(id(1)).orElseThrow();
        assertThat(last.outbox()).as("the odd writers' entries, never cleared").hasSize(threads / 2 * writesEach);
        assertThat(last.version()).isEqualTo((long) threads * writesEach + threads / 2 * writesEach);
    }

    @Test
    default void theSweepQueryFindsEntriesAtOrBeforeTheCutoffOldestFirst() {
        ExecutionStore executions = stateStore().executions();
        executions.insert(execution(id(1), "core.local", T0));
        executions.insert(execution(id(2), "core.local", T0).announcing(at(3), List.of(Announcement.CREATE), false));
        executions.insert(execution(id(3), "core.local", T0).announcing(at(1), List.of(Announcement.CREATE), false));
        executions.insert(execution(id(4), "core.local", T0).announcing(at(2), List.of(Announcement.CREATE), false));
        executions.insert(execution(id(5), "core.local", T0).announcing(at(9), List.of(Announcement.CREATE), false));

        assertThat(executions.pendingAnnouncements(at(3), 10))
                .extracting(Execution::id)
                .containsExactly(id(3), id(4), id(2));
        assertThat(executions.pendingAnnouncements(at(3), 2))
                .extracting(Execution::id)
                .containsExactly(id(3), id(4));

        Execution cleared = executions.get(id(3)).orElseThrow();
        executions.clearAnnouncements(cleared, List.of(0L));
        assertThat(executions.pendingAnnouncements(at(3), 10))
                .extracting(Execution::id)
                .containsExactly(id(4), id(2));
    }

    private static Execution announced(Execution change, int minute) {
        return change.announcing(at(minute), List.of(Announcement.UPDATE), false);
    }
}
