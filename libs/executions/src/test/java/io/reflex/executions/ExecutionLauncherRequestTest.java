package io.reflex.executions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflex.core.bus.Subscription;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionContext;
import io.reflex.core.execution.ResolvedAction;
import io.reflex.core.json.Json;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.ExecutionRequested;
import io.reflex.core.model.Action;
import io.reflex.core.model.RunnerType;
import io.reflex.testing.InMemoryEventBus;
import io.reflex.testing.InMemoryStateStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What an execution request carries: the record as stored (unless it is large), and what was published. */
class ExecutionLauncherRequestTest {
    final InMemoryStateStore store = new InMemoryStateStore();
    final InMemoryEventBus bus = new InMemoryEventBus();
    final ExecutionWriter writer = new ExecutionWriter(store.executions(), bus);
    final ExecutionLauncher launcher = new ExecutionLauncher(store, bus, writer, Clock.systemUTC(), null);
    final ResolvedAction noop = ResolvedAction.of(
            new Action("a1", "noop", "core", "", true, "", "noop", Json.object(), null, null, null, null),
            new RunnerType("r1", "noop", "", true, "", "", Json.object(), "", null),
            "");
    final List<ExecutionRequested> requests = new CopyOnWriteArrayList<>();
    final Subscription consumer = bus.consume(Channels.EXECUTIONS_REQUESTED, 8, d -> requests.add(d.body()));

    @AfterEach
    void close() {
        consumer.close();
    }

    private Execution launch(String note) {
        var context = Json.object().put("note", note);
        return launcher.launch(
                new ExecutionLauncher.Launch(
                        null, noop, null, "stanley", ExecutionContext.of(context), null, null, null),
                "stamp-1");
    }

    @Test
    void theRequestCarriesTheStoredRecordItsStampAndThePublishedCreationUnlessTheRecordIsLarge() {
        Execution small = launch("small");
        Execution large = launch("x".repeat(ExecutionLauncher.MAX_CARRIED));

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(requests).hasSize(2));
        ExecutionRequested first = requests.stream()
                .filter(r -> r.executionId().equals(small.id()))
                .findFirst()
                .orElseThrow();
        assertThat(first.execution()).isEqualTo(small);
        assertThat(first.contentStamp()).isEqualTo("stamp-1");
        assertThat(first.published()).containsExactly(small.version());

        ExecutionRequested second = requests.stream()
                .filter(r -> r.executionId().equals(large.id()))
                .findFirst()
                .orElseThrow();
        assertThat(second.execution())
                .as("a large record is read by the runner, not queued")
                .isNull();
        assertThat(second.published()).containsExactly(large.version());
    }
}
