package io.reflex.executions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflex.core.bus.Subscription;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.Execution.StatusChange;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.ExecutionCompleted;
import io.reflex.core.model.Action;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Query;
import io.reflex.testing.InMemoryEventBus;
import io.reflex.testing.InMemoryStateStore;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ExecutionLauncherFailedTest {
    final InMemoryStateStore store = new InMemoryStateStore();
    final InMemoryEventBus bus = new InMemoryEventBus();
    final ExecutionWriter writer = new ExecutionWriter(store.executions(), bus);
    final ExecutionLauncher launcher = new ExecutionLauncher(store, bus, writer, Clock.systemUTC(), null);
    final Action action =
            new Action(Ids.newId(), "local", "core", "", false, "", "local-shell-cmd", null, null, null, null, "");

    @Test
    void anExecutionFailedBeforeRequestIsStoredOnceAsFailedAndNeverRequested() {
        List<String> requested = new CopyOnWriteArrayList<>();
        List<ExecutionCompleted> completed = new CopyOnWriteArrayList<>();
        try (Subscription r = bus.consume(
                        Channels.EXECUTIONS_REQUESTED,
                        1,
                        d -> requested.add(d.body().executionId()));
                Subscription c = bus.consume(Channels.EXECUTIONS_COMPLETED, 1, d -> completed.add(d.body()))) {
            var launch = new ExecutionLauncher.Launch(
                    "0123456789abcdef01234567",
                    launcher.resolver().resolve(action),
                    Json.object().put("cmd", "x"),
                    "stanley",
                    null,
                    null,
                    null,
                    null);
            var result = Json.object().put("error", "boom").put("traceback", "  at here");

            Execution first = launcher.launchFailed(launch, result);
            Execution again = launcher.launchFailed(launch, Json.object().put("error", "other"));

            assertThat(again).isEqualTo(first);
            assertThat(store.executions().find(Query.all())).containsExactly(first);
            assertThat(first.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(first.result()).isEqualTo(result);
            assertThat(first.log())
                    .extracting(StatusChange::status)
                    .containsExactly(ExecutionStatus.REQUESTED, ExecutionStatus.FAILED);
            assertThat(first.context().user()).isEqualTo("stanley");
            assertThat(first.runner().name()).isEqualTo("local-shell-cmd");
            await().untilAsserted(() -> assertThat(completed)
                    .hasSize(2)
                    .allSatisfy(m -> assertThat(m.executionId()).isEqualTo(first.id())));
            assertThat(requested).isEmpty();
        }
    }
}
