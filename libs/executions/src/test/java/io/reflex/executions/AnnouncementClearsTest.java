package io.reflex.executions;

import static io.reflex.testing.contract.StateStoreSamples.T0;
import static io.reflex.testing.contract.StateStoreSamples.at;
import static io.reflex.testing.contract.StateStoreSamples.execution;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.reflex.core.execution.Execution;
import io.reflex.core.execution.Execution.Announcement;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.store.ExecutionStore;
import io.reflex.core.store.StoreException;
import io.reflex.testing.InMemoryStateStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/** {@link AnnouncementClears}: clears that meet are written as one group; each caller sees its own outcome. */
class AnnouncementClearsTest {
    final ExecutionStore stored = new InMemoryStateStore().executions();
    final List<Integer> groups = new CopyOnWriteArrayList<>();
    volatile IntConsumer beforeGroup = n -> {};
    volatile boolean failGroups;

    /** The in-memory store, with {@link ExecutionStore#compareAndSetAll} watched (and held or failed at will). */
    final ExecutionStore executions = (ExecutionStore) Proxy.newProxyInstance(
            ExecutionStore.class.getClassLoader(), new Class<?>[] {ExecutionStore.class}, (proxy, method, args) -> {
                if (method.getName().equals("compareAndSetAll")) {
                    int size = ((List<?>) args[0]).size();
                    groups.add(size);
                    beforeGroup.accept(size);
                    if (failGroups) {
                        throw new StoreException("store unavailable");
                    }
                }
                try {
                    return method.invoke(stored, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });

    final AnnouncementClears clears = new AnnouncementClears(executions);

    Execution announcedRecord(int n) {
        return stored.insert(
                execution("e" + n, "core.local", T0).announcing(at(1), List.of(Announcement.CREATE), false));
    }

    @Test
    void clearsThatArriveWhileAGroupIsWrittenAreWrittenTogetherAsTheNext() throws Exception {
        List<Execution> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            records.add(announcedRecord(i));
        }
        beforeGroup = n -> {
            if (groups.size() == 1) { // hold the first group until the four others wait behind it
                await().atMost(Duration.ofSeconds(10)).until(() -> clears.waiting() == 4);
            }
        };
        List<Optional<Execution>> results = new CopyOnWriteArrayList<>();
        Thread first = Thread.ofVirtual().start(() -> results.add(clears.clear(records.get(0), List.of(0L))));
        await().atMost(Duration.ofSeconds(10)).until(() -> groups.size() == 1);
        List<Thread> others = new ArrayList<>();
        for (int i = 1; i < 5; i++) {
            Execution r = records.get(i);
            others.add(Thread.ofVirtual().start(() -> results.add(clears.clear(r, List.of(0L)))));
        }
        first.join();
        for (Thread t : others) {
            t.join();
        }

        assertThat(groups).containsExactly(1, 4);
        assertThat(results).hasSize(5).allSatisfy(r -> assertThat(r).isPresent());
        for (Execution r : records) {
            Execution now = stored.get(r.id()).orElseThrow();
            assertThat(now.outbox()).isEmpty();
            assertThat(now.version()).isEqualTo(r.version() + 1);
            assertThat(results).contains(Optional.of(now));
        }
    }

    @Test
    void aClearWhoseRecordChangedSinceIsDoneAgainOnTheRecordAsItIsNow() {
        Execution v0 = announcedRecord(1);
        Execution v1 = v0.transitionTo(ExecutionStatus.SCHEDULED, at(2))
                .announcing(at(2), List.of(Announcement.UPDATE), false);
        assertThat(stored.compareAndSet(v0, v1)).isTrue();

        Execution after = clears.clear(v0, List.of(0L)).orElseThrow();

        assertThat(after.version()).isEqualTo(2);
        assertThat(after.status()).isEqualTo(ExecutionStatus.SCHEDULED);
        assertThat(after.outbox()).extracting(Announcement::version).containsExactly(1L);
        assertThat(stored.get(v0.id())).contains(after);
    }

    @Test
    void aFailedGroupFailsItsCallersAndTheNextClearIsWrittenAgain() {
        Execution record = announcedRecord(1);
        failGroups = true;
        assertThatThrownBy(() -> clears.clear(record, List.of(0L))).hasMessageContaining("store unavailable");
        assertThat(stored.get(record.id()).orElseThrow().outbox()).hasSize(1);

        failGroups = false;
        assertThat(clears.clear(record, List.of(0L)).orElseThrow().outbox()).isEmpty();
        assertThat(groups).containsExactly(1, 1);
    }

    @Test
    void nothingToClearWritesNothing() {
        Execution record = announcedRecord(1);
        assertThat(clears.clear(record, List.of(7L))).contains(record);
        assertThat(groups).isEmpty();
    }

    @Test
    void aClearLeftForLaterClearsWhatIsStillPendingThenAndNothingElse() {
        AnnouncementClears soon = new AnnouncementClears(executions, Duration.ofMillis(50));
        Execution untouched = announcedRecord(1);
        Execution claimed = announcedRecord(2);
        Execution carried = announcedRecord(3);
        // the next writer of one cleared it in its own write; another's next writer did not know and carried it
        Execution claim = claimed.withoutAnnouncements(List.of(0L)).atVersion(1);
        assertThat(stored.compareAndSet(claimed, claim)).isTrue();
        Execution other = carried.atVersion(1).announcing(at(2), List.of(Announcement.UPDATE), false);
        assertThat(stored.compareAndSet(carried, other)).isTrue();

        for (Execution e : List.of(untouched, claimed, carried)) {
            soon.later(e);
        }

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(groups).as("the first look").hasSize(1));
        assertThat(stored.get("e1").orElseThrow().outbox())
                .as("nobody wrote it since: waiting for a runner, looked at again")
                .hasSize(1);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(stored.get("e1").orElseThrow().outbox()).isEmpty();
            assertThat(stored.get("e3").orElseThrow().outbox())
                    .as("the carried announcement cleared, the other writer's own left to it")
                    .extracting(Announcement::version)
                    .containsExactly(1L);
        });
        assertThat(stored.get("e2").orElseThrow())
                .as("nothing left to clear: not written")
                .isEqualTo(claim);
        assertThat(groups)
                .as("the carried one cleared at the first look, the untouched one at the last")
                .containsExactly(1, 1);
    }
}
