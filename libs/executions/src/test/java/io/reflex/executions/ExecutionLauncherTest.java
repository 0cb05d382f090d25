package io.reflex.executions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.reflex.core.bus.Subscription;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionContext;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.execution.ResolvedAction;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.ExecutionRequested;
import io.reflex.core.model.Action;
import io.reflex.core.model.RunnerType;
import io.reflex.core.model.Trace;
import io.reflex.core.store.Kinds;
import io.reflex.executions.traces.TraceRecorder;
import io.reflex.testing.InMemoryEventBus;
import io.reflex.testing.InMemoryStateStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A launcher writes each child's parent and trace over the records it last wrote instead of reading them again:
 * records other writers changed (or removed) since are read then, and nothing they wrote is lost. And what its
 * request carries.
 */
class ExecutionLauncherTest {
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

    private ExecutionLauncher.Launch under(String parent) {
        var context = Json.object();
        if (parent != null) {
            context.putObject("parent").put("execution_id", parent);
        }
        return new ExecutionLauncher.Launch(
                null, noop, null, "stanley", ExecutionContext.of(context), null, null, null);
    }

    private Trace trace(Execution e) {
        return store.store(Kinds.TRACE)
                .get(Trace.idFor(TraceRecorder.tagOf(e.context())))
                .orElseThrow();
    }

    @Test
    void childrenLaunchedOverAParentAndATraceChangedMeanwhileAreAllRecordedAndNoOtherChangeIsLost() {
        Execution parent = launcher.launch(under(null));
        Execution first = launcher.launch(under(parent.id()));
        // other writers since: the parent's status, and another launcher's child (parent and trace)
        writer.apply(parent.id(), e -> e.transitionTo(ExecutionStatus.SCHEDULED, Timestamps.now()));
        Execution other = new ExecutionLauncher(store, bus, writer, Clock.systemUTC(), null).launch(under(parent.id()));
        Execution second = launcher.launch(under(parent.id()));

        Execution stored = store.executions().get(parent.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(ExecutionStatus.SCHEDULED);
        assertThat(stored.children()).containsExactly(first.id(), other.id(), second.id());
        assertThat(trace(parent).actionExecutions())
                .extracting(Trace.Component::objectId)
                .containsExactly(parent.id(), first.id(), other.id(), second.id());

        // the trace removed meanwhile (retention): the next child starts it again
        store.store(Kinds.TRACE).delete(trace(parent).id());
        Execution third = launcher.launch(under(parent.id()));
        assertThat(trace(parent).actionExecutions())
                .extracting(Trace.Component::objectId)
                .containsExactly(third.id());
        assertThat(store.executions().get(parent.id()).orElseThrow().children())
                .containsExactly(first.id(), other.id(), second.id(), third.id());
    }

    @Test
    void aChildOfAParentNeverStoredIsRefused() {
        assertThatThrownBy(() -> launcher.launch(under("5f00000000000000000000ff")))
                .isInstanceOf(ExecutionLauncher.Refused.class)
                .hasMessageContaining("cannot be found");
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
