package io.reflex.executions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.bus.LogPosition;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.Execution.Announcement;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.StreamEvent;
import io.reflex.core.model.RunnerType;
import io.reflex.testing.InMemoryEventBus;
import io.reflex.testing.InMemoryStateStore;
import io.reflex.testing.contract.StateStoreSamples;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Writers put the execution record in the event log; the stream renders it with its own view options. */
class ExecutionEventsRenderingTest {
    private final Execution e = Execution.request(
            "0123456789abcdef01234567",
            ExecutionStatus.REQUESTED,
            Timestamps.now(),
            StateStoreSamples.actionSnapshot("core.local"),
            RunnerType.named("local-shell-cmd"),
            Json.object().put("cmd", "date"));

    @Test
    void theLogHoldsTheRecordAndAReaderThroughTheViewsSeesStackStormsShapes() {
        ExecutionViews.Options options = new ExecutionViews.Options(true, "https://ui");
        try (InMemoryEventBus bus = new InMemoryEventBus()) {
            List<StreamEvent> raw = new CopyOnWriteArrayList<>();
            List<StreamEvent> shown = new CopyOnWriteArrayList<>();
            bus.log(Channels.EVENTS).read(LogPosition.first(), r -> raw.add(r.body()));
            ExecutionViews.rendering(bus.log(Channels.EVENTS), options)
                    .read(LogPosition.first(), r -> shown.add(r.body()));

            new ExecutionWriter(new InMemoryStateStore().executions(), bus)
                    .publish(e, new Announcement(0, Timestamps.now(), List.of("create"), false));
            bus.log(Channels.EVENTS)
                    .append(new StreamEvent("st2.sensor__create", Json.object().put("x", 1)));

            org.awaitility.Awaitility.await().until(() -> raw.size() == 2 && shown.size() == 3);
            assertThat(raw.get(0).execution()).isEqualTo(e);
            assertThat(raw.get(0).data()).isNull();
            assertThat(raw.get(0).names()).containsExactly("st2.execution__create", "st2.liveaction__create");
            assertThat(shown.get(0).event()).isEqualTo("st2.execution__create");
            assertThat(shown.get(0).data()).isEqualTo(ExecutionViews.execution(e, options));
            assertThat(shown.get(1).event()).isEqualTo("st2.liveaction__create");
            assertThat(shown.get(1).data()).isEqualTo(ExecutionViews.liveaction(e, true));
            assertThat(shown.get(2)).isEqualTo(raw.get(1));
        }
    }

    @Test
    void anEventHoldsEitherDataOrAnExecution() {
        assertThatThrownBy(() -> new StreamEvent("st2.execution__create", Json.object(), e))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Json.read(Json.write(StreamEvent.ofExecution("st2.execution__create", e)), StreamEvent.class))
                .isEqualTo(StreamEvent.ofExecution("st2.execution__create", e));
        assertThat(Json.write(new StreamEvent("st2.sensor__create", Json.object())))
                .isEqualTo("{\"event\":\"st2.sensor__create\",\"data\":{}}");
    }

    @Test
    void oneRecordStandsForBothViewsOfAChangeAndARecordOfAnEarlierReleaseForOne() {
        StreamEvent both = StreamEvent.ofExecution(List.of("st2.execution__update", "st2.liveaction__update"), e);
        JsonNode written = Json.tree(both);
        assertThat(written.path("event").asText()).isEqualTo("st2.execution__update");
        assertThat(written.path("also_as")).hasSize(1);
        assertThat(written.path("also_as").get(0).asText()).isEqualTo("st2.liveaction__update");
        assertThat(Json.read(Json.write(both), StreamEvent.class)).isEqualTo(both);

        ObjectNode earlier = written.deepCopy();
        earlier.remove("also_as");
        assertThat(Json.read(Json.write(earlier), StreamEvent.class).names()).containsExactly("st2.execution__update");
        assertThat(ExecutionViews.events(
                        Json.read(Json.write(earlier), StreamEvent.class), new ExecutionViews.Options(true, "")))
                .extracting(StreamEvent::event)
                .containsExactly("st2.execution__update");

        assertThatThrownBy(() -> new StreamEvent("st2.sensor__create", Json.object(), null, List.of("x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StreamEvent.ofExecution(List.of(), e)).isInstanceOf(IllegalArgumentException.class);
    }
}
