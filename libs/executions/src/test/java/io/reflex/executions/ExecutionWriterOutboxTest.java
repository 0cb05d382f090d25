package io.reflex.executions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflex.core.bus.LogPosition;
import io.reflex.core.bus.Subscription;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.Execution.Announcement;
import io.reflex.core.execution.Execution.RunnerInfo;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.ExecutionCompleted;
import io.reflex.core.messages.Channels.StreamEvent;
import io.reflex.core.model.RunnerType;
import io.reflex.testing.FaultyEventBus;
import io.reflex.testing.InMemoryEventBus;
import io.reflex.testing.InMemoryStateStore;
import io.reflex.testing.contract.StateStoreSamples;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The writer's outbox (docs/architecture.md, rule 12): stored with the change, cleared after a confirmed publish. */
class ExecutionWriterOutboxTest {
    private final InMemoryStateStore store = new InMemoryStateStore();
    private final InMemoryEventBus inner = new InMemoryEventBus();
    private final FaultyEventBus bus = new FaultyEventBus(inner);
    private final ExecutionWriter writer = new ExecutionWriter(store.executions(), bus);
    private final List<String> completions = new CopyOnWriteArrayList<>();
    private final List<ExecutionCompleted> completionBodies = new CopyOnWriteArrayList<>();
    private final List<StreamEvent> events = new CopyOnWriteArrayList<>();
    private Subscription completed;
    private Subscription stream;

    @BeforeEach
    void listen() {
        completed = inner.consume(Channels.EXECUTIONS_COMPLETED, 4, d -> {
            completionBodies.add(d.body());
            completions.add(d.messageId());
        });
        stream = ExecutionViews.rendering(inner.log(Channels.EVENTS), new ExecutionViews.Options(true, ""))
                .read(LogPosition.first(), r -> events.add(r.body()));
    }

    @AfterEach
    void close() {
        completed.close();
        stream.close();
        bus.close();
    }

    private Execution running() {
        Execution e = store.executions()
                .insert(Execution.request(
                        "0123456789abcdef01234567",
                        ExecutionStatus.REQUESTED,
                        Timestamps.now(),
                        StateStoreSamples.actionSnapshot("core.local"),
                        RunnerType.named("local-shell-cmd"),
                        Json.object()));
        writer.apply(e.id(), c -> c.transitionTo(ExecutionStatus.SCHEDULED, Timestamps.now()));
        return writer.apply(e.id(), c -> c.transitionTo(ExecutionStatus.RUNNING, Timestamps.now()));
    }

    private Execution succeed(String id) {
        return writer.apply(id, c -> c.transitionTo(ExecutionStatus.SUCCEEDED, Timestamps.now()));
    }

    @Test
    void aChildIsRecordedOnItsParentInOneWriteWithoutAnnouncingTheParentEvenOverAStaleRecord() {
        Execution parent = running();
        AtomicInteger seen = new AtomicInteger(-1);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> seen.getAndSet(events.size()) == events.size());
        int announced = events.size();

        Execution once = writer.addChild(parent, "child-1");
        // another writer changed the parent since: the child goes onto the latest record, keeping that change
        Execution paused = writer.apply(parent.id(), c -> c.transitionTo(ExecutionStatus.PAUSING, Timestamps.now()));
        Execution twice = writer.addChild(once, "child-2");

