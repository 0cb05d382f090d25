package io.reflex.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.ExecutionCompleted;
import io.reflex.core.model.Inquiry;
import io.reflex.core.store.Kinds;
import io.reflex.executions.ExecutionWriter;
import io.reflex.testing.InMemoryEventBus;
import io.reflex.testing.InMemoryStateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InquiryTimeoutsTest {
    private static final Instant NOW = Instant.parse("2024-03-01T12:00:00Z");

    private final InMemoryStateStore store = new InMemoryStateStore();
    private final InMemoryEventBus bus = new InMemoryEventBus();
    private final ExecutionWriter writer = new ExecutionWriter(store.executions(), bus);
    private final InquiryTimeouts timeouts =
            new InquiryTimeouts(store, writer, Clock.fixed(NOW, ZoneOffset.UTC), 2, "stanley");

    @AfterEach
    void close() {
        bus.close();
    }

    private Instant minutesAgo(long minutes) {
        return NOW.minus(Duration.ofMinutes(minutes));
    }

    private ExecutionStatus status(String id) {
        return store.executions().get(id).orElseThrow().status();
    }

    @Test
    void aPendingInquiryOlderThanItsTtlTimesOutAndItsCompletionIsAnnounced() {
        List<ExecutionCompleted> completed = new CopyOnWriteArrayList<>();
        bus.consume(Channels.EXECUTIONS_COMPLETED, 8, d -> completed.add(d.body()));
        store.executions().insert(Records.inquiry("late", minutesAgo(61), 60, null));

        assertThat(timeouts.sweep(() -> true)).isEqualTo(1);

        Execution after = store.executions().get("late").orElseThrow();
        assertThat(after.status()).isEqualTo(ExecutionStatus.TIMEOUT);
        assertThat(after.endTimestamp()).isEqualTo(NOW);
        assertThat(after.result().get("route").asText())
                .as("the question is kept")
                .isEqualTo("ops");
        await().untilAsserted(() -> assertThat(completed)
                .singleElement()
                .satisfies(c -> assertThat(c.executionId()).isEqualTo("late"))
                .satisfies(c -> assertThat(c.status()).isEqualTo(ExecutionStatus.TIMEOUT))
                .satisfies(c -> assertThat(c.execution().endTimestamp()).isEqualTo(NOW)));
    }

    @Test
    void anInquiryIsDueOnlyWhenItsWholeMinutesExceedTheTtl() {
        store.executions().insert(Records.inquiry("at-ttl", NOW.minus(Duration.ofSeconds(60 * 60 + 59)), 60, null));
        store.executions().insert(Records.inquiry("young", minutesAgo(5), 60, null));

        assertThat(timeouts.sweep(() -> true)).isZero();
        assertThat(status("at-ttl")).isEqualTo(ExecutionStatus.PENDING);
        assertThat(status("young")).isEqualTo(ExecutionStatus.PENDING);
    }

    @Test
    void theInquiryRecordsTtlCountsWhenTheResultHasNone() {
        store.executions().insert(Records.inquiry("from-record", minutesAgo(31), null, null));
        store.store(Kinds.INQUIRY)
                .insert(new Inquiry(
                        "from-record", Json.object(), List.of(), List.of(), "ops", 30, minutesAgo(31), null, null));
        store.executions().insert(Records.inquiry("no-ttl-anywhere", minutesAgo(100_000), null, null));

        timeouts.sweep(() -> true);

        assertThat(status("from-record")).isEqualTo(ExecutionStatus.TIMEOUT);
        assertThat(status("no-ttl-anywhere")).isEqualTo(ExecutionStatus.PENDING);
    }

    @Test
    void aZeroTtlNeverExpiresAndOtherExecutionsAreNotInquiries() {
        store.executions().insert(Records.inquiry("forever", minutesAgo(100_000), 0, null));
        store.executions()
                .insert(Records.execution(
                        "paused-chain", "action-chain", ExecutionStatus.PAUSED, minutesAgo(999), null));

        assertThat(timeouts.sweep(() -> true)).isZero();

        assertThat(status("forever")).isEqualTo(ExecutionStatus.PENDING);
        assertThat(status("paused-chain")).isEqualTo(ExecutionStatus.PAUSED);
    }

    @Test
    void everyPageOfPendingInquiriesIsSweptAndAPausedParentResumes() {
        store.executions()
                .insert(Records.execution("parent", "action-chain", ExecutionStatus.PAUSED, minutesAgo(999), null));
        for (int i = 0; i < 5; i++) {
            store.executions().insert(Records.inquiry("q" + i, minutesAgo(120), 60, i == 4 ? "parent" : null));
        }

        assertThat(timeouts.sweep(() -> true)).isEqualTo(5);

        Execution parent = store.executions().get("parent").orElseThrow();
        assertThat(parent.status()).isEqualTo(ExecutionStatus.RESUMING);
        assertThat(parent.context().get("resumed_by").asText()).isEqualTo("stanley");
    }

    @Test
    void theSweepStopsOnceLeadershipIsLost() {
        for (int i = 0; i < 3; i++) {
            store.executions().insert(Records.inquiry("q" + i, minutesAgo(120), 60, null));
        }
        int[] asked = {0};

        int timedOut = timeouts.sweep(() -> asked[0]++ < 2);

        assertThat(timedOut).isEqualTo(1);
        assertThat(status("q2")).isEqualTo(ExecutionStatus.PENDING);
    }
}
