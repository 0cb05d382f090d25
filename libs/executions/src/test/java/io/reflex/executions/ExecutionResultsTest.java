package io.reflex.executions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.model.RunnerType;
import io.reflex.core.store.StoreException;
import io.reflex.testing.InMemoryStateStore;
import io.reflex.testing.contract.StateStoreSamples;
import org.junit.jupiter.api.Test;

class ExecutionResultsTest {
    final InMemoryStateStore store = new InMemoryStateStore();
    final ExecutionResults results = new ExecutionResults(store, 100);

    private static Execution withResult(JsonNode result) {
        return Execution.request(
                        "e1",
                        ExecutionStatus.REQUESTED,
                        Timestamps.now(),
                        StateStoreSamples.actionSnapshot("core.local"),
                        RunnerType.named("local-shell-cmd"),
                        Json.object())
                .withResult(result);
    }

    @Test
    void aResultWithinTheLimitStaysInline() {
        JsonNode small = Json.object().put("stdout", "hi");
        assertThat(results.storable("e1", small)).isSameAs(small);
        assertThat(ExecutionResults.isOutOfLine(small)).isFalse();
        assertThat(results.whole("e1", small)).isSameAs(small);
    }

    @Test
    void aLargerResultIsStoredOutOfLineAndReadBackWhole() {
        JsonNode big = Json.object().put("stdout", "é".repeat(ExecutionResults.CHUNK_CHARS + 10));
        JsonNode stub = results.storable("e1", big);
        assertThat(ExecutionResults.isOutOfLine(stub)).isTrue();
        assertThat(stub.path("reflex_result").path("chunks").asInt()).isEqualTo(2);
        assertThat(stub.path("reflex_result").path("size").asLong()).isEqualTo(Json.writeBytes(big).length);
        Execution e = withResult(stub);
        Execution whole = results.withWholeResult(e);
        assertThat(whole.result()).isEqualTo(big);
        assertThat(whole.version()).as("a view of the same record").isEqualTo(e.version());
        assertThat(results.withWholeResult(withResult(Json.object()))).isNotNull();
    }

    @Test
    void aTamperedOrMissingChunkIsAnErrorNotAWrongResult() {
        JsonNode stub = results.storable("e2", Json.object().put("stdout", "x".repeat(500)));
        store.store(ExecutionResults.KIND)
                .save(new ExecutionResults.ResultChunk(
                        ExecutionResults.chunkId("e2", 0), "e2", 0, "{\"stdout\": \"y\"}"));
        assertThatThrownBy(() -> results.whole("e2", stub)).isInstanceOf(StoreException.class);
        assertThat(results.delete("e2")).isEqualTo(1);
        assertThatThrownBy(() -> results.whole("e2", stub)).isInstanceOf(StoreException.class);
    }
}
