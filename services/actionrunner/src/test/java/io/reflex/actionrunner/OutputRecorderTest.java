package io.reflex.actionrunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflex.core.messages.Channels;
import io.reflex.core.model.ExecutionOutput;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.core.store.Sort;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OutputRecorderTest {
    final Fakes fx = new Fakes();

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void linesAreStoredInOrderAnnouncedAndSecretsMasked() {
        try (OutputRecorder out = new OutputRecorder(
                fx.store.store(Kinds.EXECUTION_OUTPUT),
                fx.bus.log(Channels.EVENTS),
                Clock.systemUTC(),
                "e1",
                "p.a",
                "local-shell-cmd",
                List.of("s3cr3t-value"))) {
            for (int i = 0; i < 20; i++) {
                out.line(i % 2 == 0 ? "stdout" : "stderr", "line " + i + " s3cr3t-value\n");
            }
        }
        List<ExecutionOutput> stored = fx.store
                .store(Kinds.EXECUTION_OUTPUT)
                .find(Query.of(Filter.eq("execution_id", "e1")).sorted(Sort.by("timestamp")));
        assertThat(stored).hasSize(20);
        assertThat(stored.get(0).data()).isEqualTo("line 0 ********\n");
        assertThat(stored.get(1).outputType()).isEqualTo("stderr");
        assertThat(stored)
                .extracting(ExecutionOutput::data)
                .allSatisfy(d -> assertThat(d).doesNotContain("s3cr3t"));
        assertThat(stored.get(19).data()).startsWith("line 19 ");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> fx.events.stream()
                                .filter(e -> e.event().equals("st2.execution.output__create"))
                                .count()
                        == 20);
        assertThat(fx.events.stream()
                        .filter(e -> e.event().equals("st2.execution.output__create"))
                        .findFirst()
                        .orElseThrow()
                        .data()
                        .path("runner_ref")
                        .asText())
                .isEqualTo("local-shell-cmd");
    }
}