        assertThat(once.version()).as("one write").isEqualTo(parent.version() + 1);
        assertThat(once.outbox()).isEmpty();
        assertThat(twice.children()).containsExactly("child-1", "child-2");
        assertThat(twice.status()).isEqualTo(ExecutionStatus.PAUSING);
        assertThat(store.executions().get(parent.id())).contains(twice);
        assertThat(writer.addChild(once, "child-1"))
                .as("held already: nothing written")
                .isEqualTo(once);
        assertThat(store.executions().get(parent.id())).contains(twice);
        await().atMost(Duration.ofSeconds(30)).until(() -> events.size() >= announced + 2);
        assertThat(events.subList(announced, events.size()))
                .as("only the pause was announced")
                .hasSize(2)
                .allSatisfy(e -> assertThat(e.data().path("status").asText()).isEqualTo("pausing"));
        assertThat(paused.children()).containsExactly("child-1");
    }

    @Test
    void aPublishedChangeHasItsAnnouncementClearedByASecondWrite() {
        Execution running = running();

        Execution done = succeed(running.id());

        assertThat(done.outbox()).isEmpty();
        assertThat(done.version()).as("change, then clear").isEqualTo(running.version() + 2);
        assertThat(store.executions().get(done.id())).contains(done);
        await().until(() -> completions.size() == 1);
        assertThat(completions).containsExactly(done.id() + ":succeeded");
        Execution carried = completionBodies.get(0).execution();
        assertThat(carried)
                .as("the completion carries the record as the change wrote it, for the notifier")
                .isNotNull();
        assertThat(carried.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(carried.version()).isEqualTo(done.version() - 1);
        assertThat(carried.withoutAnnouncements(List.of(carried.version()))).isEqualTo(done);
    }

    @Test
    void aCompletionWhosePublishFailedStaysPendingUntilAnnouncedOnce() {
        Execution running = running();
        bus.cutPublishes(Channels.EXECUTIONS_COMPLETED, 1);

        Execution done = succeed(running.id());

        assertThat(done.version()).isEqualTo(running.version() + 1);
        assertThat(done.outbox())
                .containsExactly(new Announcement(
                        done.version(), done.outbox().get(0).at(), List.of(Announcement.UPDATE), true));
        assertThat(store.executions().get(done.id())).contains(done);

        assertThat(writer.announcePending(done)).isTrue();
        assertThat(writer.announcePending(store.executions().get(done.id()).orElseThrow()))
                .as("nothing left")
                .isFalse();
        await().until(() -> completions.size() == 1);
        assertThat(completions).containsExactly(done.id() + ":succeeded");
        assertThat(store.executions().get(done.id()).orElseThrow().outbox()).isEmpty();
    }

    @Test
    void theSweepAnnouncesEveryPendingChangeOnceAndKeepsWhatWasAddedMeanwhile() {
        Execution running = running();
        bus.cutAppends(Channels.EVENTS, 1);
        Execution withResult =
                writer.apply(running.id(), c -> c.withResult(Json.object().put("n", 1)));
        bus.cutPublishes(Channels.EXECUTIONS_COMPLETED, 1);
        Execution done = succeed(running.id());
        assertThat(done.outbox()).hasSize(2);
        bus.cutAppends(Channels.EVENTS, 1);
        Execution later = writer.apply(running.id(), c -> c.claimedBy(new RunnerInfo("h", 1), c.lease()));
        assertThat(later.outbox()).hasSize(3);
        // the reader delivers on its own thread: let it catch up with what was appended so far
        AtomicInteger seen = new AtomicInteger(-1);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> seen.getAndSet(events.size()) == events.size());
        int before = events.size();

        writer.announcePending(done);

        Execution after = store.executions().get(done.id()).orElseThrow();
        assertThat(after.outbox()).extracting(Announcement::version).containsExactly(later.version());
        await().atMost(Duration.ofSeconds(30)).until(() -> completions.size() == 1 && events.size() == before + 2);
        assertThat(events.subList(before, events.size()))
                .extracting(StreamEvent::event)
                .containsExactly("st2.execution__update", "st2.liveaction__update");
        assertThat(withResult.outbox()).isNotEmpty();
    }

    private Execution scheduled() {
        Execution e = store.executions()
                .insert(Execution.request(
                        "0123456789abcdef01234568",
                        ExecutionStatus.REQUESTED,
                        Timestamps.now(),
                        StateStoreSamples.actionSnapshot("core.local"),
                        RunnerType.named("local-shell-cmd"),
                        Json.object()));
        return writer.apply(e.id(), c -> c.transitionTo(ExecutionStatus.SCHEDULED, Timestamps.now()));
    }

    @Test
    void aChangeLeftUnclearedIsPublishedAndClearedByTheOwnersNextWrite() {
        Execution scheduled = scheduled();

        ExecutionWriter.Published claimed =
                writer.applyLeavingClear(scheduled, c -> c.transitionTo(ExecutionStatus.RUNNING, Timestamps.now()));

        assertThat(claimed.stored().version()).as("one write, no clear").isEqualTo(scheduled.version() + 1);
        assertThat(claimed.published()).containsExactly(claimed.stored().version());
        assertThat(store.executions().get(scheduled.id()).orElseThrow().outbox())
                .extracting(Announcement::version)
                .containsExactly(claimed.stored().version());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> events.stream().anyMatch(ev -> ev.event().equals("st2.execution__update")));

        Execution running = claimed.stored();
        Execution done = writer.change(
                        running, running.transitionTo(ExecutionStatus.SUCCEEDED, Timestamps.now()), claimed.published())
                .orElseThrow();

        assertThat(done.version()).as("the outcome, then its own clear").isEqualTo(running.version() + 2);
        assertThat(store.executions().get(done.id()).orElseThrow().outbox()).isEmpty();
        await().until(() -> completions.size() == 1);
    }

    @Test
    void aChangeLeftUnclearedWhosePublishFailedIsNotClearedByTheNextWrite() {
        Execution scheduled = scheduled();
        bus.cutAppends(Channels.EVENTS, 1);

        ExecutionWriter.Published claimed =
                writer.applyLeavingClear(scheduled, c -> c.transitionTo(ExecutionStatus.RUNNING, Timestamps.now()));

        assertThat(claimed.published()).isEmpty();
        Execution running = claimed.stored();
        bus.cutPublishes(Channels.EXECUTIONS_COMPLETED, 1);
        Execution done = writer.change(
                        running, running.transitionTo(ExecutionStatus.SUCCEEDED, Timestamps.now()), claimed.published())
                .orElseThrow();
        assertThat(done.outbox())
                .as("the claim's announcement stays for the sweep")
                .extracting(Announcement::version)
                .containsExactly(running.version(), done.version());
    }

    @Test
    void aChangeDecidedOnAStaleRecordIsDecidedAgainOnTheLatest() {
        Execution stale = scheduled();
        writer.apply(stale.id(), c -> c.withResult(Json.object().put("n", 1)));
        AtomicInteger decided = new AtomicInteger();

        ExecutionWriter.Published claimed = writer.applyLeavingClear(stale, c -> {
            decided.incrementAndGet();
            return c.transitionTo(ExecutionStatus.RUNNING, Timestamps.now());
        });

        assertThat(decided).hasValue(2);
        assertThat(claimed.stored().status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(claimed.stored().result().path("n").asInt()).isEqualTo(1);
        assertThat(store.executions().get(stale.id())).contains(claimed.stored());
    }

    @Test
    void nothingToDoOnAStaleRecordIsOnlyDecidedOnTheLatest() {
        Execution stale = scheduled();
        writer.apply(stale.id(), c -> c.transitionTo(ExecutionStatus.RUNNING, Timestamps.now()));

        ExecutionWriter.Published result = writer.applyLeavingClear(
                stale,
                c -> c.status() == ExecutionStatus.SCHEDULED
                        ? c.transitionTo(ExecutionStatus.CANCELING, Timestamps.now())
                        : c);

        assertThat(result.stored().status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(result.published()).isEmpty();
    }
}
