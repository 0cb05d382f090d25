package io.reflex.core.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.messages.Channels.ExecutionRequested;
import io.reflex.core.messages.Channels.TriggerDispatch;
import io.reflex.core.model.Action;
import io.reflex.core.model.RunnerType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The messages that may carry what their sender read, on the wire and from senders of an earlier release. */
class ChannelsWireTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    void aRequestCarriesTheStoredRecordAndTheStampAndARequestOfAnEarlierReleaseNamesTheIdOnly() {
        Execution e = Execution.request(
                "e1",
                ExecutionStatus.REQUESTED,
                T0,
                new Action("a1", "local", "core", null, true, null, "local-shell-cmd", null, null, null, null, null),
                RunnerType.named("local-shell-cmd"),
                null);
        ExecutionRequested carried = new ExecutionRequested("e1", e, "s1", List.of(0L));
        String wire = Json.write(carried);
        assertThat(Json.read(wire, ExecutionRequested.class)).isEqualTo(carried);
        assertThat(Json.tree(carried).fieldNames())
                .toIterable()
                .containsExactly("execution_id", "execution", "content_stamp", "published");

        assertThat(Json.write(new ExecutionRequested("e1"))).isEqualTo("{\"execution_id\":\"e1\"}");
        assertThat(Json.read("{\"execution_id\":\"e1\"}", ExecutionRequested.class))
                .isEqualTo(new ExecutionRequested("e1", null, null, List.of()));
        assertThatThrownBy(() -> new ExecutionRequested("e2", e, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("carries another record");
    }

    @Test
    void aDispatchCarriesTheStampItsSenderReadAndLeavesItOutWhenItReadNone() {
        TriggerDispatch stamped = new TriggerDispatch("t1", "core.st2.webhook", Json.object(), T0, "tag", "s1");
        assertThat(Json.read(Json.write(stamped), TriggerDispatch.class)).isEqualTo(stamped);
        assertThat(Json.tree(stamped).path("content_stamp").asText()).isEqualTo("s1");

        TriggerDispatch plain = new TriggerDispatch("t1", "core.st2.webhook", Json.object(), T0, "tag");
        assertThat(Json.tree(plain).has("content_stamp")).isFalse();
        assertThat(Json.read(Json.write(plain), TriggerDispatch.class).contentStamp())
                .isNull();
    }
}
