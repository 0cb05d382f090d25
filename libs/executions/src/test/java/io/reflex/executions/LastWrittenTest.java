package io.reflex.executions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class LastWrittenTest {
    @Test
    void pastItsCapacityTheRecordUsedLeastRecentlyIsForgottenAndTheRestKept() {
        LastWritten<String> kept = new LastWritten<>(3);
        kept.put("a", "1");
        kept.put("b", "2");
        kept.put("c", "3");
        assertThat(kept.get("a")).isEqualTo("1"); // a is now the most recently used

        kept.put("d", "4");

        assertThat(kept.get("b")).as("least recently used").isNull();
        assertThat(kept.get("a")).isEqualTo("1");
        assertThat(kept.get("c")).isEqualTo("3");
        assertThat(kept.get("d")).isEqualTo("4");
    }

    @Test
    void removeComputeAndDefault() {
        LastWritten<List<String>> kept = new LastWritten<>(2);
        List<String> made = kept.computeIfAbsent("x", k -> new ArrayList<>());
        assertThat(kept.computeIfAbsent("x", k -> List.of("other"))).isSameAs(made);
        assertThat(kept.remove("x")).isSameAs(made);
        assertThat(kept.remove("x")).isNull();
        assertThat(kept.getOrDefault("x", List.of("fallback"))).containsExactly("fallback");
    }

    @Test
    void manyThreadsAtOnceNeverExceedTheCapacity() throws Exception {
        LastWritten<Integer> kept = new LastWritten<>(64);
        List<Future<?>> done = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < 16; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 1_000; i++) {
                        String id = thread + "-" + i;
                        kept.put(id, i);
                        kept.get(thread + "-" + (i / 2));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        int present = 0;
        for (int t = 0; t < 16; t++) {
            for (int i = 0; i < 1_000; i++) {
                present += kept.get(t + "-" + i) == null ? 0 : 1;
            }
        }
        assertThat(present).isEqualTo(64);
    }
}
